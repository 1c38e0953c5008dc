"""Editors' and contributors' paths in a real browser.

Editor: log in → the desk → the review list → fix an imported article → Schedule… (date
picker) → the preview's "not published" banner → Publish now → the public page.
Contributor: write, submit, find no publish button, and see "sent back" with the comment.
"""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.roles import CONTRIBUTORS
from articles.services import demo_editor_ensure
from tests.factories import ArticleFactory, EntityFactory, TopicFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized rollback puts back the role groups
    # the migration created once this test has flushed the database.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector("#desk")


def test_editor_reviews_schedules_previews_and_publishes(live_server, page):
    demo_editor_ensure(username="desk", password="a long desk password")
    article = ArticleFactory(
        in_review=True,
        title="Finland joins NATOO",
        slug="finland-joins-nato",
        summary="Finland became the 31st member of the Alliance.",
        source_url="https://example.org/finland",
        topics=[TopicFactory(name="Military Alliances")],
        entities=[EntityFactory(name="North Atlantic Treaty Organization", short_name="NATO")],
    )

    log_in(page, live_server, "desk", "a long desk password")
    assert "Editors' desk" in page.locator("#site-name").inner_text()
    review = page.locator("#desk-review")
    assert "Finland joins NATOO" in review.inner_text()
    review.get_by_role("link", name="In review").click()
    row = page.locator("#result_list tbody tr", has_text="Finland joins NATOO")
    row.get_by_role("link", name="Finland joins NATOO").click()

    page.wait_for_selector("#id_title")
    page.fill("#id_title", "Finland joins NATO")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    page.get_by_role("button", name="Schedule…").click()
    at = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(days=2)
    picker = page.locator("input[type=datetime-local]#id_publish_at")
    picker.fill(f"{at:%Y-%m-%dT%H:%M}")
    page.get_by_role("button", name="Schedule").click()
    message = page.locator(".messagelist .success").inner_text()
    assert f"scheduled for {at:%Y-%m-%d %H:%M}" in message
    assert "scheduled for" in page.locator("#workflow").inner_text()

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/preview/")
    banner = page.locator(".preview-banner").inner_text()
    assert "Not published" in banner and "scheduled for" in banner
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "preview-banner.png"))
    assert page.request.get(f"{live_server.url}/en/articles/{article.slug}/").status == 404

    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.get_by_role("button", name="Unpublish").click()
    page.wait_for_selector(".messagelist .success")
    page.get_by_role("button", name="Publish now").click()
    assert "now published" in page.locator(".messagelist .success").inner_text()

    page.goto(f"{live_server.url}/en/articles/{article.slug}/")
    assert page.locator("h1").inner_text() == "Finland joins NATO"
    assert page.get_by_role("link", name="Read the original").count() == 1


def test_contributor_submits_cannot_publish_and_sees_sent_back(live_server, page):
    editor = demo_editor_ensure(username="desk", password="a long desk password")
    writer = UserFactory(username="writer", staff=True)
    writer.set_password("a long writer password")
    writer.save()
    writer.groups.add(Group.objects.get(name=CONTRIBUTORS))
    article = ArticleFactory(title="Sahel withdrawal", created_by=writer)

    log_in(page, live_server, "writer", "a long writer password")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.fill("#id_body", "## Why now\n\n- first\n- second")
    page.wait_for_selector(".markdown-preview li")  # the live preview (plain text: a list)
    page.select_option("#id_body_format", "markdown")
    page.wait_for_selector(".markdown-preview h3")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    workflow = page.locator("#workflow")
    assert workflow.get_by_role("button", name="Publish now").count() == 0
    workflow.get_by_role("button", name="Submit for review").click()
    page.wait_for_selector(".messagelist .success")
    assert "In review" in page.locator("#workflow").inner_text()
    assert page.locator("#workflow button").count() == 0

    from articles import services

    article.refresh_from_db()
    services.article_transition(
        article=article, user=editor, action="send_back", comment="Source the casualty figures."
    )
    page.goto(f"{live_server.url}/admin/")
    sent_back = page.locator("#desk-sent_back")
    assert "Sahel withdrawal" in sent_back.inner_text()
    sent_back.get_by_role("link", name="Sahel withdrawal").click()
    note = page.locator(".sent-back").inner_text()
    assert "Source the casualty figures." in note and "desk" in note
