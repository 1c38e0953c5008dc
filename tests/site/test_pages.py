"""Each public page over the test client: status codes and what a reader sees."""

import json
import re

import pytest
from django.utils.html import escape

from tests.factories import ArticleFactory, EntityFactory, TopicFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_root_redirects_by_browser_language(client):
    response = client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert response["Location"] == "/en/"


def test_home_shows_featured_latest_and_subjects(client, world):
    page = html(client.get("/en/"))
    featured = page.split('id="featured-heading"')[1].split("</section>")[0]
    assert "EUDIS, HEDI, DIANA: three acronyms" in featured
    assert "L&#x27;OTAN et la Finlande" not in featured
    latest = page.split('id="latest-heading"')[1].split("</section>")[0]
    assert "L&#x27;OTAN et la Finlande" in latest
    assert "Interview on France Culture" not in latest  # press items are not analysis
    assert 'href="/en/subjects/military-alliances/"' in page
    assert 'lang="fr"' in page  # the French article is marked as French


def test_home_in_french_translates_interface_and_subject_names(client, world):
    page = html(client.get("/fr/"))
    assert '<html lang="fr">' in page
    assert "Dernières analyses" in page
    assert "Alliances militaires" in page
    assert 'href="/en/"' in page  # the language switch leads to the same page in English


def test_subject_list(client, world):
    page = html(client.get("/en/subjects/"))
    assert "Military Alliances" in page
    assert "4 publications" in page  # the four published articles of the subject only


def test_subject_page(client, world):
    page = html(client.get("/en/subjects/military-alliances/"))
    assert "While NATO remains the foundation" in page
    assert 'href="/en/subjects/european-defence/"' in page  # child
    assert 'href="/en/subjects/indo-pacific/"' in page  # related
    publications = page.split('id="publications-heading"')[1].split("</section>")[0]
    press = page.split('id="press-heading"')[1].split("</section>")[0]
    assert "Interview on France Culture" in press
    assert "Interview on France Culture" not in publications
    # Newest first, undated last; with date, authors, kind and summary.
    order = [publications.index(t) for t in ("EUDIS", "L&#x27;OTAN", "An undated teaser")]
    assert order == sorted(order)
    assert '<time datetime="2024-09-25">' in publications
    assert 'href="/en/authors/jane-smith/"' in publications
    assert "Analysis" in publications and "Defence innovation in Europe." in publications
    assert "[excerpt]" in publications
    assert "Date unknown" in publications


def test_child_subject_links_to_its_parent(client, world):
    page = html(client.get("/en/subjects/european-defence/"))
    assert 'href="/en/subjects/military-alliances/"' in page


def test_subject_facets_combine_and_count_published_only(client, world):
    page = html(client.get("/en/subjects/military-alliances/"))
    facets = page.split('class="facets"')[1].split("</aside>")[0]
    assert re.search(r"English</a> <span class=\"meta\">\(3\)", facets)
    assert re.search(r"French</a> <span class=\"meta\">\(1\)", facets)
    assert re.search(r"2024</a> <span class=\"meta\">\(2\)", facets)
    assert "1999" not in facets and "Fact sheet" not in facets  # only hidden articles have them
    assert re.search(r"NATO</a> <span class=\"meta\">\(2\)", facets)

    page = html(client.get("/en/subjects/military-alliances/?language=en&year=2024"))
    publications = page.split('id="publications-heading"')[1].split("</section>")[0]
    assert "EUDIS" in publications
    assert "L&#x27;OTAN" not in publications and "undated" not in publications
    assert "1 publication" in publications
    # The language facet still counts over the year filter: English 2, French none in 2024.
    facets = page.split('class="facets"')[1].split("</aside>")[0]
    assert re.search(r"English</a> <span class=\"meta\">\(2\)", facets)

    page = html(client.get("/en/subjects/military-alliances/?entity=finland"))
    publications = page.split('id="publications-heading"')[1].split("</section>")[0]
    assert "L&#x27;OTAN" in publications and "EUDIS" not in publications


def test_subject_facet_kind_of_press_item(client, world):
    page = html(client.get("/en/subjects/military-alliances/?kind=media_mention"))
    assert "0 publications" in page
    assert "Interview on France Culture" in page


def test_subject_pagination(client, world, settings):
    settings.SITE_PAGE_SIZE = 2
    page = html(client.get("/en/subjects/military-alliances/"))
    assert "Page 1 of 2" in page and 'rel="next"' in page
    page = html(client.get("/en/subjects/military-alliances/?page=2"))
    assert "An undated teaser" in page and "EUDIS" not in page.split("publications-heading")[1]


def test_unknown_pages_are_404(client, world):
    for url in (
        "/en/subjects/nope/",
        "/en/articles/nope/",
        "/en/authors/nope/",
        "/en/publishers/nope/",
        "/en/partnerships/nope/",
        "/en/subjects/nope/feed/",
    ):
        assert client.get(url).status_code == 404, url


def test_article_page(client, world):
    page = html(client.get("/en/articles/eudis-hedi-diana/"))
    assert '<h1 lang="en">EUDIS, HEDI, DIANA: three acronyms</h1>' in page
    assert 'href="/en/authors/jane-smith/" rel="author">Jane Smith</a>' in page
    assert 'href="/en/authors/marie-dupont/" rel="author">Marie Dupont</a>' in page
    assert '<time datetime="2024-09-25">' in page
    assert "[excerpt]" in page
    assert "<p>First paragraph.</p>" in page
    assert 'href="/en/subjects/military-alliances/"' in page
    assert 'href="/en/partnerships/nato/"' in page
    assert (
        'href="https://www.ifri.org/en/eudis" rel="external nofollow noopener">Read the original'
        in page
    )
    related = page.split('id="related-heading"')[1]
    assert "L&#x27;OTAN et la Finlande" in related
    assert '<link rel="canonical" href="http://testserver/en/articles/eudis-hedi-diana/">' in page
    assert '<meta property="og:title" content="EUDIS, HEDI, DIANA: three acronyms">' in page
    raw = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(raw)
    assert data["@type"] == "ScholarlyArticle"
    assert data["datePublished"] == "2024-09-25"
    assert [a["@type"] for a in data["author"]] == ["Person", "Person"]
    assert data["author"][0]["name"] == "Jane Smith"


def test_undated_article_shows_no_made_up_date(client, world):
    page = html(client.get("/en/articles/undated-teaser/"))
    assert "Date unknown" in page
    assert "<time" not in page.split("<main")[1].split('id="related-heading"')[0]
    raw = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "datePublished" not in json.loads(raw)
    assert "article:published_time" not in page


def test_imported_text_is_escaped_everywhere(client, db):
    evil = '<script>alert("x")</script></script><img src=x onerror=alert(1)>'
    topic = TopicFactory(slug="t", name=evil, description=evil)
    entity = EntityFactory(slug="e", name=evil, description=evil)
    ArticleFactory(
        published=True,
        slug="a",
        title=evil,
        summary=evil,
        body=evil,
        topics=[topic],
        entities=[entity],
    )
    for url in (
        "/en/",
        "/en/subjects/t/",
        "/en/articles/a/",
        "/en/partnerships/e/",
        "/en/search/?q=alert",
        "/en/subjects/",
    ):
        page = html(client.get(url))
        assert "<script>alert" not in page, url
        assert "<img src=x" not in page, url
    page = html(client.get("/en/articles/a/"))
    assert escape(evil) in page
    raw = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert json.loads(raw)["headline"] == evil  # escaped as \u003C inside JSON, intact when read


def test_author_and_publisher_pages(client, world):
    page = html(client.get("/en/authors/marie-dupont/"))
    assert "<h1>Marie Dupont</h1>" in page
    assert "EUDIS" in page and "L&#x27;OTAN et la Finlande" in page
    publisher = world["analysis"].publisher
    page = html(client.get(f"/en/publishers/{publisher.slug}/"))
    assert publisher.name in page and "EUDIS" in page


def test_partnership_index_by_kind(client, world):
    page = html(client.get("/en/partnerships/"))
    assert 'id="kind-organisation"' in page and 'id="kind-framework"' in page
    assert 'id="kind-state"' in page
    assert 'href="/en/partnerships/pfp/"' in page


def test_entity_page_members_dates_sources_and_pictures(client, world):
    page = html(client.get("/en/partnerships/pfp/"))
    members = page.split('id="members-heading"')[1].split("</section>")[0]
    assert 'href="/en/partnerships/finland/"' in members
    assert "partner" in members
    assert '<time datetime="1994">1994</time>' in members  # a year stays a year
    assert "January 1994" not in members and "Jan. 1, 1994" not in members
    assert "NATO fact sheet" in members and '<time datetime="2017-08-17">' in members
    assert "PfP launched" in page and '<time datetime="1994-01">January 1994</time>' in page
    assert (
        page.count("<svg") == 4
    )  # the diagram and the timeline, each for a wide screen and a phone
    assert "Timeline of Partnership for Peace" in page


def test_entity_page_what_it_belongs_to_and_articles(client, world):
    page = html(client.get("/en/partnerships/finland/"))
    belongs = page.split('id="belongs-heading"')[1].split("</section>")[0]
    assert 'href="/en/partnerships/pfp/"' in belongs and 'href="/en/partnerships/nato/"' in belongs
    assert '<time datetime="2023-04-04">' in belongs  # a day-precision date stays a day
    articles = page.split('id="entity-articles-heading"')[1]
    assert "L&#x27;OTAN et la Finlande" in articles
    page = html(client.get("/fr/partnerships/finland/"))
    assert "Finlande" in page and "Appartient à" in page


def test_search_finds_articles_subjects_authors_and_entities(client, world):
    page = html(client.get("/en/search/?q=NATO"))
    assert 'href="/en/partnerships/nato/"' in page
    page = html(client.get("/en/search/?q=acronyms"))
    assert "EUDIS" in page
    page = html(client.get("/en/search/?q=Alliances"))
    assert 'href="/en/subjects/military-alliances/"' in page
    page = html(client.get("/en/search/?q=Dupont"))
    assert 'href="/en/authors/marie-dupont/"' in page
    page = html(client.get("/en/search/"))
    assert "result" not in page.split("<main")[1]


def test_search_ranks_title_matches_first(client, db):
    ArticleFactory(published=True, slug="b", title="Budget", summary="Mentions frigate once.")
    ArticleFactory(published=True, slug="f", title="The frigate programme", summary="Ships.")
    page = html(client.get("/en/search/?q=frigate"))
    articles = page.split('id="result-articles"')[1]
    assert articles.index("The frigate programme") < articles.index("Budget")


def test_language_switch_keeps_the_page(client, world):
    page = html(client.get("/en/articles/eudis-hedi-diana/"))
    assert 'href="/fr/articles/eudis-hedi-diana/"' in page
    page = html(client.get("/fr/articles/eudis-hedi-diana/"))
    assert "Publié" in page
    assert '<h1 lang="en">EUDIS' in page  # content keeps its own language


def test_accessibility_landmarks(client, world):
    page = html(client.get("/en/subjects/military-alliances/"))
    assert 'class="skip-link" href="#content"' in page and '<main id="content"' in page
    assert page.count("<h1") == 1
    assert '<label for="site-search">' in page and 'id="site-search"' in page
    assert '<nav aria-label="Main">' in page and "<footer" in page and "<header" in page


def test_search_stems_on_both_databases(client, db):
    """PostgreSQL (English or French stemmer by the article's language) and SQLite (FTS5's
    porter stemmer) both find the singular from a plural, across languages."""
    ArticleFactory(published=True, slug="f", title="The frigate programme")
    ArticleFactory(published=True, slug="a", title="Les alliances militaires", language="fr")
    assert "The frigate programme" in html(client.get("/en/search/?q=frigates"))
    assert "Les alliances militaires" in html(client.get("/en/search/?q=alliance"))


def test_entity_facet_names_follow_the_reader_language(client, world):
    page = html(client.get("/fr/subjects/military-alliances/"))
    facets = page.split('class="facets"')[1].split("</aside>")[0]
    assert "Finlande</a>" in facets and "NATO</a>" in facets  # acronyms stay acronyms


@pytest.mark.parametrize("query", ["a\x00b", "x" * 501])
def test_search_refuses_a_query_the_database_cannot_take_with_a_message(client, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"entity": "a\x00b"}, {"year": "²⁰²⁰"}, {"kind": "a\x00"}, {"page": "\x00"}]
)
def test_malformed_facets_are_ignored_not_a_server_error(client, params):
    topic = TopicFactory(slug="alliances")
    ArticleFactory(published=True, topics=[topic], title="Still listed")
    response = client.get("/en/subjects/alliances/", params)
    assert response.status_code == 200
    assert "Still listed" in response.content.decode()


def test_year_zero_is_not_a_facet(client):
    topic = TopicFactory(slug="alliances")
    ArticleFactory(published=True, topics=[topic])
    assert client.get("/en/subjects/alliances/", {"year": "0000"}).status_code == 200
