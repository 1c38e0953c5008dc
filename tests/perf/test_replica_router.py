"""Read replicas, for real: the test starts its own PostgreSQL primary and a streaming
replica made by ``pg_basebackup`` (each on a free port), points ``DATABASE_URL`` and
``DATABASE_REPLICA_URLS`` at them, and checks in a Django process that anonymous reads go to
the replica, writes to the primary, and a client that just wrote reads from the primary.

Skipped where PostgreSQL's server binaries are not installed.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
pytestmark = pytest.mark.skipif(not BINARIES, reason="PostgreSQL server binaries not installed")

PROBE = """
import time
import django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from articles.models import Topic
from config import db_router

call_command("migrate", verbosity=0)
with CaptureQueriesContext(connections["default"]) as primary:
    Topic.objects.create(name="Replicated", slug="replicated")
print("write on primary", any("INSERT" in q["sql"] for q in primary.captured_queries))
db_router.unpin()  # what the middleware does at the start of the next request
deadline = time.time() + 60
while not Topic.objects.using("replica_1").filter(slug="replicated").exists():
    assert time.time() < deadline, "the replica never caught up"
    time.sleep(0.2)

def reads(client, method="get"):
    with CaptureQueriesContext(connections["replica_1"]) as replica, \\
            CaptureQueriesContext(connections["default"]) as primary:
        response = getattr(client, method)("/api/v1/topics/replicated/")
    return response, len(replica), len(primary)

response, on_replica, on_primary = reads(Client())
print("anonymous read", response.status_code, on_replica > 0, on_primary)
response, on_replica, on_primary = reads(Client(), "post")
print("post pins", response.cookies.get("primary_pin") is not None)
client = Client()
client.cookies["primary_pin"] = "1"
response, on_replica, on_primary = reads(client)
print("after a write", response.status_code, on_replica, on_primary > 0)
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(*command, **kwargs):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=True, capture_output=True, **kwargs)


@pytest.fixture
def cluster():
    bin_dir = Path(BINARIES[-1]).parent
    folder = Path(tempfile.mkdtemp(prefix="replica-test-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    primary, replica = folder / "primary", folder / "replica"
    ports = free_port(), free_port()
    started = []
    try:
        as_postgres(str(bin_dir / "initdb"), "-D", str(primary), "-U", "postgres", "-A", "trust")
        settings = (
            f"\nport = {ports[0]}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{folder}'\nwal_level = replica\nmax_wal_senders = 4\n"
            "fsync = off\n"
        )
        as_postgres("sh", "-c", f'printf "{settings}" >> {primary}/postgresql.conf')
        as_postgres(
            str(bin_dir / "pg_ctl"), "-D", str(primary), "-l", f"{folder}/p.log", "-w", "start"
        )
        started.append(primary)
        as_postgres(
            str(bin_dir / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(ports[0]),
            "-U",
            "postgres",
            "cms",
        )
        as_postgres(
            str(bin_dir / "pg_basebackup"),
            "-h", "127.0.0.1", "-p", str(ports[0]), "-U", "postgres",
            "-D", str(replica), "-R", "-X", "stream",
        )  # fmt: skip
        as_postgres("sh", "-c", f'printf "\\nport = {ports[1]}\\n" >> {replica}/postgresql.conf')
        as_postgres(
            str(bin_dir / "pg_ctl"), "-D", str(replica), "-l", f"{folder}/r.log", "-w", "start"
        )
        started.append(replica)
        yield [f"postgres://postgres@127.0.0.1:{port}/cms" for port in ports]
    finally:
        for data in reversed(started):
            as_postgres(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def test_reads_go_to_the_replica_and_writes_to_the_primary(cluster):
    primary, replica = cluster
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "DATABASE_URL": primary,
        "DATABASE_REPLICA_URLS": replica,
        "CACHE_URL": "dummycache://",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "write on primary True" in out, out
    assert "anonymous read 200 True 0" in out, out
    assert "post pins True" in out, out
    assert "after a write 200 0 True" in out, out
