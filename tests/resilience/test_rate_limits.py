"""Per-client rate limits on the API and the search page; the client address cannot be
chosen by the client (X-Forwarded-For is trusted only from NUM_PROXIES proxies)."""

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _rates(settings, **rates):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
    }


def test_rotating_x_forwarded_for_does_not_escape_the_api_throttle(client, settings):
    _rates(settings, anon="5/minute")
    codes = [
        client.get("/api/v1/topics/", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}").status_code
        for i in range(30)
    ]
    assert codes[:5] == [200] * 5
    assert codes[5:] == [429] * 25


def test_behind_one_trusted_proxy_each_client_is_counted_apart(client, settings):
    _rates(settings, anon="2/minute")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    def get(address):
        # The proxy appends the address it saw; whatever the client wrote comes before.
        return client.get("/api/v1/topics/", HTTP_X_FORWARDED_FOR=f"6.6.6.6, {address}")

    assert [get("192.0.2.1").status_code for _ in range(3)] == [200, 200, 429]
    assert get("192.0.2.2").status_code == 200


def test_the_search_page_is_rate_limited_with_retry_after(client, settings):
    ArticleFactory(published=True, title="Alliance summit")
    _rates(settings, search="3/minute")
    responses = [client.get("/en/search/", {"q": "summit"}) for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    refused = responses[-1]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Too many requests" in refused.content.decode()
    french = client.get("/fr/search/", {"q": "summit"})
    assert french.status_code == 429 and "Trop de requêtes" in french.content.decode()


def test_api_429_has_retry_after(client, settings):
    _rates(settings, anon="1/minute")
    client.get("/api/v1/topics/")
    refused = client.get("/api/v1/topics/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "throttled" in refused.content.decode() or "Request was" in refused.content.decode()
