"""An entity page on a 390 px phone: the membership diagram and the timeline keep labels of
at least 12 px, the membership tables and pictures never make the page scroll sideways."""

import pytest

from tests.site.world import build_world

pytestmark = pytest.mark.browser

SMALLEST_LABEL = """() => {
  let smallest = 1000;
  for (const svg of document.querySelectorAll('figure.chart svg')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text')) {
      const size = parseFloat(getComputedStyle(text).fontSize) * scale;
      smallest = Math.min(smallest, size);
    }
  }
  return smallest;
}"""


@pytest.fixture
def site(live_server, transactional_db):
    build_world()
    return live_server.url


@pytest.mark.parametrize("path", ["/en/partnerships/pfp/", "/fr/partnerships/nato/"])
def test_entity_page_at_390_px(page, site, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + path)
    assert page.locator("figure.chart svg").count() >= 1
    assert page.evaluate(SMALLEST_LABEL) >= 12
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for selector in (".table-scroll", "figure.chart"):
        for box in page.locator(selector).all():
            assert box.bounding_box()["width"] <= 390
    # The date picker works without JavaScript: a date shows who belonged then.
    page.fill("#id_on", "2000-01-01")
    page.locator("form.as-of button").click()
    assert "on=2000-01-01" in page.url
