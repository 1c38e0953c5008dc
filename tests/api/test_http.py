"""Conditional requests, cache headers, throttling, and constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/articles/", "/api/v1/articles/nato-summit/"])
def test_etag_and_304_until_something_changes(api, catalogue, url):
    first = api.get(url)
    etag = first["ETag"]
    assert etag
    again = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    article = catalogue["articles"]["nato"]
    article.title = "The NATO summit, revised"
    article.save()
    changed = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_etag_differs_by_query(api, catalogue):
    assert api.get("/api/v1/articles/?kind=news")["ETag"] != api.get("/api/v1/articles/")["ETag"]


def test_anonymous_responses_are_briefly_public(api, catalogue):
    cache_control = api.get("/api/v1/articles/")["Cache-Control"]
    assert "public" in cache_control and "max-age=60" in cache_control


def test_authenticated_responses_are_never_stored(contributor_api, catalogue):
    response = contributor_api.get("/api/v1/articles/secret-draft/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "Authorization" in response["Vary"]


def test_errors_are_not_cached(api, catalogue):
    assert "no-store" in api.get("/api/v1/articles/?kind=nonsense")["Cache-Control"]


def test_anonymous_clients_are_throttled(api, catalogue, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "anon": "3/minute"},
    }
    responses = [api.get("/api/v1/topics/") for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert 0 < int(responses[-1]["Retry-After"]) <= 60


def _grow(n, subject):
    alliance = EntityFactory()
    for i in range(n):
        author = AuthorFactory()
        member = EntityFactory(kind="state")
        MembershipFactory(member=member, group=alliance)
        article = ArticleFactory(published=True, authors=[author], entities=[member, alliance])
        article.topics.add(subject)
        article.topics.create(name=f"T{i}", slug=f"t-{i}")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/",
        "/api/v1/articles/?cursor=",
        "/api/v1/articles/?subject=alliances,africa&ordering=-title",
        "/api/v1/topics/",
        "/api/v1/authors/",
        "/api/v1/publishers/",
        "/api/v1/entities/",
        "/api/v1/memberships/",
    ],
)
def test_query_count_does_not_grow_with_page_size(api, catalogue, url):
    from articles.models import Topic

    _grow(100, Topic.objects.get(slug="alliances"))
    counts = []
    separator = "&" if "?" in url else "?"
    for size in (1, 20, 100):
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"{url}{separator}page_size={size}")
        assert response.status_code == 200, response.content
        assert len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts


def test_schema_and_docs_are_served_from_the_project(api, db):
    schema = api.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    document = schema.json()
    params = {p["name"]: p for p in document["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    for name in ("subject", "entity_or_members", "published_after", "status", "cursor"):
        assert params[name]["description"], name
    assert "comma" in params["subject"]["description"]
    docs = api.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
