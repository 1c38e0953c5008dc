"""Every PostgreSQL query is bounded by ``statement_timeout`` (DATABASE_STATEMENT_TIMEOUT_MS,
5 s by default), so a request its worker gave up on cannot leave a query running."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statement_timeout is a PostgreSQL setting"
)
ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import django, time
django.setup()
from django.db import OperationalError, connection
with connection.cursor() as cursor:
    cursor.execute("SHOW statement_timeout")
    print("timeout", cursor.fetchone()[0])
    start = time.monotonic()
    try:
        cursor.execute("SELECT pg_sleep(3)")
        print("not cut")
    except OperationalError as error:
        print("cut after", round(time.monotonic() - start, 1), type(error.__cause__).__name__)
"""


def database_url():
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


def run_probe(monkeypatch_env):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "DATABASE_URL": database_url(),
        **monkeypatch_env,
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.django_db
def test_the_default_timeout_is_five_seconds():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "5s"


@pytest.mark.django_db(transaction=True)
def test_the_environment_sets_the_timeout_and_a_long_query_is_cut():
    out = run_probe({"DATABASE_STATEMENT_TIMEOUT_MS": "300"})
    assert "timeout 300ms" in out
    assert "cut after 0.3 QueryCanceled" in out or "cut after 0.4 QueryCanceled" in out, out
