"""Revisions (who, when, what changed), comparing and restoring them; the conflicting save."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, AuditEvent
from tests.factories import ArticleFactory, AuthorFactory, TopicFactory
from tests.workflow.conftest import change_form_data, messages_of, text_of

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def edit(client, article, **changes):
    data = change_form_data(client, change_url(article))
    data.update(changes)
    response = client.post(change_url(article), data)
    assert response.status_code == 302, text_of(response)[-3000:]
    return response


@pytest.fixture
def edited_twice(desk_client):
    article = ArticleFactory(title="First title", summary="Original summary.", in_review=True)
    edit(desk_client, article, title="Second title")
    edit(desk_client, article, title="Third title", summary="A rewritten summary.")
    return article


def test_every_save_keeps_a_revision_with_who_and_what(desk_client, edited_twice):
    versions = Version.objects.get_for_object(edited_twice).select_related("revision__user")
    assert [v.field_dict["title"] for v in versions] == ["Third title", "Second title"]
    assert {v.revision.user.username for v in versions} == {"desk-editor"}
    assert "Changed Title" in versions[0].revision.get_comment()
    history = desk_client.get(reverse("admin:articles_article_history", args=[edited_twice.pk]))
    assert "Compare selected revisions" in history.content.decode()


def test_compare_two_revisions_field_by_field(desk_client, edited_twice):
    new, old = Version.objects.get_for_object(edited_twice)
    url = reverse("admin:articles_article_compare", args=[edited_twice.pk])
    response = desk_client.get(url, {"from": old.pk, "to": new.pk})
    assert response.status_code == 200
    rows = {row.label: row for row in response.context["rows"]}
    assert (rows["Title"].old, rows["Title"].new, rows["Title"].changed) == (
        "Second title",
        "Third title",
        True,
    )
    assert rows["Summary"].changed and "<ins>A rewritten</ins>" in str(rows["Summary"].diff)
    assert not rows["Language"].changed
    # Garbage in the query string: back to the history with a message, not a 500.
    response = desk_client.get(url, {"from": "x", "to": "1"}, follow=True)
    assert "Choose two revisions to compare." in messages_of(response)


def test_restore_a_revision_brings_back_text_and_links_not_status(desk_client, group_editor):
    first_author, second_author = AuthorFactory(name="Ada"), AuthorFactory(name="Bob")
    topic = TopicFactory()
    article = ArticleFactory(title="Good title", authors=[first_author], in_review=True)
    edit(desk_client, article, title="Good title", summary="Kept summary.")
    old = Version.objects.get_for_object(article).first()
    data = change_form_data(desk_client, change_url(article))
    data.update(
        {
            "title": "Vandalised",
            "topics": [topic.pk],
            "article_authors-0-author": second_author.pk,
        }
    )
    assert desk_client.post(change_url(article), data).status_code == 302
    desk_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )
    version_before = Article.objects.get(pk=article.pk).version

    url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
    form = desk_client.get(url)
    assert form.status_code == 200 and "Good title" in form.content.decode()
    assert Article.objects.get(pk=article.pk).title == "Vandalised"  # a look changes nothing
    data = change_form_data(desk_client, url)
    assert desk_client.post(url, data).status_code == 302

    restored = Article.objects.get(pk=article.pk)
    assert restored.title == "Good title"
    assert list(restored.topics.all()) == []
    assert [a.name for a in restored.ordered_authors] == ["Ada"]
    assert restored.status == Article.Status.PUBLISHED  # workflow state is not rolled back
    assert restored.version == version_before + 1
    event = AuditEvent.objects.get(action="restore")
    assert event.user == group_editor and event.object_id == str(article.pk)


def test_the_second_of_two_concurrent_saves_is_refused(desk_client, contributor_client):
    article = ArticleFactory(title="Original", summary="Original summary.")
    first = change_form_data(desk_client, change_url(article))
    second = change_form_data(contributor_client, change_url(article))
    assert first["expected_version"] == second["expected_version"] == 1

    first["title"] = "Editor's title"
    assert desk_client.post(change_url(article), first).status_code == 302
    second.update(title="Contributor's title", summary="Contributor's summary.")
    response = contributor_client.post(change_url(article), second)

    assert response.status_code == 200
    page = text_of(response)
    assert "changed by someone else since you opened it" in page
    assert re.search(
        rf'<a href="{change_url(article)}"[^>]*>Open the newer version \(2\)</a>', page
    )
    assert "Contributor&#x27;s summary." in page  # the refused text is still on screen
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.summary, stored.version) == (
        "Editor's title",
        "Original summary.",
        2,
    )
    assert Version.objects.get_for_object(article).count() == 1


def test_a_contributor_cannot_restore_an_old_revision_of_a_live_article(
    desk_client, contributor_client, edited_twice
):
    first = Version.objects.get_for_object(edited_twice).last()
    desk_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [edited_twice.pk]},
    )
    url = reverse("admin:articles_article_revision", args=[edited_twice.pk, first.pk])
    data = change_form_data(desk_client, url)
    response = contributor_client.post(url, data)
    assert response.status_code == 403
    live = Article.objects.get(pk=edited_twice.pk)
    assert live.title == "Third title" and live.status == Article.Status.PUBLISHED
    assert not AuditEvent.objects.filter(action="restore").exists()


@pytest.mark.django_db(transaction=True)  # the page cache is invalidated on commit
def test_a_deleted_article_is_recovered_as_a_draft_out_of_readers_sight(
    client, desk_client, group_editor
):
    article = ArticleFactory(title="Merged away", slug="merged-away", in_review=True)
    edit(desk_client, article, title="Merged away")
    desk_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )
    assert client.get("/en/articles/merged-away/").status_code == 200
    Article.objects.get(pk=article.pk).delete()
    deleted = Version.objects.get_deleted(Article).get(object_id=str(article.pk))
    url = reverse("admin:articles_article_recover", args=[deleted.pk])
    response = desk_client.post(url, change_form_data(desk_client, url))
    assert response.status_code == 302
    recovered = Article.objects.get(pk=article.pk)
    assert recovered.status == Article.Status.DRAFT
    assert client.get("/en/articles/merged-away/").status_code == 404
    assert AuditEvent.objects.filter(action="restore", user=group_editor).exists()
