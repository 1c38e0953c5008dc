"""Every public page is well-formed HTML5 (no parse error under the WHATWG algorithm), has
one h1, headings that never skip a level, unique ids, labelled form fields and landmarks."""

import re

import html5lib
import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/{lang}/",
    "/{lang}/subjects/",
    "/{lang}/subjects/military-alliances/",
    "/{lang}/subjects/military-alliances/?language=en&year=2024",
    "/{lang}/subjects/european-defence/",
    "/{lang}/articles/eudis-hedi-diana/",
    "/{lang}/articles/undated-teaser/",
    "/{lang}/authors/marie-dupont/",
    "/{lang}/authors/",
    "/{lang}/articles/",
    "/{lang}/articles/?sort=title&language=en",
    "/{lang}/articles/france-culture/",
    "/{lang}/partnerships/",
    "/{lang}/partnerships/pfp/",
    "/{lang}/partnerships/finland/",
    "/{lang}/partnerships/nato/",
    "/{lang}/search/?q=NATO",
    "/{lang}/search/",
]
NS = "{http://www.w3.org/1999/xhtml}"


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("url", PAGES)
def test_page_is_valid_accessible_html5(client, world, url, lang):
    response = client.get(url.format(lang=lang))
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith("<!DOCTYPE html>")
    document = html5lib.HTMLParser(strict=True).parse(text)  # raises on any parse error

    assert document.get("lang") == lang
    ids = [e.get("id") for e in document.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    headings = [
        int(e.tag[-1]) for e in document.iter() if re.fullmatch(f"{re.escape(NS)}h[1-6]", e.tag)
    ]
    assert headings[0] == 1 and headings.count(1) == 1
    for previous, current in zip(headings, headings[1:], strict=False):
        assert current <= previous + 1, f"heading level skipped: h{previous} → h{current}"
    for landmark in ("header", "main", "footer", "nav"):
        assert document.find(f".//{NS}{landmark}") is not None, landmark
    labels = {e.get("for") for e in document.iter(f"{NS}label")}
    for field in document.iter(f"{NS}input"):
        assert field.get("id") in labels, "an input without a label"
    for image in document.iter(f"{NS}img"):
        assert image.get("alt") is not None
