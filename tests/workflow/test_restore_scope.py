"""Restoring a revision touches only the article restored; bulk actions keep one revision
per article; a restore is a service with its own permission check and audit event."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from articles import services
from articles.models import Article, AuditEvent
from tests.factories import ArticleFactory, AuthorFactory
from tests.workflow.conftest import change_form_data

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/article/"


def test_bulk_publish_keeps_one_revision_per_article(desk_client):
    first, second = ArticleFactory(in_review=True), ArticleFactory(in_review=True)
    desk_client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [first.pk, second.pk]}
    )
    assert Article.objects.filter(status="published").count() == 2
    (one,) = Version.objects.get_for_object(first)
    (other,) = Version.objects.get_for_object(second)
    assert one.revision_id != other.revision_id
    assert {
        v.object_id for v in one.revision.version_set.filter(content_type__model="article")
    } == {str(first.pk)}


def test_restoring_a_shared_revision_touches_only_that_article(desk_client, group_editor):
    ada, bob = AuthorFactory(name="Ada"), AuthorFactory(name="Bob")
    draft = ArticleFactory(title="Draft, first title", authors=[ada])
    other = ArticleFactory(title="Other, old title", authors=[bob], published=True)
    # A revision holding both articles, as bulk actions stored them before.
    with reversion.create_revision():
        reversion.add_to_revision(draft)
        reversion.add_to_revision(other)
        for link in [*draft.article_authors.all(), *other.article_authors.all()]:
            reversion.add_to_revision(link)
    shared = Version.objects.get_for_object(draft).get()

    services.article_save(article=draft, user=group_editor, authors=[bob])
    draft.title = "Draft, rewritten"
    services.article_save(article=draft, user=group_editor)
    other.title = "Other, new title"
    services.article_save(article=other, user=group_editor, authors=[ada])
    services.article_transition(article=other, user=group_editor, action="archive")

    url = reverse("admin:articles_article_revision", args=[draft.pk, shared.pk])
    response = desk_client.post(url, change_form_data(desk_client, url))
    assert response.status_code == 302

    draft.refresh_from_db()
    assert draft.title == "Draft, first title"
    assert [a.name for a in draft.ordered_authors] == ["Ada"]
    other.refresh_from_db()
    assert (other.title, other.status) == ("Other, new title", "archived")
    assert [a.name for a in other.ordered_authors] == ["Ada"]
    restores = AuditEvent.objects.filter(action="restore")
    assert [(e.object_id, e.user) for e in restores] == [(str(draft.pk), group_editor)]


def test_article_restore_checks_its_own_permission(contributor, group_editor):
    live = ArticleFactory(title="Live title", published=True)
    services.article_save(article=live, user=group_editor)
    old = Version.objects.get_for_object(live).get()
    live.title = "Live, edited"
    services.article_save(article=live, user=group_editor)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.article_restore(article=live, version=old, user=contributor)
    live.refresh_from_db()
    assert live.title == "Live, edited"
    assert not AuditEvent.objects.filter(action="restore").exists()
    services.article_restore(article=live, version=old, user=group_editor)
    live.refresh_from_db()
    assert (live.title, live.status) == ("Live title", "published")
    assert AuditEvent.objects.filter(action="restore", user=group_editor).count() == 1
