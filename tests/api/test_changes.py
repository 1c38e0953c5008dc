"""The change feed (/api/v1/changes/) and stable identity: a client that follows the feed
holds exactly the published catalogue, through publish, edit, slug change, unpublish,
merge and scheduled expiry; old slugs answer 301 on the API and on the public page."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.django_db

A = "/api/v1/articles/"
FEED = "/api/v1/changes/"


@pytest.fixture
def editor(chief_editor):
    from django.contrib.auth.models import Permission

    chief_editor.user_permissions.add(Permission.objects.get(codename="merge_article"))
    return chief_editor


def create(client, slug, title=None):
    body = {"title": title or slug.replace("-", " ").title(), "slug": slug, "language": "en"}
    response = client.post(A, body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def move(client, slug, action, **extra):
    version = client.get(f"{A}{slug}/").json()["version"]
    response = client.post(
        f"{A}{slug}/transition/", {"action": action, "version": version, **extra}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def follow(client, state, cursor=""):
    """Apply the feed's article rows from ``cursor`` to ``state`` (id -> slug); return the
    next cursor. (tests/api/test_changes_catalogue.py follows every kind of object.)"""
    requests = 0
    while True:
        page = client.get(FEED, {"since": cursor, "page_size": 2})
        requests += 1
        assert page.status_code == 200, page.content
        body = page.json()
        for change in body["results"]:
            if change["type"] != "article":
                continue
            if change["tombstone"]:
                state.pop(change["id"], None)
            else:
                assert change["article"]["id"] == change["id"]
                state[change["id"]] = change["article"]["slug"]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            return cursor


def public_catalogue(api):
    items = api.get(A, {"page_size": 100}).json()["results"]
    return {item["id"]: item["slug"] for item in items}


def test_feed_follows_publish_edit_slug_change_unpublish_and_merge(chief_api, api, editor):
    state = {}
    cursor = follow(api, state)
    assert state == {}

    create(chief_api, "sahel-after-barkhane")
    create(chief_api, "baltic-air-policing")
    assert follow(api, state, cursor) == cursor  # drafts: nothing for anonymous clients
    editors_view = chief_api.get(FEED).json()["results"]
    assert {c["action"] for c in editors_view} == {"created"}

    move(chief_api, "sahel-after-barkhane", "publish")
    move(chief_api, "baltic-air-policing", "publish")
    cursor = follow(api, state, cursor)
    assert state == public_catalogue(api) and len(state) == 2

    # A slug change: the feed says so, the old addresses answer 301.
    article = Article.objects.get(slug="sahel-after-barkhane")
    renamed = chief_api.patch(
        f"{A}{article.pk}/", {"slug": "sahel-2025", "version": article.version}, format="json"
    )
    assert renamed.status_code == 200, renamed.content
    page = api.get(FEED, {"since": cursor}).json()
    [change] = [c for c in page["results"] if c["type"] == "article"]
    assert change["action"] == "slug_changed"
    assert (change["previous_slug"], change["slug"]) == ("sahel-after-barkhane", "sahel-2025")
    old_api = api.get(f"{A}sahel-after-barkhane/?fields=id")
    assert old_api.status_code == 301
    assert old_api["Location"].endswith(f"{A}sahel-2025/?fields=id")
    old_page = api.get("/en/articles/sahel-after-barkhane/")
    assert old_page.status_code == 301
    assert old_page["Location"] == reverse("articles:article_detail", args=["sahel-2025"])
    cursor = follow(api, state, cursor)
    assert state == public_catalogue(api)

    # Unpublish: a tombstone, and the object is no longer shown to anonymous clients.
    move(chief_api, "baltic-air-policing", "unpublish")
    page = api.get(FEED, {"since": cursor}).json()
    [change] = [c for c in page["results"] if c["type"] == "article"]
    assert change["tombstone"] and change["action"] == "unpublished" and change["article"] is None
    cursor = follow(api, state, cursor)
    assert state == public_catalogue(api) and len(state) == 1

    # Merge: the duplicate's tombstone names the article it went into; its slug redirects.
    create(chief_api, "sahel-2025-copy")
    move(chief_api, "sahel-2025-copy", "publish")
    cursor = follow(api, state, cursor)
    assert len(state) == 2
    from articles.services import article_merge

    keep = Article.objects.get(slug="sahel-2025")
    article_merge(keep=keep, duplicate=Article.objects.get(slug="sahel-2025-copy"), user=editor)
    page = api.get(FEED, {"since": cursor}).json()
    merged = [c for c in page["results"] if c["action"] == "merged"]
    assert merged and merged[0]["merged_into"] == keep.pk and merged[0]["tombstone"]
    assert api.get(f"{A}sahel-2025-copy/")["Location"].endswith(f"{A}sahel-2025/")
    follow(api, state, cursor)
    assert state == public_catalogue(api) == {keep.pk: "sahel-2025"}


def test_scheduled_publication_and_expiry_reach_the_feed_when_they_happen(chief_api, api):
    create(chief_api, "summit-preview")
    now = timezone.now()
    move(
        chief_api,
        "summit-preview",
        "publish",
        publish_at=(now + datetime.timedelta(hours=1)).isoformat(),
        expire_at=(now + datetime.timedelta(hours=2)).isoformat(),
    )
    state = {}
    cursor = follow(api, state)
    assert state == {}
    with time_machine.travel(now + datetime.timedelta(minutes=90)):
        cursor = follow(api, state, cursor)
        assert list(state.values()) == ["summit-preview"] == list(public_catalogue(api).values())
    with time_machine.travel(now + datetime.timedelta(hours=3)):
        page = api.get(FEED, {"since": cursor}).json()
        rows = [(c["type"], c["action"], c["tombstone"]) for c in page["results"]]
        assert rows == [("article", "expired", True)]
        follow(api, state, cursor)
        assert state == {} == public_catalogue(api)


def test_rescheduling_replaces_the_changes_still_to_come(chief_api, api):
    create(chief_api, "later")
    soon = (timezone.now() + datetime.timedelta(hours=1)).isoformat()
    move(chief_api, "later", "publish", publish_at=soon)
    move(chief_api, "later", "unpublish")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        state = {}
        follow(api, state)
        assert state == {} == public_catalogue(api)


def test_feed_cursor_and_page_size_are_checked(api, catalogue):
    bad = api.get(FEED, {"since": "not-a-cursor"})
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    assert bad.json()["errors"][0]["field"] == "since"
    assert api.get(FEED, {"page_size": "0"}).status_code == 400
    assert api.get(FEED, {"other": "1"}).status_code == 400


def test_detail_by_id_and_by_slug_with_identity_fields(api, catalogue):
    article = catalogue["articles"]["finland"]
    by_slug = api.get(f"{A}finland-joins/").json()
    by_id = api.get(f"{A}{article.pk}/").json()
    assert by_slug == by_id
    assert by_id["id"] == article.pk
    assert by_id["api_url"] == f"http://testserver{A}{article.pk}/"
    # Its public page, in the article's own language (French here).
    assert by_id["url"] == "http://testserver/fr/articles/finland-joins/"
    assert api.get(by_id["url"]).status_code == 200
    for path in ("topics/alliances/", "authors/alice/", "publishers/ifri/", "entities/nato/"):
        item = api.get(f"/api/v1/{path}").json()
        assert {"id", "url", "api_url"} <= set(item)
        assert api.get(item["api_url"]).json()["id"] == item["id"]
    membership = api.get("/api/v1/memberships/").json()["results"][0]
    assert api.get(membership["api_url"]).json()["id"] == membership["id"]
    # A draft's old slug reveals nothing.
    assert api.get(f"{A}{catalogue['articles']['draft'].pk}/").status_code == 404
