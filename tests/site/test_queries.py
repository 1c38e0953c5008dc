"""Every list page runs the same number of SQL queries whatever its length: 1, 20 or 100
articles (page size raised to 100, so that all of them are rendered)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EntityFactory,
    MembershipFactory,
    PublisherFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

SIZES = (1, 20, 100)


def build():
    topic = TopicFactory(slug="subject")
    TopicFactory(slug="child", parent=topic).related.add(TopicFactory(slug="other"))
    EntityFactory(slug="nato", short_name="NATO")
    AuthorFactory(slug="author")
    PublisherFactory(slug="publisher")
    # One press item, so that the subject page's press list is never empty.
    add_articles(1, kind="media_mention")


def add_articles(count, kind="analysis"):
    """``count`` more published articles, each with two authors, subjects and entities, and
    as many memberships, subjects and entities that list pages show."""
    from articles.models import Author, Publisher, Topic
    from partnerships.models import Entity

    topic = Topic.objects.get(slug="subject")
    entity = Entity.objects.get(slug="nato")
    author = Author.objects.get(slug="author")
    publisher = Publisher.objects.get(slug="publisher")
    for n in range(count):
        ArticleFactory(
            published=True,
            featured=True,
            kind=kind,
            language="fr" if n % 2 else "en",
            title=f"Frigate {kind} {n}",
            publisher=publisher,
            authors=[author, AuthorFactory()],
            topics=[topic, TopicFactory()],
            entities=[entity, EntityFactory()],
        )
        MembershipFactory(group=entity)
        MembershipFactory(member=entity)


URLS = [
    "/en/",
    "/en/subjects/",
    "/en/subjects/subject/",
    "/en/subjects/subject/?language=en&kind=analysis",
    "/en/authors/author/",
    "/en/authors/",
    "/en/articles/",
    "/en/articles/?sort=title&kind=analysis",
    "/en/publishers/publisher/",
    "/en/partnerships/",
    "/en/partnerships/nato/",
    "/en/search/?q=frigate",
    "/en/feeds/",
    "/en/subjects/subject/feed/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-authors.xml",
]


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", URLS)
def test_query_count_does_not_grow_with_the_list(client, settings, url):
    settings.SITE_PAGE_SIZE = 100
    build()
    counts = {}
    shown = 0
    for size in SIZES:
        add_articles(size - shown)
        shown = size
        counts[size] = count_queries(client, url)
    assert counts[1] == counts[20] == counts[100], counts


def test_article_page_query_count_is_constant_in_its_relations(client):
    build()
    from articles.models import Article

    article = Article.objects.get(kind="media_mention")
    add_articles(1)
    first = count_queries(client, article.get_absolute_url())
    add_articles(19)
    for position in range(5):
        article.article_authors.create(author=AuthorFactory(), position=9 + position)
    assert count_queries(client, article.get_absolute_url()) == first


#: Issue 14: at most 8 SQL queries per public page (with nothing in any cache).
MY_PAGES = [
    "/en/",
    "/en/subjects/",
    "/en/subjects/subject/",
    "/en/subjects/subject/?language=en&kind=analysis&entity=nato",
    "/en/articles/",
    "/en/articles/?sort=oldest&year=2020",
    "/en/authors/",
    "/en/authors/author/",
    "/en/publishers/publisher/",
]


@pytest.mark.parametrize("url", MY_PAGES)
def test_public_pages_run_at_most_eight_queries(client, url):
    build()
    add_articles(20)
    assert count_queries(client, url) <= 8


def test_article_page_runs_at_most_eight_queries_and_five_once_rendered(client, settings):
    settings.PAGE_CACHE = False  # the fragments of the article's own parts stay cached
    build()
    add_articles(5)
    from articles.models import Article

    url = Article.objects.filter(kind="analysis").first().get_absolute_url()
    assert count_queries(client, url) <= 8
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # The article, and the related articles read by id: their ids are cached until an
    # article changes (finding them took its subject and entity ids and a query by each).
    assert len(queries) == 2
