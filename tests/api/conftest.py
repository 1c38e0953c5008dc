"""API fixtures: a catalogue with published and unpublished articles, token clients by role."""

import datetime
from pathlib import Path

import httpx
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EntityFactory,
    MembershipFactory,
    PublisherFactory,
    TopicFactory,
    UserFactory,
)
from tests.helpers import user_with_permissions


@pytest.fixture
def api():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def contributor(db):
    """May read every status, create and change articles and memberships, not publish."""
    return user_with_permissions(
        "view_article",
        "add_article",
        "change_article",
        "add_membership",
        "change_membership",
        username="contributor",
    )


@pytest.fixture
def chief_editor(db):
    """A contributor who may also publish."""
    return user_with_permissions(
        "view_article",
        "add_article",
        "change_article",
        "publish_article",
        "add_membership",
        "change_membership",
        username="chief",
    )


def _token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def contributor_api(contributor):
    return _token_client(contributor)


@pytest.fixture
def chief_api(chief_editor):
    return _token_client(chief_editor)


@pytest.fixture
def reader_api(db):
    """Authenticated, but with no editorial permission: sees what anonymous clients see."""
    return _token_client(UserFactory(username="reader"))


@pytest.fixture
def catalogue(db):
    """NATO with Finland as a member; published articles; a draft, a review, a scheduled one."""
    nato = EntityFactory(name="NATO", slug="nato", short_name="NATO")
    finland = EntityFactory(name="Finland", slug="finland", kind="state", country="FI")
    sweden = EntityFactory(name="Sweden", slug="sweden", kind="state", country="SE")
    MembershipFactory(member=finland, group=nato, role="member", since=datetime.date(2023, 4, 4))
    MembershipFactory(
        member=sweden,
        group=nato,
        role="partner",
        since=datetime.date(1994, 1, 1),
        until=datetime.date(2024, 3, 7),
    )
    alliances = TopicFactory(name="Military Alliances", slug="alliances")
    africa = TopicFactory(name="Africa", slug="africa")
    ifri = PublisherFactory(name="Ifri", slug="ifri")
    b2 = PublisherFactory(name="B2", slug="b2")
    alice = AuthorFactory(name="Alice", slug="alice")
    bob = AuthorFactory(name="Bob", slug="bob")
    articles = {
        "nato": ArticleFactory(
            published=True,
            slug="nato-summit",
            title="The NATO summit",
            summary="Allies meet in The Hague.",
            published_on=datetime.date(2025, 6, 25),
            publisher=ifri,
            authors=[bob, alice],
            topics=[alliances],
            entities=[nato],
        ),
        "finland": ArticleFactory(
            published=True,
            slug="finland-joins",
            title="Finland joins",
            kind="news",
            language="fr",
            published_on=datetime.date(2023, 4, 4),
            publisher=b2,
            authors=[alice],
            topics=[alliances, africa],
            entities=[finland],
        ),
        "undated": ArticleFactory(
            published=True,
            slug="undated-teaser",
            title="A teaser with no date",
            published_on=None,
            publisher=b2,
            topics=[africa],
        ),
        "draft": ArticleFactory(
            slug="secret-draft",
            title="Secret draft about NATO",
            publisher=ifri,
            authors=[alice],
            topics=[alliances],
            entities=[nato],
        ),
        "review": ArticleFactory(in_review=True, slug="in-review", authors=[bob]),
        "scheduled": ArticleFactory(scheduled=True, slug="scheduled", topics=[africa]),
        "expired": ArticleFactory(expired=True, slug="expired", publisher=ifri),
        "archived": ArticleFactory(archived=True, slug="archived", authors=[alice]),
    }
    return {
        "nato": nato,
        "finland": finland,
        "sweden": sweden,
        "articles": articles,
        "alice": alice,
        "bob": bob,
        "ifri": ifri,
        "b2": b2,
    }


PUBLIC_SLUGS = {"nato-summit", "finland-joins", "undated-teaser"}


def slugs(response):
    assert response.status_code == 200, response.content
    return {item["slug"] for item in response.json()["results"]}


def problem_fields(response) -> set[str]:
    """The fields or parameters a problem+json error names (its ``errors[].field``)."""
    assert response["Content-Type"] == "application/problem+json", response["Content-Type"]
    body = response.json()
    return {item["field"] for item in body.get("errors", []) if "field" in item}


def save_live_schema(live_server, django_db_blocker, folder: Path) -> Path:
    """The live server's OpenAPI schema as JSON in ``folder`` (what a client developer
    downloads before generating a client). The schema reads no rows, but each request
    checks its database connection."""
    with django_db_blocker.unblock():
        schema = httpx.get(
            f"{live_server.url}/api/v1/schema/",
            headers={"Accept": "application/vnd.oai.openapi+json"},
        )
    assert schema.status_code == 200, schema.text[:300]
    path = folder / "schema.json"
    path.write_bytes(schema.content)
    return path
