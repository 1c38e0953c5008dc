"""On PostgreSQL with 50,000 articles, no page or API list reads the articles table whole:
every query on it that a request runs is planned on an index (EXPLAIN shows no Seq Scan
on articles_article). One test per query shape (the URLs of scripts/bench_perf.py).

PostgreSQL only: SQLite's planner is another program, and the point is production's plans.
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.paging import CappedPaginator
from scripts.bench_perf import populate, urls

ARTICLES = 50_000
SHAPES = [
    "home",
    "subject",
    "subject facets",
    "subject page 50",
    "catalogue oldest",
    "article",
    "author",
    "publisher",
    "partnership",
    "api_list",
    "api subject",
    "api author",
    "api entity",
    "api year",
    "api page 400",
    "api deep cursor",
    "api detail",
    "api topics",
    "api authors",
    "api publishers",
]
#: Lists of subjects, authors and publishers read the counts kept in their own columns:
#: they must not touch the articles table at all.
NO_ARTICLES = {"api topics", "api authors", "api publishers"}

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="plans of PostgreSQL, the production database"
)


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """50,000 articles committed once for the module (and removed after it)."""
    from articles.counts import recount_all

    with django_db_blocker.unblock():
        populate(ARTICLES, body_words=80)
        recount_all()
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
            cursor.execute("ANALYZE")
            cursor.execute("RESET statement_timeout")
        yield urls()
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE articles_article, articles_topic, articles_author, "
                "articles_publisher, partnerships_entity CASCADE"
            )


def plans(client, path):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    found = []
    for query in queries.captured_queries:
        sql = query["sql"]
        if '"articles_article"' in sql and sql.lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql)
                found.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("shape", SHAPES)
def test_no_query_scans_the_articles_table(corpus, client, monkeypatch, shape):
    # The count cap in proportion: 10,000 of a million articles is 500 of these 50,000.
    monkeypatch.setattr(CappedPaginator, "cap", 500)
    checked = plans(client, corpus[shape])
    if shape in NO_ARTICLES:
        assert not checked, checked[0][0]
        return
    assert checked, "the request ran no query on articles_article"
    for sql, plan in checked:
        assert "Seq Scan on articles_article" not in plan, f"{sql}\n{plan}"


@pytest.mark.django_db
def test_the_regular_recount_reads_the_articles_table_on_indexes(corpus):
    """``recount_published`` between two runs: the articles that came due, found on the
    publication and expiry indexes, and their cells recounted, none by a full scan."""
    import datetime

    from django.utils import timezone

    from articles.counts import recount_scheduled
    from articles.models import Article, CountsCheckpoint

    now = timezone.now()
    CountsCheckpoint.objects.create(counted_until=now - datetime.timedelta(minutes=10))
    due = list(Article.objects.published().order_by("-pk").values_list("pk", flat=True)[:3])
    Article.objects.filter(pk__in=due[:2]).update(publish_at=now - datetime.timedelta(minutes=5))
    Article.objects.filter(pk=due[2]).update(expire_at=now - datetime.timedelta(minutes=1))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    with CaptureQueriesContext(connection) as queries:
        assert recount_scheduled(now=now) == 3
    for query in queries.captured_queries:
        sql = query["sql"]
        if '"articles_article"' in sql and sql.lstrip().upper().startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            # The articles table itself (a link table's scan, at 50,000 rows, is the
            # planner's cheapest way to join a few hundred articles).
            assert not re.search(r"Seq Scan on articles_article\s", plan), f"{sql}\n{plan}"
