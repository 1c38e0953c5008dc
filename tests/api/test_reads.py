"""Reads: embedded relations, and nothing unpublished for anonymous clients, anywhere."""

import pytest

from .conftest import PUBLIC_SLUGS, slugs

pytestmark = pytest.mark.django_db

HIDDEN = {"secret-draft", "in-review", "scheduled", "expired", "archived"}


def test_anonymous_list_shows_published_articles_only(api, catalogue):
    response = api.get("/api/v1/articles/")
    assert slugs(response) == PUBLIC_SLUGS
    assert response.json()["count"] == 3


def test_articles_newest_first_with_undated_last(api, catalogue):
    results = api.get("/api/v1/articles/").json()["results"]
    assert [a["slug"] for a in results] == ["nato-summit", "finland-joins", "undated-teaser"]


@pytest.mark.parametrize("slug", sorted(HIDDEN))
def test_unpublished_detail_is_404_for_anonymous_and_readers(api, reader_api, catalogue, slug):
    assert api.get(f"/api/v1/articles/{slug}/").status_code == 404
    assert reader_api.get(f"/api/v1/articles/{slug}/").status_code == 404


def test_article_detail_embeds_ordered_authors_topics_entities(api, catalogue):
    data = api.get("/api/v1/articles/nato-summit/").json()
    assert [a["slug"] for a in data["authors"]] == ["bob", "alice"]
    assert [t["slug"] for t in data["topics"]] == ["alliances"]
    nato, ifri = catalogue["nato"], catalogue["ifri"]
    assert data["entities"] == [
        {
            "id": nato.pk,
            "slug": "nato",
            "name": "NATO",
            "short_name": "NATO",
            "kind": "organisation",
        }
    ]
    assert data["publisher"] == {"id": ifri.pk, "slug": "ifri", "name": "Ifri"}
    assert data["body"] == ""
    assert data["version"] == 1


def test_counts_of_authors_topics_publishers_count_published_only(api, catalogue):
    authors = {a["slug"]: a["article_count"] for a in api.get("/api/v1/authors/").json()["results"]}
    # Alice signs two published articles, plus a draft and an archived one.
    assert authors == {"alice": 2, "bob": 1}
    topics = {t["slug"]: t["article_count"] for t in api.get("/api/v1/topics/").json()["results"]}
    assert topics == {"alliances": 2, "africa": 2}
    publishers = api.get("/api/v1/publishers/ifri/").json()
    assert publishers["article_count"] == 1


def test_filters_never_reveal_drafts(api, catalogue):
    assert slugs(api.get("/api/v1/articles/?entity=nato")) == {"nato-summit"}
    assert slugs(api.get("/api/v1/articles/?q=secret")) == set()
    assert slugs(api.get("/api/v1/articles/?cursor=")) == PUBLIC_SLUGS


def test_anonymous_status_filter_is_refused_with_a_message(api, reader_api, catalogue):
    for client in (api, reader_api):
        response = client.get("/api/v1/articles/?status=draft")
        assert response.status_code == 403
        assert "editors" in response.json()["detail"].lower()


def test_editors_see_and_filter_every_status(contributor_api, catalogue):
    everything = slugs(contributor_api.get("/api/v1/articles/?page_size=100"))
    assert everything == PUBLIC_SLUGS | HIDDEN
    assert slugs(contributor_api.get("/api/v1/articles/?status=draft")) == {"secret-draft"}
    assert contributor_api.get("/api/v1/articles/secret-draft/").json()["status"] == "draft"


def test_entity_embeds_memberships_with_dates_precision_and_source(api, catalogue):
    nato = api.get("/api/v1/entities/nato/").json()
    members = {m["member"]["slug"]: m for m in nato["members"]}
    assert members["finland"]["role"] == "member"
    assert members["finland"]["since"] == "2023-04-04"
    assert members["finland"]["since_precision"] == "year"
    assert members["finland"]["source"]["as_of"] == "2017-08-17"
    assert members["sweden"]["until"] == "2024-03-07"
    finland = api.get("/api/v1/entities/finland/").json()
    assert finland["country"] == "FI"
    assert [m["group"]["slug"] for m in finland["memberships"]] == ["nato"]
    assert "articles" not in finland


def test_membership_detail_by_id(api, catalogue):
    first = api.get("/api/v1/memberships/").json()["results"][0]
    detail = api.get(f"/api/v1/memberships/{first['id']}/")
    assert detail.status_code == 200
    assert detail.json() == first


def test_anonymous_writes_are_refused(api, catalogue):
    assert api.post("/api/v1/articles/", {"title": "x"}, format="json").status_code == 401
    assert (
        api.patch("/api/v1/articles/nato-summit/", {"title": "x"}, format="json").status_code == 401
    )
    assert api.post("/api/v1/memberships/", {}, format="json").status_code == 401
    assert api.delete("/api/v1/articles/nato-summit/").status_code in (401, 405)


def test_an_author_known_only_from_drafts_is_not_public(api, contributor_api, catalogue):
    from tests.factories import ArticleFactory, AuthorFactory, PublisherFactory

    ghost = AuthorFactory(slug="ghost-writer")
    ArticleFactory(slug="ghostly", authors=[ghost], publisher=PublisherFactory(slug="hidden"))
    assert api.get("/api/v1/authors/ghost-writer/").status_code == 404
    assert "ghost-writer" not in {a["slug"] for a in api.get("/api/v1/authors/").json()["results"]}
    assert api.get("/api/v1/publishers/hidden/").status_code == 404
    # The filter answers exactly as for an author that does not exist.
    assert api.get("/api/v1/articles/?author=ghost-writer").status_code == 400
    assert api.get("/api/v1/articles/?publisher=hidden").status_code == 400
    # Editors see both, with a count of published articles only.
    assert contributor_api.get("/api/v1/authors/ghost-writer/").json()["article_count"] == 0
    assert slugs(contributor_api.get("/api/v1/articles/?author=ghost-writer")) == {"ghostly"}
