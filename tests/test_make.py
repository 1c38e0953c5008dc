"""What the Makefile promises a newcomer: `make run` serves where HOST says and prints that
address; the README's management commands work from a fresh clone without exporting DEBUG."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_make_run_passes_host_to_the_printed_url_and_the_server():
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    result = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0:8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert 'create_demo_editor --address "0.0.0.0:8123"' in result.stdout
    assert 'runserver "0.0.0.0:8123"' in result.stdout


def test_readme_commands_work_with_the_dotenv_and_no_exported_debug(tmp_path):
    """A copy of the project with only a .env (as `make run` writes it): manage.py starts."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "node_modules", "db.sqlite3", "*.pyc", "__pycache__"
        ),
    )
    (copy / ".env").unlink(missing_ok=True)
    make = subprocess.run(["make", "-s", ".env"], cwd=copy, capture_output=True, text=True)
    assert make.returncode == 0, make.stderr
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
