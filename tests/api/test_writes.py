"""Token writes go through the services: same permissions, validation and version checks."""

import datetime

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article
from partnerships.models import Membership
from tests.api.conftest import problem_fields

pytestmark = pytest.mark.django_db

A = "/api/v1/articles/"


def new_article(**extra):
    return {
        "title": "Sahel after Barkhane",
        "slug": "sahel-after-barkhane",
        "language": "fr",
        "kind": "analysis",
        "publisher": "ifri",
        "authors": ["bob", "alice"],
        "topics": ["africa"],
        "entities": ["finland"],
        **extra,
    }


def test_contributor_creates_a_draft_with_ordered_authors(contributor_api, api, catalogue):
    response = contributor_api.post(A, new_article(), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft" and data["version"] == 1
    assert [a["slug"] for a in data["authors"]] == ["bob", "alice"]
    article = Article.objects.get(slug="sahel-after-barkhane")
    assert article.created_by.username == "contributor"
    # Not public: anonymous clients do not see it.
    assert api.get(f"{A}sahel-after-barkhane/").status_code == 404


def test_status_is_not_writable_and_saying_so_beats_ignoring_it(contributor_api, catalogue):
    response = contributor_api.post(A, new_article(status="published"), format="json")
    assert response.status_code == 400
    assert "transition" in response.json()["detail"]
    assert "status" in problem_fields(response)
    assert not Article.objects.filter(slug="sahel-after-barkhane").exists()
    response = contributor_api.patch(
        f"{A}secret-draft/", {"status": "published", "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert Article.objects.get(slug="secret-draft").status == "draft"


def test_validation_errors_are_400s_naming_the_field(contributor_api, catalogue):
    response = contributor_api.post(A, new_article(title="   "), format="json")
    assert response.status_code == 400
    assert "title" in problem_fields(response)
    response = contributor_api.post(A, new_article(authors=["ghost"]), format="json")
    assert response.status_code == 400
    assert "ghost" in response.json()["detail"] and "authors" in problem_fields(response)
    response = contributor_api.post(A, new_article(title="nul\x00byte"), format="json")
    assert response.status_code == 400
    assert "title" in problem_fields(response)


def test_a_list_field_refuses_an_object(contributor_api, catalogue):
    response = contributor_api.post(A, new_article(entities={}), format="json")
    assert response.status_code == 400, response.content
    assert "entities" in problem_fields(response)


def test_a_taken_slug_is_a_409_naming_the_field(contributor_api, catalogue):
    """A duplicate is refused by the state of the catalogue, not the shape of the data: a
    conflict, like a stale version, so a client can tell it from malformed data."""
    response = contributor_api.post(A, new_article(slug="nato-summit"), format="json")
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "conflict" and body["errors"][0]["code"] == "unique"
    assert "slug" in problem_fields(response)


def test_a_membership_a_source_already_states_is_a_409(chief_api, catalogue):
    fact = {"member": "finland", "group": "nato", "role": "observer", "since": "1995-01-01"}
    first = chief_api.post("/api/v1/memberships/", fact, format="json")
    assert first.status_code == 201, first.content
    again = chief_api.post("/api/v1/memberships/", fact, format="json")
    assert again.status_code == 409, again.content
    assert [e["code"] for e in again.json()["errors"]] == ["duplicate"]


def test_the_write_schema_declares_what_text_fields_refuse(api):
    """Blank or NUL titles, NUL anywhere, empty references: refused (above), and said so in
    the schema, so that data generated from it is data the server accepts."""
    import re

    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    write = schema["components"]["schemas"]["ArticleWrite"]["properties"]
    title = re.compile(write["title"]["pattern"])
    assert title.search("NATO summit") and not title.search("   ")
    assert not title.search("nul\x00byte")
    assert not re.search(write["summary"]["pattern"], "a\x00") and re.search(
        write["summary"]["pattern"], ""
    )
    assert write["topics"]["items"]["minLength"] == 1
    assert "minLength" not in write["publisher"]  # nullable: DRF reads "" as null
    membership = schema["components"]["schemas"]["MembershipWrite"]["properties"]
    assert membership["member"]["minLength"] == 1
    conflict = schema["paths"]["/api/v1/articles/"]["post"]["responses"]["409"]
    assert "invalid_transition" in conflict["description"]


def test_update_needs_the_current_version_and_a_stale_one_is_a_409(contributor_api, catalogue):
    url = f"{A}secret-draft/"
    missing = contributor_api.patch(url, {"title": "Renamed"}, format="json")
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required"
    ok = contributor_api.patch(url, {"title": "Renamed", "version": 1}, format="json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["title"] == "Renamed" and ok.json()["version"] == 2
    stale = contributor_api.patch(url, {"title": "Lost update", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert "changed by someone else" in stale.json()["detail"]
    assert Article.objects.get(slug="secret-draft").title == "Renamed"


def test_the_date_precision_is_written_and_a_wrong_one_named(contributor_api, catalogue):
    url = f"{A}secret-draft/"
    month = {"published_on": "2026-02-01", "published_precision": "month", "version": 1}
    response = contributor_api.patch(url, month, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["published_precision"] == "month"
    assert Article.objects.get(slug="secret-draft").published_precision == "month"
    wrong = contributor_api.patch(url, {"published_precision": "week", "version": 2}, format="json")
    assert wrong.status_code == 400 and "published_precision" in problem_fields(wrong)


def test_contributor_cannot_edit_live_content(contributor_api, catalogue):
    """Published articles are edited by publishers only, in the API as in the admin."""
    url = f"{A}nato-summit/"
    response = contributor_api.patch(url, {"title": "Renamed", "version": 1}, format="json")
    assert response.status_code == 403
    assert Article.objects.get(slug="nato-summit").title != "Renamed"


def test_contributor_may_submit_but_not_publish(contributor_api, api, catalogue):
    url = f"{A}secret-draft/transition/"
    submit = contributor_api.post(url, {"action": "submit", "version": 1}, format="json")
    assert submit.status_code == 200, submit.content
    assert submit.json()["status"] == "review"
    publish = contributor_api.post(url, {"action": "publish", "version": 2}, format="json")
    assert publish.status_code == 403
    assert api.get(f"{A}secret-draft/").status_code == 404


def test_chief_editor_publishes_and_anonymous_clients_then_see_it(chief_api, api, catalogue):
    url = f"{A}secret-draft/transition/"
    response = chief_api.post(url, {"action": "publish", "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert api.get(f"{A}secret-draft/").status_code == 200
    wrong = chief_api.post(url, {"action": "submit", "version": 2}, format="json")
    # A published article cannot be submitted: its state, not the data, refuses it.
    assert wrong.status_code == 409, wrong.content
    assert [e["code"] for e in wrong.json()["errors"]] == ["invalid_transition"]


def test_user_without_permissions_cannot_write(reader_api, catalogue):
    assert reader_api.post(A, new_article(), format="json").status_code == 403
    response = reader_api.post(
        f"{A}nato-summit/transition/", {"action": "archive", "version": 1}, format="json"
    )
    assert response.status_code == 403


def test_membership_create_and_update(contributor_api, reader_api, catalogue):
    payload = {
        "member": "sweden",
        "group": "nato",
        "role": "member",
        "since": "2024-03-07",
        "since_precision": "day",
    }
    assert reader_api.post("/api/v1/memberships/", payload, format="json").status_code == 403
    response = contributor_api.post("/api/v1/memberships/", payload, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["member"]["slug"] == "sweden" and created["since_precision"] == "day"
    url = f"/api/v1/memberships/{created['id']}/"
    response = contributor_api.patch(url, {"until": "2023-01-01", "version": 1}, format="json")
    assert response.status_code == 400  # ends before it starts: the model's constraint
    response = contributor_api.patch(
        url, {"note": "Joined after Türkiye's vote.", "version": 1}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert Membership.objects.get(pk=created["id"]).note.startswith("Joined")
    self_member = contributor_api.post(
        "/api/v1/memberships/", {**payload, "member": "nato"}, format="json"
    )
    assert self_member.status_code == 400


def test_issue_api_token_command_gives_a_working_token(contributor, catalogue, capsys):
    call_command("issue_api_token", "contributor", verbosity=0)
    key = capsys.readouterr().out.strip()
    assert Token.objects.get(user=contributor).key == key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(f"{A}secret-draft/").status_code == 200
    call_command("issue_api_token", "contributor", "--rotate", verbosity=0)
    assert capsys.readouterr().out.strip() != key
    assert client.get(f"{A}secret-draft/").status_code == 401


def test_scheduled_publication_through_the_api(chief_api, api, catalogue):
    later = datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC).isoformat()
    response = chief_api.post(
        f"{A}secret-draft/transition/",
        {"action": "publish", "version": 1, "publish_at": later},
        format="json",
    )
    assert response.status_code == 200
    assert api.get(f"{A}secret-draft/").status_code == 404


def test_links_written_through_the_api_are_in_the_revision(chief_api, catalogue):
    """Subjects and byline set by a PATCH belong to the revision the save records."""
    from reversion.models import Version

    from articles.models import Topic

    url = f"{A}secret-draft/"
    response = chief_api.patch(
        url, {"topics": ["africa"], "authors": ["bob"], "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    article = Article.objects.get(slug="secret-draft")
    latest = Version.objects.get_for_object(article).first()
    assert latest.field_dict["topics"] == [Topic.objects.get(slug="africa").pk]
    bylines = latest.revision.version_set.filter(content_type__model="articleauthor")
    assert [v.field_dict["author_id"] for v in bylines] == [article.authors.get().pk]


def test_send_back_with_a_comment_and_form_encodings_refused(chief_api, catalogue):
    url = f"{A}in-review/transition/"
    refused = chief_api.post(url, {"action": "send_back", "version": 1}, format="json")
    assert refused.status_code == 400 and "Say what the author" in refused.json()["detail"]
    sent = chief_api.post(
        url, {"action": "send_back", "version": 1, "comment": "Cite sources."}, format="json"
    )
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "draft"
    form = chief_api.post(A, {"title": "T", "slug": "t", "language": "en"})  # multipart
    assert form.status_code == 415
    assert form["Content-Type"] == "application/problem+json"
