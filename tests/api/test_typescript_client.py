"""A TypeScript client, as the issue's client developer builds one: types generated from the
live ``/api/v1/schema/`` with openapi-typescript, a script written against them with
openapi-fetch (``tests/api/typescript/client.ts``), type-checked by ``tsc`` in strict mode
and run with node against the live test server. It pages the article list to the end,
filters by subject, reads a detail and follows the change feed; the test checks what it
printed.

The npm packages are pinned by ``tests/api/typescript/package-lock.json`` and installed with
``npm ci`` once per lock file (a stamp in ``node_modules`` remembers which; ``node_modules``
is ignored by git, ruff and pytest), under a file lock so that parallel workers install once.
Without node and npm the test is skipped on a developer's machine, and fails under CI
(``CI`` or ``REQUIRE_NODE=1``, which ``.ci/run`` sets), like the browser tests.
"""

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from articles.models import Article

from .conftest import PUBLIC_SLUGS, save_live_schema

PACKAGE = Path(__file__).with_name("typescript")
STAMP = PACKAGE / "node_modules" / ".installed-from-lock"


def _tools() -> tuple[str, str]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node and npm:
        return node, npm
    message = "node and npm are not on the PATH (Debian: apt-get install nodejs npm)"
    if os.environ.get("REQUIRE_NODE") == "1" or os.environ.get("CI", "") not in ("", "false"):
        pytest.fail(message + "; under CI that is a failure")
    pytest.skip(message)


def _npm_ci(npm: str) -> None:
    """``npm ci`` unless ``node_modules`` already holds this lock file's packages."""
    digest = hashlib.sha256((PACKAGE / "package-lock.json").read_bytes()).hexdigest()
    lock_path = (
        Path(tempfile.gettempdir()) / f"npm-ci-{hashlib.sha256(bytes(PACKAGE)).hexdigest()[:16]}"
    )
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if STAMP.exists() and STAMP.read_text() == digest:
            return
        run = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--prefer-offline"],
            cwd=PACKAGE,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        STAMP.write_text(digest)


@pytest.fixture(scope="session")
def typescript_client(live_server, tmp_path_factory, django_db_blocker):
    """The client script compiled against types generated from the live schema: a function
    that runs it with node and returns what it printed."""
    node, npm = _tools()
    _npm_ci(npm)
    folder = tmp_path_factory.mktemp("typescript-client")
    save_live_schema(live_server, django_db_blocker, folder)
    for name in ("client.ts", "tsconfig.json", "package.json"):
        shutil.copy(PACKAGE / name, folder / name)
    (folder / "node_modules").symlink_to(PACKAGE / "node_modules", target_is_directory=True)
    binaries = PACKAGE / "node_modules" / ".bin"
    steps = [
        [str(binaries / "openapi-typescript"), "schema.json", "--output", "schema.d.ts"],
        [str(binaries / "tsc"), "--project", "tsconfig.json"],  # strict; no output on error
    ]
    for command in steps:
        run = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
        assert run.returncode == 0, f"{command[0]}:\n{run.stdout}\n{run.stderr}"

    def run_client():
        with django_db_blocker.unblock():
            run = subprocess.run(
                [node, str(folder / "build" / "client.js"), live_server.url],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
        assert run.returncode == 0, run.stderr
        return json.loads(run.stdout)

    return run_client


def test_a_typescript_client_generated_from_the_schema_reads_the_catalogue(
    typescript_client, catalogue
):
    report = typescript_client()
    assert sorted(report["articles"]) == sorted(PUBLIC_SLUGS)
    assert len(report["articles"]) == len(PUBLIC_SLUGS)  # no page read twice
    assert set(report["alliances"]) == {"nato-summit", "finland-joins"}
    first = Article.objects.get(slug=report["articles"][0])
    detail = report["detail"]
    assert (detail["id"], detail["title"]) == (first.pk, first.title)
    assert detail["authors"] == [a.slug for a in first.ordered_authors]
    assert detail["etag"]
    # The factories write no article rows (the services do); the subjects, entities and
    # memberships they save are in the feed.
    changes = report["changes"]
    assert {kind for kind, _action, _slug in changes} >= {"topic", "entity", "membership"}
    assert {slug for kind, _action, slug in changes if kind == "topic"} >= {"alliances", "africa"}
