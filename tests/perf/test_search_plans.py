"""On PostgreSQL with 20,000 articles, a search (the results page and the API's ``?q=``)
never reads the articles table whole: every query on it is planned on an index (the
newest-first index walked until the capped candidate set is full, the GIN index, the
primary key), whatever the kind of query. EXPLAIN shows no Seq Scan on articles_article.

PostgreSQL only: SQLite's planner is another program, and the point is production's plans.
"""

import random
from urllib.parse import urlencode

import pytest
from django.db import connection

from partnerships.models import EntityAlias
from scripts.bench_search import QUERIES, build
from tests.factories import EntityFactory
from tests.perf.test_plans import plans

ARTICLES = 20_000

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="plans of PostgreSQL, the production database"
)


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """20,000 articles (one in twenty linked to NATO) committed once for the module."""
    with django_db_blocker.unblock():
        nato = EntityFactory(
            name="North Atlantic Treaty Organization", short_name="NATO", slug="nato"
        )
        for name in ("OTAN", "Alliance atlantique"):
            EntityAlias.objects.create(entity=nato, name=name, language="fr")
        build(ARTICLES, random.Random(10))
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
            cursor.execute("ANALYZE")
            cursor.execute("RESET statement_timeout")
        yield
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE articles_article, partnerships_entity CASCADE")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/search/", "/api/v1/articles/"])
@pytest.mark.parametrize("text", list(QUERIES.values()), ids=list(QUERIES))
def test_search_never_scans_the_articles_table(corpus, client, path, text):
    checked = plans(client, f"{path}?{urlencode({'q': text})}")
    assert checked, "the search ran no query on articles_article"
    for sql, plan in checked:
        assert "Seq Scan on articles_article " not in plan + " ", f"{sql}\n{plan}"


@pytest.mark.django_db
def test_a_common_word_is_capped_not_counted(corpus, client):
    """Every article says "alliance": the page says how many it ranked, with a "+"."""
    from articles.search import CANDIDATES

    page = client.get("/en/search/", {"q": "alliance"}).content.decode()
    assert f"{CANDIDATES}+ articles" in page
