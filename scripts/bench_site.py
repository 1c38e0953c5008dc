"""Benchmark of the public pages and the API (not a test): requests/s and SQL queries.

Usage: DEBUG=true .venv/bin/python scripts/bench_site.py [--articles N] [--requests R]
Builds a fresh SQLite database (or uses DATABASE_URL when --use-database-url is given),
imports the seeds plus N synthetic published listing items, then requests each page R
times through Django's test client (in-process: it measures the application, not a web
server) as an anonymous reader, first with the page cache cold on every request, then
warm. Prints requests/s, mean milliseconds and the number of SQL queries of one request.
The figures are comparable run to run on one machine, e.g. against a Wagtail site
serving the same articles measured the same way.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.bench_import import synthetic_listing  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--use-database-url", action="store_true")
    options = parser.parse_args()

    if not options.use_database_url:
        folder = tempfile.mkdtemp(prefix="bench-site-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, Topic
    from partnerships.models import Entity
    from seeds.services import import_documents, load_document

    call_command("migrate", verbosity=0)
    call_command("import_seeds", "--publish", verbosity=0)
    listing = load_document("bench_listing.txt", synthetic_listing(options.articles).encode())
    import_documents([listing], publish=True)

    article = Article.objects.published().order_by("pk").first()
    topic = Topic.objects.order_by("pk").first()
    entity = Entity.objects.filter(short_name="NATO").first() or Entity.objects.first()
    urls = [
        "/en/",
        "/en/subjects/",
        f"/en/subjects/{topic.slug}/",
        f"/en/articles/{article.slug}/",
        "/en/partnerships/",
        f"/en/partnerships/{entity.slug}/",
        "/en/search/?q=OTAN",
        "/en/feeds/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/api/v1/articles/",
        "/api/v1/articles/?page_size=100",
        f"/api/v1/articles/{article.slug}/",
        "/api/v1/entities/",
    ]
    client = Client()
    print(f"{Article.objects.published().count():,} published articles, {connection.vendor}")
    print(f"{'page':45} {'queries':>7} {'cold req/s':>10} {'cold ms':>8} {'warm req/s':>10}")
    for url in urls:
        cache.clear()
        reset_queries()  # the import filled the bounded query log; count from empty
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        count = len(queries)  # now: every request resets the query log
        start = time.perf_counter()
        for _ in range(options.requests):
            cache.clear()
            client.get(url)
        cold = (time.perf_counter() - start) / options.requests
        client.get(url)
        start = time.perf_counter()
        for _ in range(options.requests):
            client.get(url)
        warm = (time.perf_counter() - start) / options.requests
        print(f"{url[:45]:45} {count:7d} {1 / cold:10.0f} {cold * 1000:8.1f} {1 / warm:10.0f}")


if __name__ == "__main__":
    main()
