"""Benchmark of the search engine (not a test): p50 and p95 milliseconds per query.

Usage:
  DEBUG=true .venv/bin/python scripts/bench_search.py --articles 10000            # SQLite
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench DEBUG=true \\
      .venv/bin/python scripts/bench_search.py --articles 100000 --use-database-url

Builds a fresh SQLite database (or migrates the empty database of DATABASE_URL), imports
the seeds (for NATO and its aliases), then adds N synthetic published articles in English
and French (titles, summaries and bodies of a defence vocabulary; one in twenty linked to
NATO), written with bulk_create so that the database's own triggers fill the index. Each
query is then run R times as the API runs it (``articles.search.search_articles``: the
capped count and the first page of 20 ranked ids) and as the results page runs it
(``articles.search.search``: ranked page, snippets, facets, subjects, authors, entities).
Prints p50 and p95 in milliseconds, and the SQL queries of one results page, for one
word, two words, an entity alias and a French accented word.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS_EN = (  # noqa: SIM905
    "alliance alliances defence security deterrence summit treaty partner partners members "
    "frigate budget army navy industry strategy cooperation exercise missile capability "
    "Europe Ukraine Russia China Finland Sweden Baltic Pacific sanctions crisis forces"
).split()
WORDS_FR = (  # noqa: SIM905
    "alliance alliances défense sécurité dissuasion sommet traité partenaire partenaires "
    "membres frégate budget armée marine industrie stratégie coopération exercice missile "
    "capacité Europe Ukraine Russie Chine Finlande Suède Baltique Pacifique sanctions crise "
    "forces États-Unis élargissement"
).split()
QUERIES = {
    "one word": "alliance",
    "two words": "OTAN Ukraine",
    "entity alias": "Alliance atlantique",
    "French accented word": "sécurité",
}


def sentence(rng, words, length):
    return " ".join(rng.choice(words) for _ in range(length)).capitalize() + "."


def build(count: int, rng) -> None:
    from django.db import transaction

    from articles.models import Article
    from partnerships.models import Entity

    nato = Entity.objects.get(short_name="NATO")
    links = Article.entities.through
    batch = 2_000
    for start in range(0, count, batch):
        rows = []
        for number in range(start, min(start + batch, count)):
            french = number % 3 == 0
            words = WORDS_FR if french else WORDS_EN
            mention = rng.random() < 0.1
            title = sentence(rng, words, 7) + (" OTAN" if french and mention else "")
            rows.append(
                Article(
                    title=title[:500],
                    slug=f"bench-{number}",
                    language="fr" if french else "en",
                    summary=sentence(rng, words, 25),
                    body="\n\n".join(sentence(rng, words, 40) for _ in range(4)),
                    status=Article.Status.PUBLISHED,
                    published_on=None if number % 11 == 0 else _day(rng),
                )
            )
        with transaction.atomic():
            made = Article.objects.bulk_create(rows)
            if made and made[0].pk is None:  # backends that do not return keys
                made = list(Article.objects.filter(slug__in=[a.slug for a in rows]))
            links.objects.bulk_create(
                [links(article_id=a.pk, entity_id=nato.pk) for a in made if a.pk % 20 == 0]
            )
        print(f"\r{min(start + batch, count):,} articles", end="", flush=True)
    print()


def _day(rng):
    import datetime

    return datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(9_000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--use-database-url", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the articles already in the database"
    )
    options = parser.parse_args()

    if not options.use_database_url:
        folder = tempfile.mkdtemp(prefix="bench-search-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from articles.search import search, search_articles

    if not options.reuse:
        call_command("migrate", verbosity=0)
        call_command("import_seeds", "--publish", verbosity=0)
        started = time.perf_counter()
        build(options.articles, random.Random(10))
        print(f"built in {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE articles_article")
    total = Article.objects.published().count()
    print(f"{total:,} published articles, {connection.vendor}, {options.repeat} runs each")
    print(
        f"{'query':22} {'text':20} {'matches':>8} {'API p50':>8} {'API p95':>8} "
        f"{'page p50':>8} {'page p95':>8} {'SQL':>4}"
    )
    for label, text in QUERIES.items():
        api, page, matches = [], [], 0
        for _ in range(options.repeat):
            start = time.perf_counter()
            results = search_articles(Article.objects.published(), text)
            matches = results.count()
            list(results.values_list("pk", flat=True)[:20])
            api.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            search(text, {})
            page.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            search(text, {})
        print(
            f"{label:22} {text:20} {matches:8,} {_p(api, 50):8.1f} {_p(api, 95):8.1f} "
            f"{_p(page, 50):8.1f} {_p(page, 95):8.1f} {len(queries):4}"
        )


def _p(timings, percentile):
    if percentile == 50:
        return statistics.median(timings)
    return statistics.quantiles(timings, n=20)[-1]


if __name__ == "__main__":
    main()
