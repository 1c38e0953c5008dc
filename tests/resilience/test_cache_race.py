"""A read while an unpublishing transaction is still open must not re-cache the old page."""

import threading

import pytest
from django.db import connection, connections, transaction

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_read_before_commit_cannot_recache_an_unpublished_article(client):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs a reader that sees the committed rows while a writer's transaction is "
            "open (PostgreSQL's MVCC); the suite's shared in-memory SQLite database locks "
            "the table for readers instead (CI runs this on PostgreSQL)"
        )
    article = ArticleFactory(published=True, slug="withdrawn", title="Withdrawn analysis")
    url = "/en/articles/withdrawn/"
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Page-Cache"] == "hit"

    saved, read = threading.Event(), threading.Event()
    errors = []

    def unpublish():
        try:
            with transaction.atomic():
                stored = Article.objects.get(pk=article.pk)
                stored.status = Article.Status.ARCHIVED
                stored.save()  # signals ask for the cache to be invalidated
                saved.set()
                assert read.wait(10), "the reader did not read"
        except Exception as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
            saved.set()
        finally:
            connections.close_all()

    writer = threading.Thread(target=unpublish)
    writer.start()
    assert saved.wait(10)
    during = client.get(url)  # another connection: the archive is not committed yet
    read.set()
    writer.join(10)
    assert not errors, errors
    assert during.status_code == 200 and "Withdrawn analysis" in during.content.decode()

    after = client.get(url)
    assert after.status_code == 404, "the page read before COMMIT was cached and served"
