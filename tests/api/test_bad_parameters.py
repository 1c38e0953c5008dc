"""Malformed or unknown parameters are 400s with a message: never a 500, never ignored."""

import pytest

from tests.api.conftest import problem_fields

pytestmark = pytest.mark.django_db

A = "/api/v1/articles/"


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        (f"{A}?kind=nonsense", "kind"),
        (f"{A}?language=de", "language"),
        (f"{A}?subject=unknown-slug", "subject"),
        (f"{A}?subject=alliances,unknown-slug", "subject"),
        (f"{A}?author=nobody", "author"),
        (f"{A}?entity=atlantis", "entity"),
        (f"{A}?entity_or_members=atlantis", "entity_or_members"),
        (f"{A}?publisher=nobody", "publisher"),
        (f"{A}?published_after=2024-13-45", "published_after"),
        (f"{A}?published_before=yesterday", "published_before"),
        (f"{A}?ordering=body", "ordering"),
        (f"{A}?ordering=title,-nonsense", "ordering"),
        (f"{A}?page=0", "page"),
        (f"{A}?page=abc", "page"),
        (f"{A}?page=%C2%B2", "page"),  # "²": a digit to str.isdigit(), not to int()
        (f"{A}?page_size=%C2%B2", "page_size"),
        (f"{A}nato-summit%0A/", "slug"),
        (f"{A}?page=99999999999999999999999", "page"),
        (f"{A}?page_size=0", "page_size"),
        (f"{A}?page_size=101", "page_size"),
        (f"{A}?page_size=ten", "page_size"),
        (f"{A}?cursor=not-a-cursor", "cursor"),
        (f"{A}?subject=alliances,", "subject"),
        (f"{A}?published_after=", "published_after"),
        (f"{A}?ordering=", "ordering"),
        (f"{A}?utm_source=newsletter", "utm_source"),
        (f"{A}?kind=news&kind=analysis", "kind"),
        (f"{A}nato-summit/?expand=all", "expand"),
        ("/api/v1/memberships/?active_on=2024-02-30", "active_on"),
        ("/api/v1/memberships/?role=king", "role"),
        ("/api/v1/memberships/?member=atlantis", "member"),
        ("/api/v1/memberships/abc/", "id"),
        ("/api/v1/memberships/1.5/", "id"),
        ("/api/v1/entities/?kind=empire", "kind"),
        ("/api/v1/topics/?parent=nowhere", "parent"),
        ("/api/v1/topics/not%20a%20slug/", "slug"),
    ],
)
def test_bad_parameter_is_a_400_naming_it(api, catalogue, url, parameter):
    response = api.get(url)
    assert response.status_code == 400, response.content
    assert parameter in problem_fields(response), response.json()
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize(
    "url",
    [
        f"{A}?q=nato%00",
        f"{A}?subject=alliances%00",
        f"{A}?%00=1",
        f"{A}nato%00summit/",
        "/api/v1/memberships/1%00/",
        "/api/v1/entities/?kind=state%00",
    ],
)
def test_nul_bytes_anywhere_are_a_400(api, catalogue, url):
    response = api.get(url)
    assert response.status_code == 400
    assert "NUL" in str(response.json())


@pytest.mark.parametrize(
    "url",
    [
        f"{A}?page=50",  # well-formed, past the last page
        "/api/v1/memberships/99999999999999999999999/",  # beyond any database integer
        "/api/v1/memberships/0/",
        f"{A}a-slug-that-does-not-exist/",
    ],
)
def test_well_formed_but_absent_is_a_404(api, catalogue, url):
    response = api.get(url)
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_cursor_whose_position_is_not_an_id_is_a_400(api, catalogue):
    import base64

    forged = base64.b64encode(b"p=%C2%B2").decode()
    response = api.get(f"{A}?cursor={forged}")
    assert response.status_code == 400
    assert "cursor" in problem_fields(response)


def test_page_size_is_bounded_and_cursor_mode_walks_everything(api, catalogue):
    from tests.factories import ArticleFactory

    ArticleFactory.create_batch(5, published=True)
    first = api.get(f"{A}?page_size=3&cursor=").json()
    assert "count" not in first and len(first["results"]) == 3
    seen = [a["slug"] for a in first["results"]]
    next_url = first["next"]
    while next_url:
        page = api.get(next_url).json()
        seen += [a["slug"] for a in page["results"]]
        next_url = page["next"]
    assert len(seen) == len(set(seen)) == 8
    assert len(api.get(f"{A}?page_size=100").json()["results"]) == 8


@pytest.mark.parametrize("query", ["cursor=&page=2", "cursor=&ordering=title"])
def test_cursor_mode_ignores_page_and_ordering_as_the_schema_says(api, catalogue, query):
    response = api.get(f"{A}?{query}")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "value", ["0716-04-03T08:20:13-17:46", "0215-06-12T07:05:05+20:57", "0001-01-01T00:00:00+01:00"]
)
def test_any_offset_in_updated_filters_is_compared_in_utc_never_a_500(api, catalogue, value):
    response = api.get("/api/v1/authors/", {"updated_before": value})
    assert response.status_code in (200, 400), response.content
