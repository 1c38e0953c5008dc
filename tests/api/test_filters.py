"""Every filter and ordering, through the API as clients use it."""

import pytest

from .conftest import slugs

pytestmark = pytest.mark.django_db

A = "/api/v1/articles/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("subject=alliances", {"nato-summit", "finland-joins"}),
        ("subject=africa", {"finland-joins", "undated-teaser"}),
        ("subject=alliances&subject=africa", {"nato-summit", "finland-joins", "undated-teaser"}),
        ("subject=alliances,africa", {"nato-summit", "finland-joins", "undated-teaser"}),
        ("author=bob", {"nato-summit"}),
        ("author=alice", {"nato-summit", "finland-joins"}),
        ("entity=nato", {"nato-summit"}),
        ("entity=finland", {"finland-joins"}),
        ("entity_or_members=nato", {"nato-summit", "finland-joins"}),
        ("publisher=b2", {"finland-joins", "undated-teaser"}),
        ("kind=news", {"finland-joins"}),
        ("language=fr", {"finland-joins"}),
        ("published_after=2024-01-01", {"nato-summit"}),
        ("published_before=2024-01-01", {"finland-joins"}),
        ("published_after=2023-01-01&published_before=2023-12-31", {"finland-joins"}),
        ("q=nato", {"nato-summit"}),
        ("q=HAGUE", {"nato-summit"}),
        ("subject=africa&language=en", {"undated-teaser"}),
    ],
)
def test_article_filters(api, catalogue, query, expected):
    assert slugs(api.get(f"{A}?{query}")) == expected


def test_entity_or_members_leaves_out_partners(api, catalogue):
    """Sweden was only a partner of NATO in the fixture: its articles are not "members'"."""
    from tests.factories import ArticleFactory

    ArticleFactory(published=True, slug="sweden-piece", entities=[catalogue["sweden"]])
    assert "sweden-piece" not in slugs(api.get(f"{A}?entity_or_members=nato"))
    assert "sweden-piece" in slugs(api.get(f"{A}?entity=sweden"))


def test_status_filter_for_editors(contributor_api, catalogue):
    assert slugs(contributor_api.get(f"{A}?status=review")) == {"in-review"}
    assert slugs(contributor_api.get(f"{A}?status=archived")) == {"archived"}


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        # Titles: "A teaser with no date", "Finland joins", "The NATO summit".
        ("title", ["undated-teaser", "finland-joins", "nato-summit"]),
        ("-title", ["nato-summit", "finland-joins", "undated-teaser"]),
        ("published_on", ["finland-joins", "nato-summit", "undated-teaser"]),
        ("-published_on", ["nato-summit", "finland-joins", "undated-teaser"]),
    ],
)
def test_article_ordering(api, catalogue, ordering, expected):
    """Undated articles come last in both directions of ``published_on``."""
    results = api.get(f"{A}?ordering={ordering}").json()["results"]
    assert [r["slug"] for r in results] == expected


def test_membership_filters(api, catalogue):
    m = "/api/v1/memberships/"

    def members(query):
        response = api.get(f"{m}?{query}")
        assert response.status_code == 200, response.content
        return {r["member"]["slug"] for r in response.json()["results"]}

    assert members("group=nato") == {"finland", "sweden"}
    assert members("member=finland") == {"finland"}
    assert members("member=finland,sweden") == {"finland", "sweden"}
    assert members("role=partner") == {"sweden"}
    assert members("active_on=2020-01-01") == {"sweden"}
    assert members("active_on=2025-01-01") == {"finland"}
    assert members("group=nato&role=member&active_on=2023-04-04") == {"finland"}
    ordered = api.get(f"{m}?ordering=-since").json()["results"]
    assert [r["member"]["slug"] for r in ordered] == ["finland", "sweden"]


def test_entity_kind_filter_and_topic_parent_filter(api, catalogue):
    states = api.get("/api/v1/entities/?kind=state").json()["results"]
    assert {e["slug"] for e in states} == {"finland", "sweden"}
    from tests.factories import TopicFactory

    parent = TopicFactory(slug="security")
    TopicFactory(slug="cyber", parent=parent)
    children = api.get("/api/v1/topics/?parent=security").json()["results"]
    assert [t["slug"] for t in children] == ["cyber"]
    assert children[0]["parent"] == "security"
