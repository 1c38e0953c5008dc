"""One editor's full path in a real browser: log in, open the review queue, fix an imported
article's title, publish it, and read it on the public page."""

import pytest

from articles.services import demo_editor_ensure
from tests.factories import ArticleFactory, EntityFactory, TopicFactory

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; serialized rollback puts back the role groups
    # the migration created once this test has flushed the database.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_editor_fixes_and_publishes_an_imported_article(live_server, page):
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

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", "a long desk password")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")

    page.goto(f"{live_server.url}/admin/articles/reviewqueue/")
    row = page.locator("#result_list tbody tr", has_text="Finland joins NATOO")
    assert "Military Alliances" in row.inner_text()
    assert "NATO" in row.inner_text()
    row.get_by_role("link", name="Finland joins NATOO").click()

    page.wait_for_selector("#id_title")
    page.fill("#id_title", "Finland joins NATO")
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    page.goto(f"{live_server.url}/en/articles/{article.slug}/")
    assert page.locator("h1").inner_text() == "Finland joins NATO"
