"""Nothing unpublished ever reaches readers: drafts, reviews, scheduled, expired and archived
articles stay out of every list, count, facet, search result, feed, sitemap, related list,
entity page and author page."""

import pytest

pytestmark = pytest.mark.django_db

SURFACES = [
    "/en/",
    "/fr/",
    "/en/subjects/",
    "/en/subjects/military-alliances/",
    "/en/subjects/military-alliances/?language=fr",
    "/en/subjects/european-defence/",
    "/en/articles/eudis-hedi-diana/",
    "/en/articles/otan-finlande/",
    "/en/authors/marie-dupont/",
    "/en/partnerships/",
    "/en/partnerships/nato/",
    "/en/partnerships/finland/",
    "/en/partnerships/pfp/",
    "/en/search/?q=piece",
    "/en/search/?q=draft",
    "/en/feeds/",
    "/en/subjects/military-alliances/feed/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-authors.xml",
    "/sitemap-subjects.xml",
    "/sitemap-publishers.xml",
]


@pytest.mark.parametrize("url", SURFACES)
def test_hidden_articles_appear_nowhere(client, world, url):
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    for hidden in world["hidden"]:
        assert hidden.title not in content
        assert hidden.slug not in content
        assert "HIDDENTEXT" not in content
        assert "Ghost" not in content
    assert "1999</a>" not in content  # the year facet has no hidden article's year
    assert "1999-01-01" not in content
    assert "Fact sheet" not in content and "Fiche d" not in content  # nor its kind


@pytest.mark.parametrize("slug", ["draft", "in_review", "archived", "scheduled", "expired"])
def test_hidden_article_pages_are_404(client, world, slug):
    assert client.get(f"/en/articles/secret-{slug}/").status_code == 404


def test_author_of_hidden_articles_only_has_no_page(client, world):
    assert client.get("/en/authors/ghost-draft/").status_code == 404


def test_counts_ignore_hidden_articles(client, world):
    page = client.get("/en/subjects/european-defence/").content.decode()
    assert "1 publication" in page  # the published analysis, not the five hidden ones
    page = client.get("/en/partnerships/").content.decode()
    pfp_card = page.split('href="/en/partnerships/pfp/"')[1].split("</li>")[0]
    assert "article" not in pfp_card  # only hidden articles are about PfP


def test_editors_signed_in_see_the_same_public_rule(client, world, editor):
    client.force_login(editor)
    page = client.get("/en/subjects/military-alliances/").content.decode()
    assert "SECRET" not in page


@pytest.mark.parametrize("query", ["SECRET", "HIDDENTEXT", "Ghost", "fact sheet"])
def test_search_finds_nothing_hidden(client, world, query):
    page = client.get("/en/search/", {"q": query}).content.decode()
    assert f"0 results for “{query}”" in page
    assert 'id="result-articles"' in page and "secret-" not in page
