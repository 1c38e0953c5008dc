"""The one search engine, as a reader (``/en/search/``, ``/fr/search/``) and an API client
(``/api/v1/articles/?q=``) use it, on SQLite (FTS5) and PostgreSQL (stored tsvector): the
reader's failures of issue 10, each a test, in both languages."""

import datetime
import re

import pytest

from partnerships.models import EntityAlias
from tests.factories import ArticleFactory, EntityFactory, TopicFactory

LANGS = ["en", "fr"]


@pytest.fixture
def corpus(db):
    nato = EntityFactory(
        name="North Atlantic Treaty Organization",
        name_fr="Organisation du traité de l'Atlantique nord",
        short_name="NATO",
        slug="nato",
    )
    for name, language in (("OTAN", "fr"), ("Alliance atlantique", "fr"), ("NATO", "")):
        EntityAlias.objects.create(entity=nato, name=name, language=language)
    alliances = TopicFactory(name="Military Alliances", name_fr="Alliances militaires")
    made = {
        "summit": ArticleFactory(
            published=True,
            title="NATO summit in Vilnius",
            summary="Allies met.",
            published_on=datetime.date(2023, 7, 11),
            entities=[nato],
            topics=[alliances],
        ),
        "ukraine": ArticleFactory(
            published=True,
            language="fr",
            title="L’OTAN et l’Ukraine",
            summary="Une adhésion à l'horizon ?",
            body="Le sommet de l'OTAN a parlé de l'Ukraine et de sa candidature.",
            published_on=datetime.date(2024, 1, 5),
        ),
        "atlantique": ArticleFactory(
            published=True,
            language="fr",
            title="Les États-Unis et l'Alliance atlantique",
            summary="Washington et l'Europe.",
            published_on=datetime.date(2022, 3, 1),
        ),
        "baltic": ArticleFactory(
            published=True,
            title="Collective defence in the Baltic",
            summary="Forward presence.",
            entities=[nato],
            published_on=None,
        ),
        "japan": ArticleFactory(
            published=True,
            title="A military alliance with Japan",
            summary="Tokyo and Canberra.",
            published_on=datetime.date(2021, 5, 5),
        ),
        "etats": ArticleFactory(
            published=True,
            language="fr",
            kind="news",
            title="Etats-Unis : une élection",
            summary="Sans accent dans le titre.",
            published_on=datetime.date(2024, 11, 6),
        ),
        "draft": ArticleFactory(title="NATO OTAN secret draft", entities=[nato]),
    }
    made["nato"] = nato
    return made


def site_titles(client, lang, query, **params):
    response = client.get(f"/{lang}/search/", {"q": query, **params})
    assert response.status_code == 200
    section = response.content.decode().split('id="result-articles"')[1]
    return re.findall(r'<h3 lang="\w\w"><a href="[^"]+">([^<]+)</a>', section)


def api_titles(client, query):
    response = client.get("/api/v1/articles/", {"q": query, "page_size": 100})
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def unescape(titles):
    return [t.replace("&#x27;", "'").replace("&amp;", "&") for t in titles]


@pytest.mark.parametrize("lang", LANGS)
def test_nato_otan_and_alliance_atlantique_give_the_same_set(client, corpus, lang):
    sets = {
        query: set(unescape(site_titles(client, lang, query)))
        for query in ("NATO", "OTAN", "Alliance atlantique", "l'Alliance atlantique", "otan")
    }
    expected = {
        "NATO summit in Vilnius",
        "L’OTAN et l’Ukraine",
        "Les États-Unis et l'Alliance atlantique",
        "Collective defence in the Baltic",
    }
    assert all(found == expected for found in sets.values()), sets
    assert set(api_titles(client, "OTAN")) == expected == set(api_titles(client, "NATO"))


@pytest.mark.parametrize("lang", LANGS)
def test_typographic_and_straight_apostrophes_are_the_same(client, corpus, lang):
    straight = site_titles(client, lang, "l'OTAN")
    curly = site_titles(client, lang, "l’OTAN")
    assert straight == curly and len(straight) == 4
    assert site_titles(client, lang, "«\u00a0OTAN\u00a0»") == straight


@pytest.mark.parametrize("lang", LANGS)
def test_two_words_are_both_required(client, corpus, lang):
    assert unescape(site_titles(client, lang, "OTAN Ukraine")) == ["L’OTAN et l’Ukraine"]
    assert site_titles(client, lang, "OTAN Japon") == []
    assert api_titles(client, "OTAN Ukraine") == ["L’OTAN et l’Ukraine"]


@pytest.mark.parametrize("lang", LANGS)
def test_accents_are_ignored(client, corpus, lang):
    with_accent = set(unescape(site_titles(client, lang, "États-Unis")))
    without = set(unescape(site_titles(client, lang, "Etats-Unis")))
    assert (
        with_accent
        == without
        == {"Les États-Unis et l'Alliance atlantique", "Etats-Unis : une élection"}
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_plural_finds_the_singular(client, corpus, lang):
    assert "A military alliance with Japan" in unescape(site_titles(client, lang, "alliances"))
    assert "A military alliance with Japan" in api_titles(client, "alliances")


@pytest.mark.parametrize("query", ["NATO", "alliances", "OTAN Ukraine", "Etats-Unis", "l’OTAN"])
def test_site_and_api_give_the_same_results_in_the_same_order(client, corpus, query):
    assert unescape(site_titles(client, "en", query)) == api_titles(client, query)


def test_title_weighs_more_than_summary_and_body(client, db):
    ArticleFactory(published=True, title="Budget", body="A word on the frigate.")
    ArticleFactory(published=True, title="Budget two", summary="The frigate, in summary.")
    ArticleFactory(published=True, title="The frigate programme", summary="Ships.")
    assert site_titles(client, "en", "frigate") == [
        "The frigate programme",
        "Budget two",
        "Budget",
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_snippets_highlight_the_words_and_escape_the_text(client, db, lang):
    ArticleFactory(
        published=True,
        language="fr",
        title="Sommet",
        body="<script>alert(1)</script> La candidature de l'Ukraine à l'OTAN est discutée.",
    )
    page = client.get(f"/{lang}/search/", {"q": "candidature"}).content.decode()
    snippet = page.split('class="snippet"')[1].split("</p>")[0]
    assert "<mark>candidature</mark>" in snippet
    assert "<" not in re.sub(r"</?mark>", "", snippet)  # the text is escaped or dropped
    assert "<script>alert" not in page


@pytest.mark.parametrize("lang", LANGS)
def test_facets_count_and_filter_the_results(client, corpus, lang):
    page = client.get(f"/{lang}/search/", {"q": "OTAN"}).content.decode()
    facets = page.split('class="facets"')[1].split("</aside>")[0]
    subject = "Alliances militaires" if lang == "fr" else "Military Alliances"
    assert re.search(rf"{subject}</a> <span class=\"meta\">\(1\)", facets)
    assert re.search(r"2024</a> <span class=\"meta\">\(1\)", facets)
    assert 'href="?q=OTAN&amp;language=fr"' in facets
    french = unescape(site_titles(client, lang, "OTAN", language="fr"))
    assert set(french) == {"L’OTAN et l’Ukraine", "Les États-Unis et l'Alliance atlantique"}
    assert site_titles(client, lang, "OTAN", year="2023") == ["NATO summit in Vilnius"]


def test_index_follows_edits_and_deletions(client, corpus):
    article = corpus["japan"]
    article.title = "A naval pact with Japan"
    article.save()
    assert site_titles(client, "en", "naval") == ["A naval pact with Japan"]
    article.delete()
    assert site_titles(client, "en", "naval") == []


def test_unpublished_never_found(client, corpus):
    assert "NATO OTAN secret draft" not in site_titles(client, "en", "secret")
    assert api_titles(client, "secret draft") == []


@pytest.mark.parametrize("query", ["the", "'", "«»", "de la"])
def test_a_query_of_stop_words_or_punctuation_is_not_an_error(client, corpus, query):
    assert client.get("/en/search/", {"q": query}).status_code == 200
    assert client.get("/api/v1/articles/", {"q": query}).status_code == 200


def search_queries(client, params):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/search/", params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "OTAN Ukraine"},
        {"q": "alliance"},
        {"q": "Alliance atlantique", "language": "fr", "subject": "military-alliances"},
        {"q": "OTAN", "page": "2"},
    ],
)
def test_results_page_takes_at_most_eight_queries_whatever_the_matches(client, corpus, params):
    alliances = corpus["summit"].topics.get()
    small = search_queries(client, params)
    for n in range(25):
        ArticleFactory(
            published=True,
            language="fr",
            title=f"L'OTAN, l'Ukraine et l'alliance {n}",
            entities=[corpus["nato"]],
            topics=[alliances],
        )
    large = search_queries(client, params)
    assert small == large and large <= 8, (small, large)


def test_past_the_candidate_cap_the_count_says_more(client, db, monkeypatch):
    """Only the newest CANDIDATES matches are ranked and counted: "3+ articles", and the
    site and the API agree on them."""
    from articles import search

    monkeypatch.setattr(search, "CANDIDATES", 3)
    for day in range(1, 6):
        ArticleFactory(
            published=True, title=f"Frigate {day}", published_on=datetime.date(2024, 1, day)
        )
    page = client.get("/en/search/", {"q": "frigate"}).content.decode()
    assert "3+ articles" in page and "More than" in page
    titles = site_titles(client, "en", "frigate")
    assert sorted(titles) == ["Frigate 3", "Frigate 4", "Frigate 5"]
    assert api_titles(client, "frigate") == titles
