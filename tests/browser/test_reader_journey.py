"""A reader's journey in a real browser: home → subject → facet → article → entity, in
English then French, a search, the keyboard and a phone-sized screen."""

from pathlib import Path

import pytest

from tests.site.world import build_world

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def site(live_server, transactional_db):
    build_world()
    return live_server.url


def test_home_subject_facet_article_entity_in_english_and_french(page, site):
    page.goto(site + "/en/")
    assert page.locator("h1").inner_text() == "Defence and international relations analysis"
    page.locator("#subjects-heading + ul").get_by_role("link", name="Military Alliances").click()
    assert page.locator("h1").inner_text() == "Military Alliances"

    # A facet: French only; then the French article.
    page.locator(".facets").get_by_role("link", name="French").click()
    assert "language=fr" in page.url
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "subject-facet-en.png"), full_page=True)
    publications = page.locator("section[aria-labelledby=publications-heading]")
    assert publications.locator("h3").all_inner_texts() == ["L'OTAN et la Finlande"]
    publications.get_by_role("link", name="L'OTAN et la Finlande").click()
    assert page.locator("h1").inner_text() == "L'OTAN et la Finlande"
    assert page.locator("h1").get_attribute("lang") == "fr"

    # The entity it is about, with its pictures.
    page.locator("section[aria-labelledby=about-heading]").get_by_role(
        "link", name="Finland"
    ).click()
    assert page.locator("h1").inner_text().startswith("Finland")
    assert page.locator("figure.chart svg:visible").count() == 2  # the drawings for this screen
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "entity-finland-en.png"), full_page=True)

    # The same page in French, then the same journey from the French home page.
    page.locator(".language-switch").get_by_role("link", name="français").click()
    assert page.url.endswith("/fr/partnerships/finland/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text().startswith("Finlande")
    page.get_by_role("link", name="Analyse de défense").first.click()
    assert page.locator("h1").inner_text() == "Analyses de défense et de relations internationales"
    page.locator("#subjects-heading + ul").get_by_role("link", name="Alliances militaires").click()
    assert page.locator("h1").inner_text() == "Alliances militaires"
    page.get_by_role("link", name="EUDIS, HEDI, DIANA: three acronyms").first.click()
    assert "Publié" in page.locator("main").inner_text()
    page.locator("section[aria-labelledby=about-heading]").get_by_role(
        "link", name="Organisation du traité de l'Atlantique nord"
    ).click()
    assert page.locator("h1").inner_text().startswith("Organisation du traité")
    assert "Membres et partenaires" in page.locator("main").inner_text()
    page.screenshot(path=str(ARTIFACTS / "entity-nato-fr.png"), full_page=True)


def test_search_from_the_header(page, site):
    page.goto(site + "/en/")
    page.get_by_label("Search", exact=True).fill("acronyms")
    page.get_by_label("Search", exact=True).press("Enter")
    assert "/en/search/?q=acronyms" in page.url
    results = page.locator("section[aria-labelledby=result-articles]")
    assert results.get_by_role("link", name="EUDIS, HEDI, DIANA: three acronyms").is_visible()
    assert "SECRET" not in page.content()
    page.screenshot(path=str(ARTIFACTS / "search-en.png"), full_page=True)


def test_keyboard_reaches_the_skip_link_first(page, site):
    page.goto(site + "/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#content")


def test_phone_screen_has_no_horizontal_scroll(page, site):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/en/", "/en/subjects/military-alliances/", "/fr/partnerships/pfp/"):
        page.goto(site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (path, width)
    page.screenshot(path=str(ARTIFACTS / "phone-pfp-fr.png"), full_page=True)
