"""The database away: a branded 503 page (problem+json on the API) with Retry-After, and
the site answers normally again as soon as it is back, by itself."""

import json
import threading

import pytest
from django.db import connection, transaction

from articles.models import Article
from tests.factories import ArticleFactory
from tests.resilience.conftest import free_port

pytestmark = pytest.mark.django_db(transaction=True)


class DatabaseAway:
    """Make the database unreachable for this process, for real.

    PostgreSQL: the connection is closed and pointed at a port where nothing listens.
    SQLite (the suite's shared in-memory database cannot be closed): another connection
    holds an uncommitted write on the articles table, which locks it for every reader
    ("database table is locked"), as a stuck writer would.
    """

    def __init__(self):
        self.release = threading.Event()
        self.holding = threading.Event()
        self.saved_port = None

    def _hold_lock(self):
        from django.db import connections

        try:
            with transaction.atomic():
                Article.objects.update(title="Being rewritten")
                self.holding.set()
                self.release.wait(30)
                transaction.set_rollback(True)
        finally:
            connections.close_all()

    def __enter__(self):
        if connection.vendor == "postgresql":
            self.saved_port = connection.settings_dict["PORT"]
            connection.close()
            connection.settings_dict["PORT"] = str(free_port())
        else:
            self.thread = threading.Thread(target=self._hold_lock)
            self.thread.start()
            assert self.holding.wait(10)
        return self

    def __exit__(self, *exc):
        if connection.vendor == "postgresql":
            connection.close()
            connection.settings_dict["PORT"] = self.saved_port
        else:
            self.release.set()
            self.thread.join(10)


def test_database_down_answers_503_with_retry_after_then_recovers(client):
    ArticleFactory(published=True, slug="summit", title="The summit")
    assert client.get("/fr/articles/summit/").status_code == 200
    with DatabaseAway():
        page = client.get("/fr/articles/summit/?again=1")
        api = client.get("/api/v1/articles/")
    assert page.status_code == 503
    assert int(page["Retry-After"]) > 0
    text = page.content.decode()
    assert '<html lang="fr">' in text and "Momentanément indisponible" in text  # branded, French
    assert api.status_code == 503
    assert api["Content-Type"].startswith("application/problem+json")
    assert int(api["Retry-After"]) > 0
    problem = json.loads(api.content)
    assert problem["status"] == 503 and problem["title"] == "Service Unavailable"

    # Back by itself: no restart.
    assert client.get("/fr/articles/summit/?again=2").status_code == 200
    assert client.get("/api/v1/articles/").status_code == 200
