"""Benchmark of the site and the API served by gunicorn and driven by wrk (not a test).

Usage:
  DEBUG=true .venv/bin/python scripts/bench_perf.py                  # 10,000 articles, SQLite
  .venv/bin/python scripts/bench_perf.py --articles 1000000 \\
      --database-url postgres://postgres@127.0.0.1:5432/bench14 --connections 1 --threads 1

It builds the data set (articles with 1-3 authors, 1-3 subjects and 0-2 entities each, one
subject holding a quarter of the corpus; PostgreSQL is filled with COPY, SQLite with
executemany), then for each URL: the SQL queries of one request (in-process), EXPLAIN of
each query on the articles table (a full scan of it is flagged), and wrk's req/s and
p50/p95/p99 against gunicorn (2 sync workers, DEBUG off) with the page cache off
("uncached") and on ("cached"). A bare WSGI handler serving the API list's JSON from a file
is measured the same way, and each figure is printed as a share of it, next to the Wagtail
figures quoted in issue 14 (measured once on this machine, printed for reference only).
Absolute figures depend on the machine and on what else runs on it: compare ratios.
"""

import argparse
import base64
import datetime as dt
import io
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

#: Issue 14's Wagtail 8 figures (SQLite, 10,000 articles, wrk -t2 -c16 -d8s, uncached).
WAGTAIL = {"api_list": 24.0, "subject": 66.3, "article": 180.6}
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %.3f %.3f %.3f %.3f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.timeout, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3))
end
"""
BARE_HANDLER = """
import os
PATH = os.environ["BENCH_BARE_FILE"]
def application(environ, start_response):
    with open(PATH, "rb") as f:
        body = f.read()
    start_response("200 OK", [("Content-Type", "application/json"),
                              ("Content-Length", str(len(body)))])
    return [body]
"""
KINDS = ["analysis"] * 6 + ["news"] * 2 + ["fact_sheet", "blog_post", "media_mention", "interview"]
WORDS = [
    "alliance",
    "defence",
    "frigate",
    "treaty",
    "sanctions",
    "deterrence",
    "partnership",
    "summit",
    "Baltic",
    "Sahel",
    "Indo-Pacific",
    "drones",
    "budget",
    "procurement",
    "cyber",
    "nuclear",
    "Ukraine",
    "NATO",
    "Europe",
    "Africa",
]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_STATEMENT_TIMEOUT_MS"] = "0"  # the bulk load runs long statements
    import django

    django.setup()


def sentence(rng, n):
    return " ".join(rng.choices(WORDS, k=n))


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def insert_rows(connection, table, columns, rows, batch=20_000):
    """Rows into ``table``: COPY on PostgreSQL, executemany elsewhere."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(f'"{c}"' for c in columns)
            with cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                buffer = io.StringIO()
                for n, row in enumerate(rows, 1):
                    buffer.write("\t".join(_copy_value(v) for v in row) + "\n")
                    if n % batch == 0:
                        copy.write(buffer.getvalue())
                        buffer = io.StringIO()
                copy.write(buffer.getvalue())
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})'
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == batch:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


def drop_secondary_indexes(cursor, tables: list[str]) -> list[str]:
    """Drop every index and constraint of ``tables`` but their primary keys; return the
    statements that recreate them as they were.

    Why: kept row by row, the 20-odd indexes of the articles and link tables (the GIN
    search index above all) and the deferred foreign-key checks made a million-article
    COPY take 36 minutes; built once over the loaded rows, each index is one sort. The
    search vector itself is still computed by the table's trigger as each row is copied
    (no second pass rewriting every row). The definitions are read from the catalogue, so
    the rebuilt schema is the migrations' own (``test_bulk_fill_keeps_the_schema``).
    """
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
        FROM pg_constraint c
        WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('f', 'u', 'x')
        ORDER BY c.contype, c.conname
        """,
        [tables],
    )
    constraints = cursor.fetchall()
    for table, name, _, _ in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
        ORDER BY 1
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    # Unique constraints first (foreign keys may rest on them), foreign keys last.
    unique = [c for c in constraints if c[3] != "f"]
    foreign = [c for c in constraints if c[3] == "f"]
    return [definition for _, definition in indexes] + [
        f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d, _ in unique + foreign
    ]


def build(count: int, body_words: int = 250) -> None:
    """The seeds, then ``count`` synthetic articles, statistics and published counts."""
    from django.core.management import call_command
    from django.db import connection

    from articles.counts import recount_all

    call_command("migrate", verbosity=0)
    call_command("import_seeds", "--publish", verbosity=0)
    started = time.perf_counter()
    populate(count, body_words=body_words)
    print(f"inserted {count:,} articles in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    started = time.perf_counter()
    recount_all()
    print(f"published counts in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        # The counts tables just filled: without statistics, their plans are guesses.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def populate(count: int, seed: int = 14, body_words: int = 250) -> None:
    """Subjects, authors, publishers, entities, then ``count`` articles and their links,
    written straight into the tables (no signal, no count): also the test suite's corpus."""
    from django.db import connection, transaction

    from articles.models import Article, ArticleAuthor, Author, Publisher, Topic
    from partnerships.models import Entity

    rng = random.Random(seed)
    n_topics, n_authors, n_entities = 60, max(200, count // 200), 300
    Topic.objects.bulk_create(
        Topic(name=f"Subject {n}", name_fr=f"Sujet {n}", slug=f"bench-subject-{n}")
        for n in range(n_topics)
    )
    Author.objects.bulk_create(
        Author(name=f"Author {n}", slug=f"bench-author-{n}") for n in range(n_authors)
    )
    Publisher.objects.bulk_create(
        Publisher(name=f"Publisher {n}", slug=f"bench-publisher-{n}") for n in range(10)
    )
    Entity.objects.bulk_create(
        Entity(name=f"Entity {n}", slug=f"bench-entity-{n}", kind="organisation")
        for n in range(n_entities)
    )
    topics = list(Topic.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
    authors = list(Author.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
    publishers = list(
        Publisher.objects.filter(slug__startswith="bench-").values_list("pk", flat=True)
    )
    entities = list(Entity.objects.filter(slug__startswith="bench-").values_list("pk", flat=True))
    first = (Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    fields = [f for f in Article._meta.concrete_fields if not f.primary_key]
    columns = ["id"] + [f.column for f in fields]
    base = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)

    def articles():
        for n in range(count):
            dated = rng.random() > 0.05
            values = {
                "title": f"{sentence(rng, 6).capitalize()} {n}",
                "slug": f"bench-article-{n}",
                "kind": KINDS[n % len(KINDS)],
                "language": "fr" if n % 3 == 0 else "en",
                "summary": sentence(rng, 30),
                "body": sentence(rng, body_words),
                "published_on": (dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9400)))
                if dated
                else None,
                "status": "published" if rng.random() > 0.05 else "draft",
                "featured": n % 500 == 0,
                "publisher_id": rng.choice(publishers),
                "version": 1,
                "created_at": base + dt.timedelta(seconds=n),
                "updated_at": base + dt.timedelta(seconds=n),
            }
            row = [first + n]
            for f in fields:
                row.append(values[f.attname] if f.attname in values else f.get_default())
            yield row

    def links(kind):
        for n in range(count):
            pk = first + n
            if kind == "topic":
                # A quarter of the corpus in the first subject: the "large subject".
                chosen = {topics[0]} if rng.random() < 0.25 else set()
                chosen |= set(rng.sample(topics[1:], rng.randint(1, 2)))
            elif kind == "author":
                chosen = rng.sample(authors, rng.randint(1, 3))
            else:
                chosen = rng.sample(entities, rng.randint(0, 2))
            for position, other in enumerate(chosen):
                yield (pk, other, position) if kind == "author" else (pk, other)

    tables = [
        Article._meta.db_table,
        Article.topics.through._meta.db_table,
        ArticleAuthor._meta.db_table,
        Article.entities.through._meta.db_table,
    ]
    with transaction.atomic():
        restore = []
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = 0")  # a bulk load runs long
                cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
                restore = drop_secondary_indexes(cursor, tables)
        insert_rows(connection, tables[0], columns, articles())
        insert_rows(connection, tables[1], ["article_id", "topic_id"], links("topic"))
        insert_rows(connection, tables[2], ["article_id", "author_id", "position"], links("author"))
        insert_rows(connection, tables[3], ["article_id", "entity_id"], links("entity"))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                started = time.perf_counter()
                for statement in restore:
                    cursor.execute(statement)
                if count >= 100_000:
                    print(
                        f"recreated {len(restore)} indexes and constraints in "
                        f"{time.perf_counter() - started:.0f} s",
                        flush=True,
                    )
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                    [Article._meta.db_table, first + count],
                )


def urls() -> dict[str, str]:
    from articles.models import Article, Author, Publisher, Topic

    published = Article.objects.published()
    article = published.filter(slug__startswith="bench-").order_by("-pk")[100]
    big = Topic.objects.get(slug="bench-subject-0")
    author = Author.objects.filter(slug__startswith="bench-").order_by("pk").first()
    publisher = Publisher.objects.filter(slug__startswith="bench-").order_by("pk").first()
    deep = published.order_by("pk").values_list("pk", flat=True)[published.count() // 2]
    cursor = base64.urlsafe_b64encode(f"p={deep}".encode()).decode()
    return {
        "home": "/en/",
        "subject list": "/en/subjects/",
        "subject": f"/en/subjects/{big.slug}/",
        "subject facets": f"/en/subjects/{big.slug}/?kind=analysis&language=en",
        "subject page 50": f"/en/subjects/{big.slug}/?page=50",
        "catalogue oldest": "/en/articles/?sort=oldest",
        "article": f"/en/articles/{article.slug}/",
        "author": f"/en/authors/{author.slug}/",
        "publisher": f"/en/publishers/{publisher.slug}/",
        "partnerships": "/en/partnerships/",
        "partnership": "/en/partnerships/bench-entity-0/",
        "search": "/en/search/?q=frigate",
        "api_list": "/api/v1/articles/",
        "api subject": f"/api/v1/articles/?subject={big.slug}",
        "api author": f"/api/v1/articles/?author={author.slug}",
        "api entity": "/api/v1/articles/?entity=bench-entity-0",
        "api year": "/api/v1/articles/?published_after=2015-01-01&published_before=2015-12-31",
        "api search": "/api/v1/articles/?q=frigate",
        "api page 400": "/api/v1/articles/?page=400",
        "api deep cursor": f"/api/v1/articles/?cursor={cursor}",
        "api detail": f"/api/v1/articles/{article.slug}/",
        "api topics": "/api/v1/topics/",
        "api authors": "/api/v1/authors/",
        "api publishers": "/api/v1/publishers/",
        "api entities": "/api/v1/entities/",
    }


def explain(connection, name, queries, slower_than_ms: float) -> None:
    """Each query of one request with its time; the plan (EXPLAIN ANALYZE, BUFFERS) of
    those slower than ``slower_than_ms``: where a slow URL spends its time."""
    print(f"\n== {name}: {len(queries)} queries", flush=True)
    for query in queries:
        sql, ms = query["sql"], 1000 * float(query["time"])
        print(f"  {ms:8.1f} ms  {sql[:160]}")
        if ms < slower_than_ms or not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            for row in cursor.fetchall():
                print("      " + row[0])


def inspect(paths: dict[str, str], slower_than_ms=None) -> dict[str, tuple[int, str]]:
    """SQL queries of one uncached request per URL, and whether a query scans articles."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    found = {}
    for name, path in paths.items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        scans = []
        for query in queries.captured_queries:
            sql = query["sql"]
            if '"articles_article"' not in sql or not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("EXPLAIN " + sql)
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                    if "Seq Scan on articles_article" in plan:
                        scans.append(sql[:200])
                else:
                    cursor.execute("EXPLAIN QUERY PLAN " + sql)
                    plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
                    if re.search(r"\bSCAN articles_article\b(?! USING)", plan):
                        scans.append(sql[:200])
        status = str(response.status_code)
        found[name] = (len(queries), status, scans)
        if slower_than_ms is not None and connection.vendor == "postgresql":
            explain(connection, name, queries.captured_queries, slower_than_ms)
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, app: str, env: dict, workers: int = 2):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                app,
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn for {app} did not start")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk(url, options, script):
    result = subprocess.run(
        [
            "/usr/bin/wrk",
            f"-t{options.threads}",
            f"-c{options.connections}",
            f"-d{options.duration}s",
            "--timeout",
            "10s",
            "-s",
            script,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    if "--debug-wrk" in sys.argv:
        print(result.stdout, result.stderr)
    line = next(li for li in result.stdout.splitlines() if li.startswith("BENCH "))
    requests, errors, seconds, p50, p95, p99 = (float(x) for x in line.split()[1:])
    return requests / seconds, p50, p95, p99, int(errors)


def server_env(database_url, cache_url):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        CACHE_URL=cache_url,
        DEBUG="false",
        SECRET_KEY="bench-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        API_ANON_RATE="1000000000/s",
        DATABASE_STATEMENT_TIMEOUT_MS="5000",
        LOG_LEVEL="ERROR",
    )
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default SQLite)")
    parser.add_argument("--reuse", action="store_true", help="skip building: data is there")
    parser.add_argument("--build-only", action="store_true", help="build the data set and stop")
    parser.add_argument(
        "--explain",
        type=float,
        metavar="MS",
        help="print each URL's queries and EXPLAIN ANALYZE of those slower than MS, then stop",
    )
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--only", help="comma-separated URL names to measure")
    parser.add_argument("--no-cached", action="store_true", help="skip the cached round")
    parser.add_argument(
        "--rounds",
        default="uncached,cached",
        help="comma-separated rounds among uncached (page cache off, per-object caches on), "
        "nocache (no cache at all) and cached (page cache on)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file and folder")
    parser.add_argument("--debug-wrk", action="store_true")
    parser.add_argument("--body-words", type=int, default=250)
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-perf-"))
    database_url = options.database_url or f"sqlite:///{folder}/bench.sqlite3"
    setup_django(database_url)
    from django.db import connection

    if not options.reuse:
        build(options.articles, options.body_words)
    if options.build_only:
        return
    paths = urls()
    if options.only:
        paths = {k: v for k, v in paths.items() if k in options.only.split(",")}
    found = inspect(paths, options.explain)
    if options.explain is not None:
        return
    env = server_env(database_url, "dummycache://")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    script = folder / "report.lua"
    script.write_text(WRK_SCRIPT)

    # The bare handler serves the API list's JSON, read from a file on every request.
    from django.test import Client

    bare_file = folder / "api_list.json"
    bare_file.write_bytes(Client().get("/api/v1/articles/").content)
    bare_env = dict(os.environ, BENCH_BARE_FILE=str(bare_file), PYTHONPATH=str(folder))
    (folder / "bench_bare.py").write_text(BARE_HANDLER)
    bare = Server("bench_bare:application", bare_env)
    try:
        bare_rps, *_ = wrk(f"http://127.0.0.1:{bare.port}/", options, str(script))
    finally:
        bare.stop()
    print(
        f"\n{connection.vendor}, {options.articles:,} articles, gunicorn 2 sync workers, "
        f"wrk -t{options.threads} -c{options.connections} -d{options.duration}s; "
        f"bare WSGI handler: {bare_rps:,.0f} req/s; load average {os.getloadavg()}"
    )
    # "uncached": the page cache off, the per-object caches (cards, article parts, API
    # items, keyed by article version) on, as issue 14 allows; "nocache": no cache at all
    # (every fragment rendered on every request); "cached": the page cache on.
    settings_of = {
        "uncached": {"CACHE_URL": "locmemcache://", "PAGE_CACHE": "false"},
        "nocache": {"CACHE_URL": "dummycache://", "PAGE_CACHE": "false"},
        "cached": {"CACHE_URL": "locmemcache://", "PAGE_CACHE": "true"},
    }
    names = options.rounds.split(",")
    if options.no_cached and "cached" in names:
        names.remove("cached")
    rounds = [(name, settings_of[name]) for name in names]
    header = (
        f"{'url':18} {'round':8} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'err':>4} {'SQL':>3} {'% bare':>6} {'÷ Wagtail':>9}  scans of articles_article"
    )
    print(header)
    for label, overrides in rounds:
        env = server_env(database_url, overrides["CACHE_URL"])
        env["PAGE_CACHE"] = overrides["PAGE_CACHE"]
        server = Server("config.wsgi:application", env)
        try:
            for name, path in paths.items():
                url = f"http://127.0.0.1:{server.port}{path}"
                # Warm both workers (the first request of a worker imports and compiles
                # the URLconf, templates and translations: seconds on a loaded machine).
                for _ in range(4):
                    subprocess.run(["curl", "-s", "-m", "60", "-o", "/dev/null", url], check=False)
                rps, p50, p95, p99, errors = wrk(url, options, str(script))
                queries, status, scans = found[name]
                wagtail = WAGTAIL.get(name) if label in ("uncached", "nocache") else None
                ratio = f"{rps / wagtail:9.2f}" if wagtail else f"{'':9}"
                print(
                    f"{name:18} {label:8} {rps:8.1f} {p50:7.1f} {p95:7.1f} {p99:7.1f} "
                    f"{errors:4d} {queries:3d} {100 * rps / bare_rps:5.1f}% {ratio}  "
                    f"{'none' if not scans else 'SEQ SCAN: ' + scans[0]}"
                    + ("" if status == "200" else f"  (status {status})"),
                    flush=True,
                )
        finally:
            server.stop()
    print(f"load average at the end: {os.getloadavg()}")
    print(
        "\nWagtail reference (issue 14, SQLite, 10,000 articles, uncached): " + json.dumps(WAGTAIL)
    )
    if options.keep:
        print(f"kept {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
