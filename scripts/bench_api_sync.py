"""Benchmark of API synchronisation (not a test): what a client pays to hold the catalogue.

Usage: DEBUG=true .venv/bin/python scripts/bench_api_sync.py [--articles N] [--edits E]
       [--detail-sample S]
Builds a fresh SQLite database (or uses DATABASE_URL with --use-database-url) holding N
published articles with bodies (default 10,000), then, through Django's test client
(in-process: it measures the application, not a web server), as an anonymous client:

1. before: a full harvest as the API allowed it before: list pages of ids, then one detail
   request per article for its body (with ``--detail-sample S``: S detail requests, evenly
   spread, timed and extrapolated to all N; the output says so);
2. after: a full harvest in list requests only (``?cursor=&page_size=100&include=body``);
3. a change-feed sync after E edits made through the services (default 100): follow
   ``/api/v1/changes/?since=<cursor>&include=body`` from the cursor taken before the edits.

Prints requests, seconds and bytes (of the JSON bodies) for each, and the machine's load
average (``os.getloadavg``) at the start and the end: the figures are wall-clock times.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--use-database-url", action="store_true")
    parser.add_argument(
        "--detail-sample",
        type=int,
        default=0,
        help="time this many detail requests and extrapolate to all (0: request them all)",
    )
    options = parser.parse_args()

    if not options.use_database_url:
        folder = tempfile.mkdtemp(prefix="bench-sync-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Throttling is not what is measured here.
    os.environ.setdefault("API_ANON_RATE", "100000000/hour")
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client

    from articles.models import Article, Publisher
    from articles.roles import EDITORS
    from articles.services import article_save
    from tests.factories import UserFactory

    call_command("migrate", verbosity=0)
    publisher = Publisher.objects.create(name="Bench", slug="bench")
    body = "A paragraph of analysis about alliances and deterrence. " * 60  # ~3.4 kB
    Article.objects.bulk_create(
        Article(
            title=f"Analysis {n}",
            slug=f"analysis-{n}",
            summary="What it argues.",
            body=body,
            status=Article.Status.PUBLISHED,
            publisher=publisher,
        )
        for n in range(options.articles)
    )
    client = Client(HTTP_ACCEPT_ENCODING="identity")

    def walk(url):
        requests = size = 0
        items = []
        while url:
            response = client.get(url)
            assert response.status_code == 200, response.content[:300]
            requests += 1
            size += len(response.content)
            page = response.json()
            items.extend(page["results"])
            url = page.get("next")
        return items, requests, size

    print(f"{options.articles} published articles with bodies of {len(body)} characters")
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))

    started = time.perf_counter()
    listed, requests, size = walk("/api/v1/articles/?cursor=&page_size=100&fields=id")
    list_seconds = time.perf_counter() - started
    sample = listed
    if 0 < options.detail_sample < len(listed):
        step = len(listed) / options.detail_sample
        sample = [listed[int(n * step)] for n in range(options.detail_sample)]
    started = time.perf_counter()
    detail_size = 0
    for item in sample:
        response = client.get(f"/api/v1/articles/{item['id']}/")
        assert response.status_code == 200
        detail_size += len(response.content)
    detail_seconds = time.perf_counter() - started
    scale = len(listed) / len(sample)
    before = list_seconds + detail_seconds * scale
    requests += len(listed)
    size += detail_size * scale
    note = "" if scale == 1 else f" (details: {len(sample)} timed, extrapolated x{scale:.0f})"
    print(
        f"before  full harvest, one detail per body: {requests:6d} requests "
        f"{before:7.1f} s {size / 1e6:8.1f} MB{note}"
    )

    started = time.perf_counter()
    harvested, requests, size = walk("/api/v1/articles/?cursor=&page_size=100&include=body")
    after = time.perf_counter() - started
    assert len(harvested) == options.articles and all(item["body"] for item in harvested)
    print(
        f"after   full harvest, lists with bodies:   {requests:6d} requests "
        f"{after:7.1f} s {size / 1e6:8.1f} MB"
    )

    # The feed's end as a client that synced before the edits holds it.
    tail = client.get("/api/v1/changes/?page_size=1000")
    cursor = tail.json()["next_cursor"]
    while tail.json()["has_more"]:
        tail = client.get(f"/api/v1/changes/?page_size=1000&since={cursor}")
        cursor = tail.json()["next_cursor"]
    editor = UserFactory(username="bench-editor")
    editor.groups.add(Group.objects.get(name=EDITORS))
    for article in Article.objects.order_by("pk")[: options.edits]:
        article.title = f"{article.title} (revised)"
        article_save(article=article, user=editor, expected_version=article.version)
    started = time.perf_counter()
    changes, requests, size = walk(f"/api/v1/changes/?since={cursor}&include=body")
    elapsed = time.perf_counter() - started
    edited = [c for c in changes if c["type"] == "article"]
    assert len(edited) == options.edits and all(c["article"]["body"] for c in edited)
    print(
        f"sync    change feed after {options.edits} edits:    {requests:6d} requests "
        f"{elapsed:7.2f} s {size / 1e3:8.1f} kB ({len(changes)} rows)"
    )
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
