"""One error format (RFC 9457 problem+json with stable codes, English titles) for every
error status; HTTP as clients expect it: CORS, gzip, RateLimit, Last-Modified, If-Match."""

import gzip

import pytest
from rest_framework.test import APIClient

from articles.models import Article
from partnerships.models import Membership

pytestmark = pytest.mark.django_db

A = "/api/v1/articles/"
PROBLEM = "application/problem+json"


def assert_problem(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["code"] == code
    assert body["type"] == f"urn:defence-cms:problem:{code}"
    assert body["title"] and body["detail"] and body["instance"]
    return body


def test_every_error_status_is_a_problem(api, catalogue, contributor_api, settings):
    assert_problem(api.get("/api/v1/x/"), 404, "not_found")
    assert_problem(api.delete("/api/v1/nothing/here/"), 404, "not_found")
    assert_problem(api.get(f"{A}no-such-article/"), 404, "not_found")
    assert_problem(contributor_api.put(A, {}, format="json"), 405, "method_not_allowed")
    assert_problem(api.get(A, HTTP_ACCEPT="application/xml"), 406, "not_acceptable")
    assert_problem(api.post(A, {"title": "x"}, format="json"), 401, "not_authenticated")
    body = assert_problem(api.get(f"{A}?status=draft"), 403, "permission_denied")
    assert "editors" in body["detail"].lower()
    invalid = assert_problem(api.get(f"{A}?kind=nonsense"), 400, "invalid")
    assert invalid["errors"][0]["field"] == "kind" and invalid["errors"][0]["code"]
    unsupported = contributor_api.post(A, "title=x", content_type="text/plain")
    assert_problem(unsupported, 415, "unsupported_media_type")
    malformed = contributor_api.post(A, "{not json", content_type="application/json")
    assert_problem(malformed, 400, "parse_error")
    stale = contributor_api.patch(f"{A}secret-draft/", {"title": "T", "version": 7}, format="json")
    assert assert_problem(stale, 409, "version_conflict")["current_version"] == 1
    missing = contributor_api.patch(f"{A}secret-draft/", {"title": "T"}, format="json")
    assert_problem(missing, 428, "precondition_required")
    wrong_etag = contributor_api.patch(
        f"{A}secret-draft/", {"title": "T"}, format="json", HTTP_IF_MATCH='"abc"'
    )
    assert_problem(wrong_etag, 412, "precondition_failed")


def test_titles_and_codes_stay_english_whatever_the_language(api, catalogue):
    body = api.get(f"{A}?kind=nonsense", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert body["title"] == "Bad Request" and body["code"] == "invalid"
    assert body["errors"][0]["code"] == "invalid_choice"
    missing = api.get("/api/v1/articles/nope/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert missing["title"] == "Not Found"


def test_throttled_answers_429_with_retry_after_and_ratelimit_headers(api, catalogue, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "anon": "2/minute"},
    }
    first = api.get("/api/v1/topics/")
    assert first["RateLimit-Policy"] == '"anon";q=2;w=60'
    assert first["RateLimit"].startswith('"anon";r=1;')
    api.get("/api/v1/topics/")
    third = api.get("/api/v1/topics/")
    assert_problem(third, 429, "throttled")
    assert 0 < int(third["Retry-After"]) <= 60


def test_cors_preflight_for_allowed_origins_only(catalogue, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]
    client = APIClient()
    preflight = client.options(
        A,
        HTTP_ORIGIN="https://app.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, if-match",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "https://app.example.org"
    assert "if-match" in preflight["Access-Control-Allow-Headers"]
    read = client.get(A, HTTP_ORIGIN="https://app.example.org")
    assert "ETag" in read["Access-Control-Expose-Headers"]
    other = client.get(A, HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in other


def test_api_responses_are_gzipped_pages_are_not(api, catalogue):
    response = api.get(f"{A}?include=body", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"nato-summit" in gzip.decompress(response.content)
    page = api.get("/en/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in page


def test_last_modified_and_if_modified_since(api, catalogue):
    first = api.get(f"{A}nato-summit/")
    assert first["Last-Modified"]
    again = api.get(f"{A}nato-summit/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    listing = api.get(A)
    assert listing["Last-Modified"]


def test_if_match_replaces_the_version_and_refuses_a_stale_etag(contributor_api, catalogue):
    url = f"{A}secret-draft/"
    etag = contributor_api.get(url)["ETag"]
    ok = contributor_api.patch(url, {"title": "Renamed"}, format="json", HTTP_IF_MATCH=etag)
    assert ok.status_code == 200, ok.content
    assert ok.json()["version"] == 2
    stale = contributor_api.patch(url, {"title": "Lost"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Article.objects.get(slug="secret-draft").title == "Renamed"


def test_memberships_are_versioned_unique_and_deletable(
    contributor_api, chief_api, reader_api, catalogue
):
    payload = {"member": "sweden", "group": "nato", "role": "member"}  # undated, unsourced
    first = contributor_api.post("/api/v1/memberships/", payload, format="json")
    assert first.status_code == 201, first.content
    again = contributor_api.post("/api/v1/memberships/", payload, format="json")
    assert_problem(again, 409, "conflict")  # a duplicate fact: a conflict
    assert Membership.objects.filter(member__slug="sweden", role="member").count() == 1
    url = first.json()["api_url"]
    stale = contributor_api.patch(url, {"note": "x", "version": 5}, format="json")
    assert assert_problem(stale, 409, "version_conflict")["current_version"] == 1
    assert reader_api.delete(url).status_code == 403
    assert contributor_api.delete(url).status_code == 403  # no delete permission
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    get_user_model().objects.get(username="chief").user_permissions.add(
        Permission.objects.get(codename="delete_membership")
    )
    deleted = chief_api.delete(url)
    assert deleted.status_code == 204
    assert chief_api.get(url).status_code == 404


def test_updated_after_and_entity_or_members_with_several_values(api, catalogue):
    import datetime

    from django.utils import timezone

    Article.objects.filter(slug="finland-joins").update(
        updated_at=timezone.now() + datetime.timedelta(hours=1)
    )
    later = (timezone.now() + datetime.timedelta(minutes=30)).isoformat()
    response = api.get(A, {"updated_after": later, "ordering": "updated_at"})
    assert [a["slug"] for a in response.json()["results"]] == ["finland-joins"]
    for path in ("topics", "authors", "publishers", "entities", "memberships"):
        assert api.get(f"/api/v1/{path}/", {"updated_after": later}).status_code == 200
        assert api.get(f"/api/v1/{path}/", {"ordering": "-updated_at"}).status_code == 200
    both = api.get(A, {"entity_or_members": "sweden,finland"}).json()["results"]
    assert {a["slug"] for a in both} == {"finland-joins"}
    nato = api.get(A, {"entity_or_members": ["nato", "sweden"]}).json()["results"]
    assert {a["slug"] for a in nato} == {"nato-summit", "finland-joins"}
