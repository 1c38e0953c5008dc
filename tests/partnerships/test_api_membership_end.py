"""An API client ends a membership as an editor does in the admin: ``until`` with the
source that states the end (``until_source``), through ``membership_end``: refused
without a source or with a source dated before the end; audited and versioned."""

import datetime

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from partnerships.models import Membership
from tests.factories import EntityFactory, MembershipFactory, SourceFactory
from tests.helpers import user_with_permissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_api():
    user = user_with_permissions("add_membership", "change_membership", username="ed")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def partner():
    """Finland, a PfP partner according to a 2017 fact sheet."""
    return MembershipFactory(
        member=EntityFactory(slug="finland", kind="state"),
        group=EntityFactory(slug="pfp", kind="framework"),
        since=datetime.date(1994, 1, 1),
        source=SourceFactory(as_of=datetime.date(2017, 8, 17)),
    )


def url(membership):
    return f"/api/v1/memberships/{membership.pk}/"


def test_ending_needs_the_source_of_the_end(editor_api, partner):
    response = editor_api.patch(url(partner), {"until": "2023-04-04", "version": 1}, format="json")
    assert response.status_code == 400
    assert "until_source" in response.content.decode()
    assert Membership.objects.get(pk=partner.pk).until is None


def test_a_source_dated_before_the_end_cannot_state_it(editor_api, partner):
    payload = {"until": "2023-04-04", "until_source": partner.source_id, "version": 1}
    response = editor_api.patch(url(partner), payload, format="json")
    assert response.status_code == 400
    assert "until_source" in response.content.decode()
    assert Membership.objects.get(pk=partner.pk).until is None


def test_the_end_is_written_with_its_source_and_shown(editor_api, partner, client):
    source = SourceFactory(title="NATO news, 4 April 2023", as_of=datetime.date(2023, 4, 4))
    payload = {
        "until": "2023-04-04",
        "until_precision": "day",
        "until_source": source.pk,
        "note": "Joined NATO.",
        "version": 1,
    }
    response = editor_api.patch(url(partner), payload, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["until"] == "2023-04-04" and body["until_source"]["id"] == source.pk
    stored = Membership.objects.get(pk=partner.pk)
    assert (stored.until, stored.until_source, stored.note) == (
        datetime.date(2023, 4, 4),
        source,
        "Joined NATO.",
    )
    assert stored.version == body["version"] > 1
    # A stale version is refused; the end stays as written.
    again = editor_api.patch(url(partner), {**payload, "until": "2023-05-01"}, format="json")
    assert again.status_code == 409
    # The site shows the end with its own source, not the 2017 fact sheet's.
    page = client.get("/en/partnerships/pfp/").content.decode()
    assert "NATO news, 4 April 2023" in page


def test_a_new_membership_may_be_created_ended(editor_api):
    EntityFactory(slug="sweden", kind="state"), EntityFactory(slug="wto", kind="organisation")
    source = SourceFactory(as_of=datetime.date(1991, 7, 1))
    payload = {
        "member": "sweden",
        "group": "wto",
        "since": "1955-05-14",
        "until": "1991-07-01",
        "until_source": source.pk,
    }
    response = editor_api.post("/api/v1/memberships/", payload, format="json")
    assert response.status_code == 201, response.content
    assert Membership.objects.get(pk=response.json()["id"]).until_source == source
