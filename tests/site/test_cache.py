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


class CountingCache:
    """The cache, with every read counted (a read is one round trip to Redis)."""

    def __init__(self, cache):
        self.cache, self.reads = cache, 0

    def get(self, *args, **kwargs):
        self.reads += 1
        return self.cache.get(*args, **kwargs)

    def get_many(self, *args, **kwargs):
        self.reads += 1
        return self.cache.get_many(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.cache, name)


@pytest.mark.parametrize(
    "url", ["/en/", "/en/subjects/subject/", "/en/articles/analysis/", "/en/partnerships/"]
)
def test_a_hit_is_one_cache_read_and_no_query(client, monkeypatch, django_assert_num_queries, url):
    from articles import caching

    topic = TopicFactory(slug="subject")
    ArticleFactory(published=True, slug="analysis", topics=[topic])
    assert client.get(url)["X-Page-Cache"] == "miss"
    counting = CountingCache(caching.cache)
    monkeypatch.setattr(caching, "cache", counting)
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert counting.reads == 1


@pytest.mark.django_db(transaction=True)  # the page cache is invalidated on commit
def test_an_edit_invalidates_the_pages_it_changes_not_the_whole_cache(client, editor):
    from articles.services import article_save

    alliances, sahel = TopicFactory(slug="alliances"), TopicFactory(slug="sahel")
    article = ArticleFactory(
        published=True, slug="edited", title="Old title", body="Old text", topics=[alliances]
    )
    ArticleFactory(published=True, slug="other", topics=[sahel])
    pages = ["/en/", "/en/subjects/alliances/", "/en/subjects/sahel/", "/en/articles/edited/"]
    pages.append("/en/articles/other/")
    for url in pages:
        client.get(url)
    assert all(client.get(url)["X-Page-Cache"] == "hit" for url in pages)

    # The text alone: the article's own page, nothing that lists it.
    article.body = "New text"
    article = article_save(article=article, user=editor, expected_version=article.version)
    page = client.get("/en/articles/edited/")
    assert page["X-Page-Cache"] == "miss" and "New text" in page.content.decode()
    for url in ["/en/", "/en/subjects/alliances/", "/en/subjects/sahel/", "/en/articles/other/"]:
        assert client.get(url)["X-Page-Cache"] == "hit", url

    # The title shows on lists: the lists and its subject's page, not the other subject's.
    article.title = "New title"
    article_save(article=article, user=editor, expected_version=article.version)
    for url in ["/en/", "/en/subjects/alliances/", "/en/articles/edited/"]:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "New title" in response.content.decode(), url
    assert client.get("/en/subjects/sahel/")["X-Page-Cache"] == "hit"
    assert client.get("/en/articles/other/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)  # the page cache is invalidated on commit
def test_a_renamed_author_shows_on_every_card_and_page(client):
    from tests.factories import AuthorFactory

    author = AuthorFactory(name="Jane Old", slug="jane")
    topic = TopicFactory(slug="subject")
    ArticleFactory(published=True, slug="signed", topics=[topic], authors=[author])
    for url in ["/en/subjects/subject/", "/en/articles/signed/", "/en/"]:
        assert "Jane Old" in client.get(url).content.decode()
    author.name = "Jane New"
    author.save()
    for url in ["/en/subjects/subject/", "/en/articles/signed/", "/en/"]:
        text = client.get(url).content.decode()
        assert "Jane New" in text and "Jane Old" not in text, url


def test_cards_are_rendered_once_per_article_version(client, settings, editor):
    """With the page cache off, an edit still shows at once: the card's key changes."""
    from articles.services import article_save

    settings.PAGE_CACHE = False
    topic = TopicFactory(slug="subject")
    article = ArticleFactory(published=True, title="Before", topics=[topic])
    assert "Before" in client.get("/en/subjects/subject/").content.decode()
    article.title = "After"
    article_save(article=article, user=editor, expected_version=article.version)
    text = client.get("/en/subjects/subject/").content.decode()
    assert "After" in text and "Before" not in text


def _layers_called(monkeypatch) -> list[str]:
    """Names of the session, auth, locale, CSRF and CSP layers as they run."""
    from csp.middleware import CSPMiddleware
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.middleware.csrf import CsrfViewMiddleware
    from django.middleware.locale import LocaleMiddleware

    called = []
    for layer, method in (
        (SessionMiddleware, "process_request"),
        (AuthenticationMiddleware, "process_request"),
        (LocaleMiddleware, "process_request"),
        (CsrfViewMiddleware, "process_view"),
        (CSPMiddleware, "process_response"),
    ):
        original = getattr(layer, method)

        def spy(self, *args, _original=original, _name=layer.__name__, **kwargs):
            called.append(_name)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(layer, method, spy)
    return called


@pytest.mark.parametrize("url", ["/en/", "/fr/subjects/subject/", "/en/articles/analysis/"])
def test_a_hit_skips_the_other_layers_and_keeps_their_headers(client, monkeypatch, url):
    topic = TopicFactory(slug="subject")
    ArticleFactory(published=True, slug="analysis", topics=[topic])
    called = _layers_called(monkeypatch)
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss" and "SessionMiddleware" in called
    called.clear()
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert called == []
    assert second.content == first.content
    for name in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Content-Language",
        "Vary",
        "Content-Type",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert second.get(name) == first.get(name), name
    assert "Cookie" in second["Vary"]


def test_a_reader_with_a_session_is_served_by_the_whole_stack(client, monkeypatch, editor):
    ArticleFactory(published=True, title="Shown to all")
    assert client.get("/en/")["X-Page-Cache"] == "miss"
    client.cookies["sessionid"] = "not-a-session"  # e.g. an expired sign-in
    called = _layers_called(monkeypatch)
    response = client.get("/en/")
    assert response["X-Page-Cache"] == "hit" and "SessionMiddleware" in called
    client.force_login(editor)
    called.clear()
    response = client.get("/en/")
    assert "X-Page-Cache" not in response and "AuthenticationMiddleware" in called


@pytest.mark.django_db(transaction=True)  # the page cache is invalidated on commit
def test_an_early_hit_goes_stale_with_its_generations(client):
    article = ArticleFactory(published=True, slug="analysis", title="Before the edit")
    url = "/en/articles/analysis/"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    article.title = "After the edit"
    article.version += 1
    article.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss" and "After the edit" in response.content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
