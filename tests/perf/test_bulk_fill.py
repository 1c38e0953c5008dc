"""The benchmark's bulk fill drops the articles tables' indexes and constraints to COPY a
million rows in minutes; afterwards the schema must be the migrations' own, or every plan
measured on that data set (and the plan tests built on ``populate``) would be measuring
another database.

PostgreSQL only: SQLite's fill inserts into the tables as they are.
"""

import pytest
from django.db import IntegrityError, connection, transaction

from articles.models import Article
from scripts.bench_perf import populate

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL fill"),
    pytest.mark.django_db(transaction=True),
]

SCHEMA = """
SELECT 'index', indexrelid::regclass::text, pg_get_indexdef(indexrelid)
FROM pg_index WHERE indrelid::regclass::text LIKE 'articles_%%'
UNION ALL
SELECT 'constraint', conname, pg_get_constraintdef(oid) || ' ' || convalidated::text
FROM pg_constraint WHERE conrelid::regclass::text LIKE 'articles_%%'
UNION ALL
SELECT 'trigger', tgrelid::regclass::text || ' ' || tgenabled::text,
       regexp_replace(pg_get_triggerdef(oid), '_[0-9]+"', '"')
FROM pg_trigger WHERE tgrelid::regclass::text LIKE 'articles_%%'
"""


def schema():
    with connection.cursor() as cursor:
        cursor.execute(SCHEMA)
        return sorted(cursor.fetchall())


def test_bulk_fill_keeps_the_schema_and_fills_the_search_vector():
    before = schema()
    assert any(row[1] == "articles_article_search_gin" for row in before)

    populate(300, body_words=20)

    assert schema() == before
    bench = Article.objects.filter(slug__startswith="bench-article-")
    assert bench.count() == 300
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM articles_article "
            "WHERE slug LIKE 'bench-article-%%' AND search_vector IS NULL"
        )
        assert cursor.fetchone()[0] == 0
    # The recreated foreign keys are checked ones: a link to no article is refused.
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_article_topics (article_id, topic_id) "
            "SELECT -1, id FROM articles_topic LIMIT 1"
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
