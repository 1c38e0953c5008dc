"""Settings come from the environment; production refuses to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    ignored = {"DEBUG", "SECRET_KEY", "REDIS_URL", "CACHE_URL", "SECURE_SSL_REDIRECT"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-real-secret-" + "x" * 50,
    "ALLOWED_HOSTS": "analysis.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
}


def test_production_passes_deploy_checks_with_a_key_and_hosts():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_stays_clean_behind_a_proxy_that_redirects_to_https():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, SECURE_SSL_REDIRECT="false"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_warns_about_a_per_process_cache():
    production = {k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production)
    assert result.returncode != 0
    assert "config.W001" in result.stderr and "per process (LocMemCache)" in result.stderr


def test_development_runs_with_no_variable_but_debug():
    result = run_manage("check", DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_a_redis_url_gives_the_cache_that_survives_a_redis_outage():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        DEBUG="true",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert result.stdout.strip().splitlines()[-1] == "config.cache.ResilientRedisCache"
