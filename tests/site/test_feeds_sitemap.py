"""The RSS feeds and /sitemap.xml parse as XML and list published pages only."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def parse(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_site_feed(client, world):
    response = client.get("/en/feeds/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response).find("channel")
    items = channel.findall("item")
    titles = [item.findtext("title") for item in items]
    assert titles[:2] == ["EUDIS, HEDI, DIANA: three acronyms", "Interview on France Culture"]
    assert set(titles) == {
        "EUDIS, HEDI, DIANA: three acronyms",
        "Interview on France Culture",
        "L'OTAN et la Finlande",
        "An undated teaser",
    }
    first = items[0]
    assert first.findtext("link") == "http://testserver/en/articles/eudis-hedi-diana/"
    assert "2024" in first.findtext("pubDate")
    assert "Military Alliances" in [c.text for c in first.findall("category")]
    undated = next(i for i in items if i.findtext("title") == "An undated teaser")
    assert undated.find("pubDate") is None  # no made-up date


def test_subject_feed_in_french(client, world):
    channel = parse(client.get("/fr/subjects/european-defence/feed/")).find("channel")
    assert channel.findtext("title") == "Analyse de défense : European Defence"
    assert [i.findtext("title") for i in channel.findall("item")] == [
        "EUDIS, HEDI, DIANA: three acronyms"
    ]
    assert channel.findall("item")[0].findtext("link").startswith("http://testserver/fr/")


def test_sitemap_lists_every_public_page_in_both_languages(client, world):
    root = parse(client.get("/sitemap.xml"))
    locations = {url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")}
    expected = [
        "/",
        "/subjects/",
        "/articles/",
        "/authors/",
        "/partnerships/",
        "/subjects/military-alliances/",
        "/subjects/european-defence/",
        "/subjects/indo-pacific/",
        "/articles/eudis-hedi-diana/",
        "/articles/otan-finlande/",
        "/articles/undated-teaser/",
        "/articles/france-culture/",
        "/authors/jane-smith/",
        "/authors/marie-dupont/",
        f"/publishers/{world['analysis'].publisher.slug}/",
        "/partnerships/nato/",
        "/partnerships/pfp/",
        "/partnerships/finland/",
    ]
    for language in ("en", "fr"):
        for path in expected:
            assert f"http://testserver/{language}{path}" in locations
    assert not any("secret-" in loc or "ghost-" in loc for loc in locations)
    first = root.find(f"{SITEMAP}url")
    alternates = {link.get("hreflang") for link in first.findall(f"{XHTML}link")}
    assert alternates == {"en", "fr"}


def test_every_sitemap_page_answers(client, world):
    root = parse(client.get("/sitemap.xml"))
    for url in root.findall(f"{SITEMAP}url"):
        location = url.findtext(f"{SITEMAP}loc").removeprefix("http://testserver")
        assert client.get(location).status_code == 200, location
