"""Response shaping: sparse fieldsets (nested too), heavy fields on lists with include=,
full relations with expand=; a whole harvest with bodies in list requests only."""

import pytest

pytestmark = pytest.mark.django_db

A = "/api/v1/articles/"


def test_lists_leave_bodies_out_unless_included(api, catalogue):
    Article = catalogue["articles"]["nato"].__class__
    Article.objects.filter(slug="nato-summit").update(body="Full text of the analysis.")
    plain = api.get(A).json()["results"]
    assert all("body" not in item for item in plain)
    full = {i["slug"]: i for i in api.get(A, {"include": "body"}).json()["results"]}
    assert full["nato-summit"]["body"] == "Full text of the analysis."
    assert api.get(f"{A}nato-summit/").json()["body"] == "Full text of the analysis."


def test_sparse_fieldsets_nested_too(api, catalogue):
    items = api.get(A, {"fields": "id,slug,authors.name", "ordering": "title"}).json()["results"]
    nato = next(item for item in items if item["slug"] == "nato-summit")
    assert set(nato) == {"id", "slug", "authors"}
    assert nato["authors"] == [{"name": "Bob"}, {"name": "Alice"}]
    detail = api.get(f"{A}nato-summit/", {"fields": "title,publisher.slug"}).json()
    assert detail == {"title": "The NATO summit", "publisher": {"slug": "ifri"}}
    entity = api.get("/api/v1/entities/nato/", {"fields": "slug,members.member.slug"}).json()
    assert entity == {
        "slug": "nato",
        "members": [{"member": {"slug": "finland"}}, {"member": {"slug": "sweden"}}],
    }


@pytest.mark.parametrize("fields", ["nonsense", "authors.nonsense", "title.length", ","])
def test_unknown_fields_are_a_400(api, catalogue, fields):
    response = api.get(A, {"fields": fields})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "fields"


def test_expand_embeds_relations_in_full(api, catalogue):
    catalogue["alice"].__class__.objects.filter(slug="alice").update(bio="Analyst.")
    data = api.get(f"{A}finland-joins/", {"expand": "authors,publisher,topics"}).json()
    assert data["authors"][0]["bio"] == "Analyst."
    assert data["authors"][0]["api_url"].endswith(f"/api/v1/authors/{catalogue['alice'].pk}/")
    assert data["publisher"]["url"].endswith("/publishers/b2/")
    assert "description" in data["topics"][0]
    assert api.get(A, {"expand": "everything"}).status_code == 400
