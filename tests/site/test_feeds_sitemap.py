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


def section_pages(client):
    """The section pages /sitemap.xml (an index) names, each parsed."""
    index = parse(client.get("/sitemap.xml"))
    pages = [entry.findtext(f"{SITEMAP}loc") for entry in index.findall(f"{SITEMAP}sitemap")]
    assert pages, "the index names no section"
    return [parse(client.get(page.removeprefix("http://testserver"))) for page in pages]


def sitemap_urls(client):
    return [url for page in section_pages(client) for url in page.findall(f"{SITEMAP}url")]


def test_sitemap_lists_every_public_page_in_both_languages(client, world):
    urls = sitemap_urls(client)
    locations = [url.findtext(f"{SITEMAP}loc") for url in urls]
    assert len(locations) == len(set(locations)), "an address is listed twice"
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
    first = urls[0]
    alternates = {link.get("hreflang") for link in first.findall(f"{XHTML}link")}
    assert alternates == {"en", "fr"}


def test_every_sitemap_page_answers(client, world):
    for url in sitemap_urls(client):
        location = url.findtext(f"{SITEMAP}loc").removeprefix("http://testserver")
        assert client.get(location).status_code == 200, location


def test_the_article_section_is_paged_by_the_index(client, world, monkeypatch):
    """A million articles make many short section pages named by the index, not one
    document: every published article appears once per language, across the pages."""
    from articles.models import Article
    from articles.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 3)  # addresses per page
    index = parse(client.get("/sitemap.xml"))
    pages = [e.findtext(f"{SITEMAP}loc") for e in index.findall(f"{SITEMAP}sitemap")]
    articles = [page for page in pages if "/sitemap-articles.xml" in page]
    published = Article.objects.published().count()
    assert len(articles) == -(-published * 2 // 3) > 1
    listed = []
    for page in articles:
        root = parse(client.get(page.removeprefix("http://testserver")))
        listed += [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    slugs = Article.objects.published().values_list("slug", flat=True)
    expected = {
        f"http://testserver/{lang}/articles/{slug}/" for slug in slugs for lang in ("en", "fr")
    }
    assert sorted(listed) == sorted(expected)
