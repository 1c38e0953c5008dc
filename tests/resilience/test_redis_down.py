"""The cache is an optimisation, never a dependency: a real redis-server, stopped mid-test."""

import logging

import pytest

from tests.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db

PAGES = ["/en/", "/fr/", "/en/subjects/", "/en/subjects/alliances/", "/en/articles/summit/"]
API = ["/api/v1/articles/", "/api/v1/articles/summit/", "/api/v1/topics/"]


@pytest.fixture
def content(db):
    topic = TopicFactory(slug="alliances", name="Alliances")
    return ArticleFactory(published=True, slug="summit", title="The summit", topics=[topic])


def _statuses(client, urls):
    return {url: client.get(url).status_code for url in urls}


def test_pages_and_api_keep_answering_while_redis_is_down(client, content, redis_cache, caplog):
    ok = dict.fromkeys(PAGES + API, 200)
    assert _statuses(client, PAGES + API) == ok
    assert client.get("/en/")["X-Page-Cache"] == "hit"  # Redis really serves the pages

    redis_cache.stop()
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        for _ in range(5):
            assert _statuses(client, PAGES + API) == ok
    assert client.get("/en/articles/summit/")["X-Page-Cache"] == "miss"  # from the database
    outage_lines = [r for r in caplog.records if r.name == "config.cache"]
    assert len(outage_lines) == 1, [r.getMessage() for r in outage_lines]
    assert "Cache unavailable" in outage_lines[0].getMessage()


def test_throttling_fails_open_while_redis_is_down(client, content, redis_cache, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon": "2/minute",
        },
    }
    assert [client.get("/api/v1/topics/").status_code for _ in range(3)] == [200, 200, 429]
    redis_cache.stop()
    # Without a place to count, requests go through rather than fail.
    assert [client.get("/api/v1/topics/").status_code for _ in range(4)] == [200] * 4


def test_the_cache_is_used_again_when_redis_comes_back(client, content, redis_cache):
    from config import cache as cache_module

    redis_cache.stop()
    assert client.get("/en/").status_code == 200
    redis_cache.start()
    cache_module.BREAKER.down_until = 0.0  # skip the back-off pause (2 s) in the test
    assert client.get("/en/")["X-Page-Cache"] == "miss"
    assert client.get("/en/")["X-Page-Cache"] == "hit"
