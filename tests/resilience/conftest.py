"""A real redis-server of the suite's own, on a free port, that a test can stop and start."""

import shutil
import socket
import subprocess
import time

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, executable: str, workdir):
        self.executable = executable
        self.workdir = workdir
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.executable,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path):
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.fail("redis-server is required (apt-get install -y redis-server)")
    server = RedisServer(executable, tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_cache(settings, redis_server):
    """The default cache is the resilient Redis backend on the suite's own redis-server."""
    from config import cache as cache_module

    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    cache_module.BREAKER.down_until = 0.0
    cache_module.BREAKER.last_logged = float("-inf")
    yield redis_server
    cache_module.BREAKER.down_until = 0.0
