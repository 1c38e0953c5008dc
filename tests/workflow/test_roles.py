"""Each role's allowed and refused actions, over HTTP on the admin; refusals change nothing."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article, AuditEvent
from articles.roles import CONTRIBUTORS, EDITORS
from tests.factories import ArticleFactory, UserFactory
from tests.workflow.conftest import change_form_data, messages_of, text_of

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_the_migration_creates_the_three_roles():
    perms = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    assert {"contributors", "editors", "administrators"} <= set(perms)
    assert {"add_article", "change_article"} <= perms[CONTRIBUTORS]
    assert not {"publish_article", "merge_article", "delete_article"} & perms[CONTRIBUTORS]
    assert {"publish_article", "merge_article", "change_membership"} <= perms[EDITORS]
    assert "delete_auditevent" not in perms[EDITORS]
    assert {"change_user", "publish_article"} <= perms["administrators"]


def test_contributor_creates_a_draft_and_submits_it(contributor_client):
    response = contributor_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Baltic air policing",
            "slug": "baltic-air-policing",
            "kind": "analysis",
            "language": "en",
            "status": "draft",
            "summary": "Rotations over the Baltic states.",
            "article_authors-TOTAL_FORMS": "0",
            "article_authors-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, messages_of(response)
    article = Article.objects.get(slug="baltic-air-policing")
    assert article.created_by.username == "contributor"

    page = text_of(contributor_client.get(change_url(article)))
    assert "Submit for review" in page and "Publish now" not in page
    response = contributor_client.post(
        reverse("admin:articles_article_workflow", args=[article.pk, "submit"]),
        {"expected_version": article.version},
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW
    assert AuditEvent.objects.filter(action="submit", object_id=str(article.pk)).exists()


def test_contributor_cannot_publish_through_the_form_or_the_buttons(contributor_client):
    """The status is not a form field: a forged one is ignored; the publish button is not
    offered, and its address refuses."""
    article = ArticleFactory(in_review=True, title="Unchanged")
    data = change_form_data(contributor_client, change_url(article))
    assert "status" not in data
    data.update(status="published", title="Edited")
    contributor_client.post(change_url(article), data)
    assert Article.objects.get(pk=article.pk).status == "review"
    for button in ("publish", "schedule", "archive", "send_back"):
        url = reverse("admin:articles_article_workflow", args=[article.pk, button])
        response = contributor_client.post(
            url, {"apply": "1", "publish_at": "2030-01-01T09:00", "comment": "x"}, follow=True
        )
        assert "You may not do" in " ".join(messages_of(response)), button
    assert Article.objects.get(pk=article.pk).status == "review"


def test_contributor_cannot_schedule(contributor_client):
    article = ArticleFactory()
    data = change_form_data(contributor_client, change_url(article))
    data.update(publish_at_0="2030-01-01", publish_at_1="09:00")
    contributor_client.post(change_url(article), data)
    assert Article.objects.get(pk=article.pk).publish_at is None


def test_contributor_cannot_use_the_publish_action(contributor_client):
    article = ArticleFactory(in_review=True)
    page = contributor_client.get(CHANGELIST)
    assert 'value="publish_selected"' not in page.content.decode()
    assert 'value="submit_selected"' in page.content.decode()
    contributor_client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW


def test_contributor_cannot_edit_a_published_article(contributor_client):
    article = ArticleFactory(published=True, title="Live")
    page = contributor_client.get(change_url(article))
    assert page.status_code == 200 and 'name="title"' not in page.content.decode()
    response = contributor_client.post(
        change_url(article), {"title": "Defaced", "slug": "x"}, follow=True
    )
    assert response.status_code == 200
    assert messages_of(response) == ["You do not have permission to change this article."]
    assert Article.objects.get(pk=article.pk).title == "Live"


def test_contributor_cannot_merge_or_send_back(contributor_client):
    a, b = ArticleFactory(in_review=True), ArticleFactory(in_review=True)
    contributor_client.post(
        CHANGELIST,
        {"action": "merge_selected", "_selected_action": [a.pk, b.pk], "apply": "1", "keep": a.pk},
    )
    assert Article.objects.filter(pk__in=[a.pk, b.pk]).count() == 2
    data = change_form_data(contributor_client, change_url(a))
    data.update(status="draft", workflow_comment="Nope")
    contributor_client.post(change_url(a), data)
    assert Article.objects.get(pk=a.pk).status == Article.Status.REVIEW
    contributor_client.post(
        reverse("admin:articles_article_workflow", args=[a.pk, "send_back"]),
        {"apply": "1", "comment": "Nope"},
    )
    assert Article.objects.get(pk=a.pk).status == Article.Status.REVIEW


def test_editor_publishes_archives_with_actions(desk_client, group_editor):
    articles = [ArticleFactory(in_review=True), ArticleFactory(in_review=True)]
    ids = [a.pk for a in articles]
    response = desk_client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": ids}, follow=True
    )
    assert "2 articles published." in messages_of(response)
    assert set(Article.objects.published().values_list("pk", flat=True)) == set(ids)
    events = AuditEvent.objects.filter(action="publish", user=group_editor)
    assert events.count() == 2
    desk_client.post(CHANGELIST, {"action": "archive_selected", "_selected_action": ids})
    assert set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"archived"}


def test_a_refused_bulk_action_changes_none_of_the_selection(desk_client):
    draft, published = ArticleFactory(), ArticleFactory(published=True)
    response = desk_client.post(
        CHANGELIST,
        {"action": "submit_selected", "_selected_action": [draft.pk, published.pk]},
        follow=True,
    )
    assert any(m.startswith("Nothing was changed") for m in messages_of(response))
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


def test_editor_sends_back_with_a_comment(desk_client):
    article = ArticleFactory(in_review=True)
    url = reverse("admin:articles_article_workflow", args=[article.pk, "send_back"])
    response = desk_client.post(url, {"apply": "1", "comment": " "})
    assert response.status_code == 200
    assert "This field is required" in text_of(response)
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW

    response = desk_client.post(url, {"apply": "1", "comment": "Source the casualty figures."})
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    event = AuditEvent.objects.get(action="send_back")
    assert event.message == "Source the casualty figures."
    assert "Source the casualty figures." in text_of(desk_client.get(change_url(article)))


def test_preview_is_for_staff_only_and_never_cached(client, desk_client, contributor_client):
    article = ArticleFactory(title="Draft on the Sahel")
    url = reverse("admin:articles_article_preview", args=[article.pk])
    response = desk_client.get(url)
    assert response.status_code == 200
    assert "Draft on the Sahel" in response.content.decode()
    assert response.context["preview"] is True
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert contributor_client.get(url).status_code == 200
    # Readers see nothing of it, and a signed-in non-staff user is sent to the login.
    assert client.get(article.get_absolute_url()).status_code == 404
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client.force_login(UserFactory(username="reader"))
    assert client.get(url).status_code == 302


def test_the_audit_trail_is_visible_and_read_only(desk_client, group_editor):
    article = ArticleFactory(in_review=True)
    desk_client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [article.pk]})
    event = AuditEvent.objects.get()
    page = desk_client.get(reverse("admin:articles_auditevent_changelist"))
    assert page.status_code == 200
    assert article.title in page.content.decode()
    assert "desk-editor" in page.content.decode()
    url = reverse("admin:articles_auditevent_change", args=[event.pk])
    desk_client.post(url, {"action": "merge", "message": "forged"})
    assert AuditEvent.objects.get().action == "publish"
    assert desk_client.get(reverse("admin:articles_auditevent_add")).status_code == 403
