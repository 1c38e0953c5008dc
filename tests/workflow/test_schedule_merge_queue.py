"""Scheduling with a frozen clock, duplicates and merge, the review queue, memberships."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, AuditEvent
from partnerships.models import Membership
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EntityFactory,
    MembershipFactory,
    PublisherFactory,
    SourceFactory,
    TopicFactory,
)
from tests.workflow.conftest import messages_of, text_of

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
QUEUE = reverse("admin:articles_reviewqueue_changelist")


def test_scheduled_publication_and_expiry_take_effect_by_time(desk_client, client):
    article = ArticleFactory(in_review=True, slug="nato-summit")
    url = reverse("admin:articles_article_change", args=[article.pk])
    publish_at = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(days=1)
    expire_at = publish_at + datetime.timedelta(days=9)
    schedule = reverse("admin:articles_article_workflow", args=[article.pk, "schedule"])
    page = text_of(desk_client.get(schedule))
    assert 'type="datetime-local"' in page and "Europe/Paris" in page
    response = desk_client.post(
        schedule,
        {
            "apply": "1",
            "publish_at": f"{publish_at:%Y-%m-%dT%H:%M}",
            "expire_at": f"{expire_at:%Y-%m-%dT%H:%M}",
        },
    )
    assert response.status_code == 302, text_of(response)[-2000:]
    assert url in response["Location"]
    assert AuditEvent.objects.get().action == "schedule"
    second = datetime.timedelta(seconds=1)
    with time_machine.travel(publish_at - second, tick=False):
        assert client.get("/en/articles/nato-summit/").status_code == 404
    with time_machine.travel(publish_at + second, tick=False):
        assert client.get("/en/articles/nato-summit/").status_code == 200
    with time_machine.travel(expire_at - second, tick=False):
        assert client.get("/en/articles/nato-summit/").status_code == 200
    with time_machine.travel(expire_at + second, tick=False):
        assert client.get("/en/articles/nato-summit/").status_code == 404
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


def test_probable_duplicates_are_flagged(desk_client):
    ifri = PublisherFactory(name="Ifri")
    a = ArticleFactory(title="La Finlande rejoint l'OTAN", publisher=ifri, summary="x")
    b = ArticleFactory(title="La Finlande rejoint l’OTAN!", publisher=ifri, summary="y")
    c = ArticleFactory(
        title="Finland joins NATO",
        summary="Finland became the 31st member of the Alliance on 4 April 2023.",
    )
    d = ArticleFactory(
        title="Finland joins NATO.",
        summary="Finland became the 31st member of the Alliance on 4 April 2023",
    )
    lone = ArticleFactory(title="Sahel: the end of Barkhane", summary="Something else.")
    response = desk_client.get(CHANGELIST, {"duplicate": "yes"})
    flagged = {obj.pk for obj in response.context["cl"].result_list}
    assert flagged == {a.pk, b.pk, c.pk, d.pk}
    assert lone.pk not in flagged
    page = desk_client.get(reverse("admin:articles_article_change", args=[a.pk]))
    assert f"(#{b.pk}, Ifri)" in text_of(page)


def test_merge_keeps_every_link_of_both(desk_client, group_editor):
    ada, bob, cyd = AuthorFactory(name="Ada"), AuthorFactory(name="Bob"), AuthorFactory(name="Cyd")
    t1, t2 = TopicFactory(), TopicFactory()
    nato, eu = EntityFactory(name="NATO"), EntityFactory(name="EU")
    keep = ArticleFactory(
        title="Finland joins NATO",
        authors=[ada, bob],
        topics=[t1],
        entities=[nato],
        summary="",
        in_review=True,
    )
    duplicate = ArticleFactory(
        title="Finland joins NATO.",
        authors=[bob, cyd],
        topics=[t2],
        entities=[eu, nato],
        summary="The 31st ally.",
        in_review=True,
    )
    ids = [keep.pk, duplicate.pk]
    page = desk_client.post(CHANGELIST, {"action": "merge_selected", "_selected_action": ids})
    assert page.status_code == 200 and "Merge two articles" in page.content.decode()
    response = desk_client.post(
        CHANGELIST,
        {"action": "merge_selected", "_selected_action": ids, "apply": "1", "keep": keep.pk},
        follow=True,
    )
    assert any("was merged into" in m for m in messages_of(response))
    merged = Article.objects.get(pk=keep.pk)
    assert not Article.objects.filter(pk=duplicate.pk).exists()
    assert [a.name for a in merged.ordered_authors] == ["Ada", "Bob", "Cyd"]
    assert set(merged.topics.all()) == {t1, t2}
    assert set(merged.entities.all()) == {nato, eu}
    assert merged.summary == "The 31st ally."
    event = AuditEvent.objects.get(action="merge")
    assert event.user == group_editor and f"#{duplicate.pk}" in event.message


def test_merge_needs_exactly_two(desk_client):
    a = ArticleFactory()
    response = desk_client.post(
        CHANGELIST, {"action": "merge_selected", "_selected_action": [a.pk]}, follow=True
    )
    assert "Select exactly two articles to merge." in messages_of(response)


def test_review_queue_newest_first_with_bulk_subject(desk_client):
    old = ArticleFactory(in_review=True, title="Older import", source_url="https://ifri.org/a")
    new = ArticleFactory(in_review=True, title="Newer import")
    Article.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(1))
    ArticleFactory(published=True, title="Already out")
    response = desk_client.get(QUEUE)
    assert [a.pk for a in response.context["cl"].result_list] == [new.pk, old.pk]
    assert 'href="https://ifri.org/a"' in response.content.decode()

    topic = TopicFactory(name="Military Alliances")
    form = desk_client.post(QUEUE, {"action": "assign_topic", "_selected_action": [old.pk, new.pk]})
    assert form.status_code == 200 and 'name="topic"' in form.content.decode()
    response = desk_client.post(
        QUEUE,
        {
            "action": "assign_topic",
            "_selected_action": [old.pk, new.pk],
            "apply": "1",
            "topic": topic.pk,
        },
        follow=True,
    )
    assert "Subject “Military Alliances” added to 2 articles." in messages_of(response)
    assert set(topic.articles.all()) == {old, new}
    assert Article.objects.get(pk=old.pk).version == 2  # an older open form is now stale
    desk_client.post(QUEUE, {"action": "publish_selected", "_selected_action": [old.pk]})
    assert list(Article.objects.published().filter(pk=old.pk)) == [old]


def test_contributor_sees_the_queue_but_cannot_publish_from_it(contributor_client):
    article = ArticleFactory(in_review=True)
    assert contributor_client.get(QUEUE).status_code == 200
    contributor_client.post(QUEUE, {"action": "publish_selected", "_selected_action": [article.pk]})
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW


def end_selected(client, membership, *, until, precision, source=None):
    """Apply the "end selected memberships" admin action with its date form filled in."""
    source = source or SourceFactory(as_of=datetime.date(2024, 1, 1))
    return client.post(
        reverse("admin:partnerships_membership_changelist"),
        {
            "action": "end_selected",
            "_selected_action": [membership.pk],
            "apply": "1",
            "until": until,
            "precision": precision,
            "source": source.pk,
        },
        follow=True,
    )


def test_editor_ends_a_membership_keeping_its_history(desk_client, contributor_client):
    membership = MembershipFactory(since=datetime.date(1994, 5, 9))
    url = reverse("admin:partnerships_membership_changelist")
    end_selected(contributor_client, membership, until="2023-04-04", precision="day")
    assert Membership.objects.get(pk=membership.pk).until is None

    response = end_selected(desk_client, membership, until="1990-01-01", precision="year")
    assert any(m.startswith("Nothing was changed") for m in messages_of(response))
    assert Membership.objects.get(pk=membership.pk).until is None

    form = desk_client.post(url, {"action": "end_selected", "_selected_action": [membership.pk]})
    assert 'name="until"' in form.content.decode()
    end_selected(desk_client, membership, until="2023-04-04", precision="day")
    ended = Membership.objects.get(pk=membership.pk)
    assert ended.until == datetime.date(2023, 4, 4)
    assert ended.until_source.as_of == datetime.date(2024, 1, 1)
    assert ended.since == datetime.date(1994, 5, 9)
    assert not Membership.objects.current().filter(pk=membership.pk).exists()


def test_demo_editor_is_in_the_editors_group(settings):
    settings.DEBUG = True
    call_command("create_demo_editor", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="editor")
    assert list(user.groups.values_list("name", flat=True)) == ["editors"]
    assert user.has_perm("articles.publish_article")


def test_a_copy_without_publisher_or_from_another_is_a_duplicate(desk_client):
    ifri = PublisherFactory(name="Ifri")
    original = ArticleFactory(title="Europe's defence: the hour of truth", publisher=ifri)
    copy = ArticleFactory(title="Europe’s Defence — the hour of truth", publisher=None)
    other = ArticleFactory(
        title="Europe's defence: the hour of truth", publisher=PublisherFactory()
    )
    response = desk_client.get(CHANGELIST, {"duplicate": "yes"})
    flagged = {obj.pk for obj in response.context["cl"].result_list}
    assert {original.pk, copy.pk, other.pk} <= flagged


def test_merge_side_by_side_with_a_choice_per_field(desk_client):
    ifri = PublisherFactory(name="Ifri")
    keep = ArticleFactory(
        title="Finland joins NATO", summary="Short.", publisher=ifri, body="", in_review=True
    )
    duplicate = ArticleFactory(
        title="Finland joins NATO!",
        summary="The 31st ally, in full.",
        publisher=None,
        body="A body.",
        in_review=True,
    )
    ids = [keep.pk, duplicate.pk]
    page = desk_client.post(CHANGELIST, {"action": "merge_selected", "_selected_action": ids})
    text = text_of(page)
    table = text.split('id="merge"')[1].split("</table>")[0]
    summary_row = table.split('data-field="Summary"')[1].split("</tr>")[0]
    assert "Short." in summary_row and "The 31st ally, in full." in summary_row
    assert f'name="field_summary" value="{duplicate.pk}"' in summary_row
    assert "the same in both" in table.split('data-field="Language"')[1].split("</tr>")[0]
    response = desk_client.post(
        CHANGELIST,
        {
            "action": "merge_selected",
            "_selected_action": ids,
            "apply": "1",
            "keep": keep.pk,
            "field_title": keep.pk,
            "field_summary": duplicate.pk,
            "field_publisher": keep.pk,
            "field_body": duplicate.pk,
        },
        follow=True,
    )
    assert any("was merged into" in m for m in messages_of(response))
    merged = Article.objects.get(pk=keep.pk)
    assert (merged.title, merged.summary, merged.body) == (
        "Finland joins NATO",
        "The 31st ally, in full.",
        "A body.",
    )
    assert merged.publisher == ifri
