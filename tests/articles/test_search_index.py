"""The stored search index survives migrations that rebuild the articles table."""

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def search_page(client, q):
    return client.get("/en/search/", {"q": q})


@pytest.mark.skipif(connection.vendor != "sqlite", reason="table rebuilds happen on SQLite only")
def test_a_table_rebuild_that_dropped_the_triggers_is_repaired_by_migrate(client):
    # What Django's SQLite schema editor does when a migration alters articles_article:
    # the table is rebuilt, and its triggers go with the old one.
    with connection.cursor() as cursor:
        for name in ("articles_search_insert", "articles_search_update", "articles_search_delete"):
            cursor.execute(f"DROP TRIGGER {name}")
    ArticleFactory(published=True, title="Submarine procurement in Canberra", slug="aukus")

    call_command("migrate", verbosity=0)

    assert "aukus" in search_page(client, "Canberra").content.decode()
    ArticleFactory(published=True, title="Canberra and the Quad", slug="quad")
    assert "quad" in search_page(client, "Canberra").content.decode()
