"""Anonymous pages are cached and go stale as soon as content changes (e.g. on publish);
signed-in users never get a cached page."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_anonymous_page_is_served_from_cache(client, django_assert_num_queries):
    ArticleFactory(published=True, title="First analysis")
    first = client.get("/en/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/en/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_cache_is_keyed_by_language_and_query(client, world):
    assert client.get("/en/")["X-Page-Cache"] == "miss"
    assert client.get("/fr/")["X-Page-Cache"] == "miss"
    assert "Dernières analyses" in client.get("/fr/").content.decode()
    url = "/en/subjects/military-alliances/"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url + "?language=fr")["X-Page-Cache"] == "miss"
    assert "L&#x27;OTAN" not in client.get(url + "?language=en").content.decode()


@pytest.mark.django_db(transaction=True)  # the page cache is invalidated on commit
def test_publishing_invalidates_cached_pages(client):
    topic = TopicFactory(slug="subject")
    draft = ArticleFactory(title="Fresh analysis", topics=[topic])
    assert "Fresh analysis" not in client.get("/en/").content.decode()
    assert "Fresh analysis" not in client.get("/en/subjects/subject/").content.decode()
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "Fresh analysis" in client.get("/en/").content.decode()
    assert "Fresh analysis" in client.get("/en/subjects/subject/").content.decode()
    assert "Fresh analysis" in client.get("/en/feeds/").content.decode()


@pytest.mark.django_db(transaction=True)  # the page cache is invalidated on commit
def test_unpublishing_and_subject_changes_invalidate(client):
    topic = TopicFactory(slug="subject", name="Old name")
    article = ArticleFactory(published=True, title="Soon gone", topics=[topic])
    assert "Soon gone" in client.get("/en/subjects/subject/").content.decode()
    article.status = Article.Status.ARCHIVED
    article.save()
    assert "Soon gone" not in client.get("/en/subjects/subject/").content.decode()
    topic.name = "New name"
    topic.save()
    assert "New name" in client.get("/en/subjects/subject/").content.decode()


def test_signed_in_users_bypass_the_cache(client, editor):
    ArticleFactory(published=True)
    client.get("/en/")
    client.force_login(editor)
    response = client.get("/en/")
    assert "X-Page-Cache" not in response


def test_cached_page_never_outlives_a_scheduled_expiry_or_publication(client):
    now = timezone.now()
    ArticleFactory(published=True, title="Expiring soon", expire_at=now + timedelta(minutes=2))
    ArticleFactory(published=True, title="Scheduled soon", publish_at=now + timedelta(minutes=3))
    page = client.get("/en/").content.decode()
    assert "Expiring soon" in page and "Scheduled soon" not in page
    with time_machine.travel(now + timedelta(minutes=2, seconds=1)):
        page = client.get("/en/").content.decode()
        assert "Expiring soon" not in page
    with time_machine.travel(now + timedelta(minutes=3, seconds=1)):
        assert "Scheduled soon" in client.get("/en/").content.decode()
