"""An entity page on a 390 px phone: the membership diagram and the timeline are redrawn
for the phone (one column, labels above the bars) with labels of at least 12 px, nothing
scrolls sideways, neither the page nor a picture or a table inside its frame; on a wide
screen the wide drawings are shown, at their size."""

import pytest

from tests.site.world import build_world

pytestmark = pytest.mark.browser

#: The smallest rendered label of the pictures shown (hidden drawings have no size).
SMALLEST_LABEL = """() => {
  let smallest = 1000, shown = 0;
  for (const svg of document.querySelectorAll('figure.chart svg')) {
    const width = svg.getBoundingClientRect().width;
    if (width === 0) continue;
    shown += 1;
    const scale = width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text')) {
      smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * scale);
    }
  }
  return [shown, smallest];
}"""

#: Boxes a reader could scroll sideways (content wider than the box).
OVERFLOWING = """() => [...document.querySelectorAll('main *')]
  .filter(el => el.getBoundingClientRect().width > 0 && el.scrollWidth > el.clientWidth + 1
                && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
  .map(el => el.tagName + '.' + el.className)"""

#: Visible elements whose right edge passes the viewport's.
PAST_THE_EDGE = """() => [...document.querySelectorAll('main *')]
  .filter(el => { const r = el.getBoundingClientRect();
                  return r.width > 0 && r.right > window.innerWidth + 1; })
  .map(el => el.tagName + '.' + el.className)"""


@pytest.fixture
def site(live_server, transactional_db):
    build_world()
    return live_server.url


@pytest.mark.parametrize("path", ["/en/partnerships/pfp/", "/fr/partnerships/nato/"])
def test_entity_page_at_390_px(page, site, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + path)
    shown, smallest = page.evaluate(SMALLEST_LABEL)
    assert shown >= 1 and round(smallest, 2) >= 12, (shown, smallest)
    assert page.locator(".chart-narrow svg").first.is_visible()
    assert not page.locator(".chart-wide svg").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate(PAST_THE_EDGE) == []
    for selector in (".table-scroll", "figure.chart"):
        for box in page.locator(selector).all():
            assert box.bounding_box()["width"] <= 390
    # The date picker works without JavaScript: a date shows who belonged then.
    page.fill("#id_on", "2000-01-01")
    page.locator("form.as-of button").click()
    assert "on=2000-01-01" in page.url
    assert page.evaluate(OVERFLOWING) == [] and page.evaluate(PAST_THE_EDGE) == []


def test_entity_page_on_a_wide_screen_shows_the_wide_drawings(page, site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/en/partnerships/nato/")
    assert page.locator(".chart-wide svg").first.is_visible()
    assert not page.locator(".chart-narrow svg").first.is_visible()
    shown, smallest = page.evaluate(SMALLEST_LABEL)
    assert shown >= 1 and round(smallest, 2) >= 12, (shown, smallest)
    assert page.evaluate(OVERFLOWING) == []
