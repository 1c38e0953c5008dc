"""On PostgreSQL with 50,000 articles, no page or API list reads the articles table whole:
every query on it that a request runs is planned on an index (EXPLAIN shows no Seq Scan
on articles_article). One test per query shape (the URLs of scripts/bench_perf.py).

PostgreSQL only: SQLite's planner is another program, and the point is production's plans.
"""

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
