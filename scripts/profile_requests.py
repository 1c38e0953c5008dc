"""Where the milliseconds of a request go, measured in-process (not a test).

Usage:
  .venv/bin/python scripts/profile_requests.py --database-url sqlite:////tmp/bench.sqlite3 \\
      [--round uncached|nocache|cached] [--only subject,article] [-n 200] [--profile 25]

It serves requests through the WSGI application the way gunicorn does (no test client), with
the benchmark server's settings (``scripts/bench_perf.py``: DEBUG off, locmem cache, page
cache on or off), on a database built by ``bench_perf.py --keep``. For each URL it prints the
CPU time per request (process time: what other programs on a shared machine do matters
less than with wall time), the same for a trivial WSGI handler (the floor) and for a Django
view that returns "ok" through the whole middleware stack, and, with ``--profile N``, the N
costliest functions under cProfile, and the time per middleware, SQL, template rendering and
serialisation.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ROUNDS = {
    "uncached": {"CACHE_URL": "locmemcache://", "PAGE_CACHE": "false"},
    "nocache": {"CACHE_URL": "dummycache://", "PAGE_CACHE": "false"},
    "cached": {"CACHE_URL": "locmemcache://", "PAGE_CACHE": "true"},
}


def environ_for(path: str) -> dict:
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_USER_AGENT": "wrk",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def call(app, path: str) -> tuple[str, bytes]:
    status = []

    def start_response(s, headers, exc_info=None):
        status.append(s)

    result = app(environ_for(path), start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return status[0], body


def per_request(app, path: str, n: int) -> float:
    """CPU seconds per request, the best of three runs of ``n``."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for _ in range(n):
            call(app, path)
        best = min(best, (time.process_time() - started) / n)
    return best


def bare(environ, start_response):
    body = b'{"ok": true}'
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--round", default="uncached", choices=ROUNDS)
    parser.add_argument("--only", default="home,subject,article,api_list")
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--profile", type=int, default=0, help="show the N costliest functions")
    parser.add_argument("--sort", default="cumulative")
    options = parser.parse_args()

    from scripts import bench_perf

    # The benchmark server's settings, with the round's cache.
    settings = {**ROUNDS[options.round], "DJANGO_SETTINGS_MODULE": "config.settings"}
    os.environ.update(bench_perf.server_env(options.database_url, settings.pop("CACHE_URL")))
    os.environ.update(settings)
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    paths = bench_perf.urls()
    names = options.only.split(",")
    print(f"round {options.round}; CPU µs per request (best of 3 × {options.n})")
    floor = per_request(bare, "/", options.n * 10)
    print(f"{'trivial WSGI handler':24} {floor * 1e6:9.0f}")
    for name in names:
        path = paths[name]
        status, body = call(app, path)
        for _ in range(3):
            call(app, path)  # warm: templates compiled, fragments cached
        seconds = per_request(app, path, options.n)
        print(f"{name:24} {seconds * 1e6:9.0f}  {status}  {len(body):7,} bytes  {path}")
        if options.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(options.n):
                call(app, path)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats(options.sort).print_stats(options.profile)
            print(out.getvalue())


if __name__ == "__main__":
    main()
