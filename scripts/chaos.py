"""Chaos run (not a test): gunicorn with 4 workers on PostgreSQL and Redis under load, then
Redis stopped for 10 s, then PostgreSQL stopped for 10 s; prints requests, answers by
status and p99 latency for each phase.

Everything runs on its own: a PostgreSQL cluster made with initdb and started with pg_ctl
on a free port (never the system's server), its own redis-server, its own gunicorn, in a
temporary folder removed at the end. Load comes from wrk (-c64) with a Lua script that
counts statuses; the URL mix is public pages and API reads, anonymous.

    .venv/bin/python scripts/chaos.py [--seconds 10] [--connections 64]

Goal: no 5xx while Redis is down, only 503s while PostgreSQL is down, everything back
to 200 afterwards without a restart.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = [
    "/en/",
    "/fr/",
    "/en/subjects/",
    "/en/partnerships/",
    "/api/v1/articles/",
    "/api/v1/topics/",
    "/api/v1/entities/",
]

LUA = r"""
local paths = {%(paths)s}
local threads = {}
local counter = 0
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do total[k] = (total[k] or 0) + v end
  end
  for k, v in pairs(total) do io.write(string.format("STATUS %%d %%d\n", k, v)) end
  io.write(string.format("REQUESTS %%d\n", summary.requests))
  io.write(string.format("P99 %%d\n", latency:percentile(99)))
  local e = summary.errors
  io.write(string.format("SOCKET %%d\n", e.connect + e.read + e.write + e.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


def warm_up(url: str) -> None:
    """One request per path before measuring (the workers import and connect lazily)."""
    for path in PATHS:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url + path, timeout=60) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        print(f"warm-up {path}: {status} in {time.monotonic() - started:.2f} s", flush=True)


def as_postgres(args: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class Postgres:
    def __init__(self, folder: Path):
        self.folder = folder / "pgdata"
        self.port = free_port()
        self.log = folder / "postgres.log"

    def init(self) -> None:
        self.folder.parent.chmod(0o777)
        subprocess.run(
            as_postgres(["initdb", "-D", str(self.folder), "-U", "postgres", "--auth=trust"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        subprocess.run(
            as_postgres(
                [
                    "pg_ctl",
                    "-D",
                    str(self.folder),
                    "-l",
                    str(self.log),
                    "-o",
                    options,
                    "-w",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        subprocess.run(
            as_postgres(["pg_ctl", "-D", str(self.folder), "-m", "fast", "-w", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
        )


class Redis:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


def run_wrk(url: str, seconds: int, connections: int, script: Path) -> dict:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
        + [url],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = {"statuses": {}, "requests": 0, "p99_ms": 0.0, "socket_errors": 0}
    if "REQUESTS" not in result.stdout:
        print(result.stdout, result.stderr, file=sys.stderr)
    for line in result.stdout.splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "STATUS":
            figures["statuses"][int(parts[1])] = int(parts[2])
        elif parts[0] == "REQUESTS":
            figures["requests"] = int(parts[1])
        elif parts[0] == "P99":
            figures["p99_ms"] = int(parts[1]) / 1000
        elif parts[0] == "SOCKET":
            figures["socket_errors"] = int(parts[1])
    return figures


def report(name: str, figures: dict) -> None:
    statuses = figures["statuses"]
    errors = {code: n for code, n in sorted(statuses.items()) if code >= 400}
    print(
        f"{name:<22} requests {figures['requests']:>7}   "
        f"statuses {dict(sorted(statuses.items()))}   errors {errors or '{}'}   "
        f"socket errors {figures['socket_errors']}   p99 {figures['p99_ms']:.0f} ms",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each phase")
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    for tool in ("wrk", "redis-server", "initdb", "pg_ctl"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is required")

    folder = Path(tempfile.mkdtemp(prefix="chaos-"))
    postgres, redis = Postgres(folder), Redis(folder)
    gunicorn = None
    try:
        postgres.init()
        postgres.start()
        redis.start()
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres", "chaos"],
            check=True,
        )
        env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": "chaos-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{postgres.port}/chaos",
            "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
            # The load comes from one address: the measure is of outages, not of throttling.
            "API_ANON_RATE": "100000000/minute",
            "LOG_LEVEL": "ERROR",
        }
        python = sys.executable
        for command in (
            ["migrate", "--no-input", "-v0"],
            ["collectstatic", "--no-input", "-v0"],
            ["import_seeds", "--publish", "-v0"],
        ):
            subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)
        port = free_port()
        gunicorn = subprocess.Popen(
            [python, "-m", "gunicorn", "config.wsgi", "--workers", "4", "--bind"]
            + [f"127.0.0.1:{port}", "--log-level", "error", "--timeout", "30"],
            cwd=ROOT,
            env=env,
            stderr=open(folder / "gunicorn.log", "w"),  # noqa: SIM115 - lives with the process
        )
        wait_for_port(port)
        warm_up(f"http://127.0.0.1:{port}")
        script = folder / "count.lua"
        script.write_text(LUA % {"paths": ", ".join(f'"{p}"' for p in PATHS)})
        url = f"http://127.0.0.1:{port}"
        seconds, connections = args.seconds, args.connections
        print(f"gunicorn 4 workers, wrk -c{connections}, {seconds} s per phase, {url}")

        report("healthy", run_wrk(url, seconds, connections, script))
        redis.stop()
        report("Redis down", run_wrk(url, seconds, connections, script))
        redis.start()
        report("Redis back", run_wrk(url, seconds, connections, script))
        postgres.stop()
        report("PostgreSQL down", run_wrk(url, seconds, connections, script))
        postgres.start()
        report("PostgreSQL back", run_wrk(url, seconds, connections, script))
    finally:
        log = folder / "gunicorn.log"
        if log.exists() and log.stat().st_size:
            print("gunicorn log (last lines):", *log.read_text().splitlines()[-15:], sep="\n")
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(30)
        redis.stop()
        postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
