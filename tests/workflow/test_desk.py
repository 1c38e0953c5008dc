"""The editors' desk on the admin home, the workflow buttons on the article's page, the
"not published" banner of the preview, the live preview of a Markdown body."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, AuditEvent
from tests.factories import ArticleFactory, EntityFactory, MembershipFactory
from tests.workflow.conftest import messages_of, text_of

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
CHANGELIST = reverse("admin:articles_article_changelist")


def workflow(article, button):
    return reverse("admin:articles_article_workflow", args=[article.pk, button])


def section(page, key):
    return page.split(f'id="desk-{key}"')[1].split('<div class="module desk-section"')[0]


def test_desk_shows_what_needs_doing_with_links_to_the_filtered_lists(desk_client, contributor):
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(days=3)):
        ArticleFactory(in_review=True, title="Oldest waiting")
    ArticleFactory(in_review=True, title="Newest waiting")
    ArticleFactory(
        published=True, title="Goes live later", publish_at=now + datetime.timedelta(days=2)
    )
    ArticleFactory(published=True, title="Already live")
    MembershipFactory(source=None, member=EntityFactory(name="Ruritania"))
    MembershipFactory(member=EntityFactory(name="Sourced state"))

    page = text_of(desk_client.get(INDEX))
    assert "Editors&#x27; desk" in page
    review = section(page, "review")
    assert "(2)" in review
    assert review.index("Oldest waiting") < review.index("Newest waiting")
    assert f'href="{CHANGELIST}?desk=review"' in review
    scheduled = section(page, "scheduled")
    assert "Goes live later" in scheduled and "Already live" not in scheduled
    local = timezone.localtime(now + datetime.timedelta(days=2))
    assert f"({local:%Z})" in scheduled or "(CET)" in scheduled or "(CEST)" in scheduled
    broken = section(page, "broken_facts")
    assert "Ruritania" in broken and "Sourced state" not in broken
    assert "?source__isempty=1" in broken

    listing = text_of(desk_client.get(f"{CHANGELIST}?desk=review"))
    assert listing.index("Oldest waiting") < listing.index("Newest waiting")
    assert "Already live" not in listing
    memberships = desk_client.get(
        reverse("admin:partnerships_membership_changelist"), {"source__isempty": "1"}
    )
    assert memberships.status_code == 200
    assert "Ruritania" in text_of(memberships) and "Sourced state" not in text_of(memberships)
    scheduled_list = text_of(desk_client.get(f"{CHANGELIST}?desk=scheduled"))
    assert "Goes live later" in scheduled_list and f"{local:%Y-%m-%d %H:%M}" in scheduled_list


def test_buttons_are_offered_by_status_and_permission(desk_client, contributor_client):
    draft = ArticleFactory()
    review = ArticleFactory(in_review=True)
    live = ArticleFactory(published=True)
    change = "admin:articles_article_change"

    def buttons(client, article):
        page = text_of(client.get(reverse(change, args=[article.pk])))
        panel = page.split('id="workflow"')[1].split("</div>")[0]
        labels = ["Submit for review", "Publish now", "Schedule…", "Send back…", "Unpublish"]
        return {label for label in [*labels, "Archive"] if f">{label}</button>" in panel}

    assert buttons(contributor_client, draft) == {"Submit for review"}
    assert buttons(contributor_client, review) == set()
    assert buttons(desk_client, draft) == {
        "Submit for review",
        "Publish now",
        "Schedule…",
        "Archive",
    }
    assert buttons(desk_client, review) == {"Publish now", "Schedule…", "Send back…", "Archive"}
    assert buttons(desk_client, live) == {"Unpublish", "Archive"}
    assert 'name="status"' not in text_of(desk_client.get(reverse(change, args=[draft.pk])))


def test_schedule_then_preview_banner_then_publish_now(desk_client, client):
    article = ArticleFactory(in_review=True, title="Baltic air policing", slug="baltic")
    at = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(days=1)
    past = desk_client.post(
        workflow(article, "schedule"), {"apply": "1", "publish_at": "2001-01-01T09:00"}
    )
    assert "Choose a time in the future" in text_of(past)
    response = desk_client.post(
        workflow(article, "schedule"),
        {"apply": "1", "publish_at": f"{at:%Y-%m-%dT%H:%M}"},
        follow=True,
    )
    assert f"is scheduled for {at:%Y-%m-%d %H:%M} (Europe/Paris)" in " ".join(messages_of(response))
    stored = Article.objects.get(pk=article.pk)
    assert stored.publish_at == at and AuditEvent.objects.get().action == "schedule"

    preview = text_of(desk_client.get(reverse("admin:articles_article_preview", args=[article.pk])))
    banner = preview.split('class="preview-banner"')[1].split("</div>")[0]
    assert "Not published" in banner and "scheduled for" in banner
    assert client.get("/en/articles/baltic/").status_code == 404

    desk_client.post(workflow(stored, "unpublish"), {"expected_version": stored.version})
    stored = Article.objects.get(pk=article.pk)
    assert stored.status == "draft"
    desk_client.post(workflow(stored, "publish"), {"expected_version": stored.version})
    assert client.get("/en/articles/baltic/").status_code == 200
    preview = text_of(desk_client.get(reverse("admin:articles_article_preview", args=[article.pk])))
    assert "Not published" not in preview


def test_a_stale_button_is_refused(desk_client):
    article = ArticleFactory(in_review=True)
    response = desk_client.post(workflow(article, "publish"), {"expected_version": 99}, follow=True)
    assert "changed by someone else" in " ".join(messages_of(response))
    assert Article.objects.get(pk=article.pk).status == "review"


def test_contributor_sees_sent_back_with_the_comment(contributor_client, contributor, desk_client):
    article = ArticleFactory(title="Sahel withdrawal", created_by=contributor)
    contributor_client.post(workflow(article, "submit"), {"expected_version": 1})
    response = contributor_client.post(workflow(article, "publish"), {}, follow=True)
    assert "You may not do" in " ".join(messages_of(response))
    desk_client.post(
        workflow(article, "send_back"), {"apply": "1", "comment": "Source the figures."}
    )
    assert Article.objects.get(pk=article.pk).status == "draft"

    desk = text_of(contributor_client.get(INDEX))
    assert 'id="desk-review"' not in desk  # contributors do not review
    sent_back = section(desk, "sent_back")
    assert "Sahel withdrawal" in sent_back and "(1)" in sent_back
    page = text_of(
        contributor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    )
    assert "Sent back" in page and "Source the figures." in page
    listing = text_of(contributor_client.get(f"{CHANGELIST}?desk=sent_back"))
    assert "Sahel withdrawal" in listing

    contributor_client.post(workflow(article, "submit"), {})
    assert "Sahel withdrawal" not in section(text_of(contributor_client.get(INDEX)), "sent_back")


def test_live_preview_renders_markdown_sanitised_for_staff_only(desk_client, client):
    url = reverse("admin:articles_article_render_body")
    response = desk_client.post(
        url, {"body": "## Hi\n\n<script>x</script>", "body_format": "markdown"}
    )
    assert response.status_code == 200
    assert "<h3>Hi</h3>" in response.content.decode()
    assert "<script>" not in response.content.decode()
    plain = desk_client.post(url, {"body": "- a\n- b", "body_format": "plain"}).content.decode()
    assert plain == "<ul><li>a</li><li>b</li></ul>"
    assert client.post(url, {"body": "x"}).status_code == 302  # to the login
    change = text_of(desk_client.get(reverse("admin:articles_article_add")))
    assert "admin/articles/markdown_preview.js" in change


def test_desk_and_catalogue_queries_do_not_grow_with_the_catalogue(desk_client, client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(c, url):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert c.get(url).status_code == 200
        return len(queries)

    count(desk_client, INDEX)  # warm the per-process caches (content types)
    counts = []
    for _ in range(2):
        for n in range(10):
            ArticleFactory(in_review=True)
            ArticleFactory(
                published=True, publish_at=timezone.now() + datetime.timedelta(days=n + 1)
            )
            ArticleFactory(published=True)
        MembershipFactory(source=None)
        counts.append((count(desk_client, INDEX), count(desk_client, f"{CHANGELIST}?desk=review")))
    assert counts[0] == counts[1], counts
