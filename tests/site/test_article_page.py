"""The reader's article page: body as paragraphs and lists (Markdown or imported plain text),
the summary once, "Read the original", the outlet that published a press item, reading time,
"Cite this" (read back by independent parsers) and schema.org JSON-LD; the catalogue pages
/articles/ and /authors/, and author pages."""

import datetime
import json
import re

import html5lib
import pytest
import rispy
from pybtex.database import parse_string

from tests.factories import ArticleFactory, AuthorFactory, PublisherFactory, TopicFactory

pytestmark = pytest.mark.django_db
NS = "{http://www.w3.org/1999/xhtml}"


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.content.decode()
    html5lib.HTMLParser(strict=True).parse(text)  # raises on any parse error
    return text


def json_ld(text):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_imported_plain_text_shows_as_paragraphs_and_lists_and_the_summary_once(client):
    ArticleFactory(
        published=True,
        slug="plain",
        summary="NATO's eastern flank needs more air defence",
        is_excerpt=True,
        body=(
            "NATO's eastern flank needs more air defence, the report argues.\n\n"
            "Three priorities:\n- radars <b>now</b>\n- interceptors\n- training\n\n"
            "A last paragraph\nwith a line break."
        ),
        caption="Photo: a radar",
    )
    text = page_of(client, "/en/articles/plain/")
    shown = text.split('<article class="body-text">')[1].split("</article>")[0]
    assert shown.count("eastern flank needs more air defence") == 1
    assert '<p class="lead"' not in text
    assert (
        "<p>Three priorities:</p>\n<ul><li>radars &lt;b&gt;now&lt;/b&gt;</li><li>interceptors</li>"
        in text
    )
    assert "<p>A last paragraph<br>with a line break.</p>" in text
    assert "- interceptors" not in text
    assert "Photo: a radar" not in text, "a caption without its photo is noise"
    assert "1 minute read" in text


def test_markdown_body_is_formatted_and_sanitised(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "analysis.example.org"]
    ArticleFactory(
        published=True,
        slug="formatted",
        body_format="markdown",
        body=(
            "# Context\n\nSee [the report](https://www.ifri.org/report) and "
            "[our page](https://analysis.example.org/en/subjects/) or [here](/en/authors/).\n\n"
            "> A quotation\n\n1. first\n2. *second*\n\n<script>alert(1)</script>\n\n"
            "[bad](javascript:alert(1))"
        ),
    )
    text = page_of(client, "/en/articles/formatted/")
    body = text.split('class="article-body"')[1].split("</div>")[0]
    assert "<h2>Context</h2>" in body
    assert '<a href="https://www.ifri.org/report" rel="nofollow noopener">the report</a>' in body
    assert '<a href="https://analysis.example.org/en/subjects/">our page</a>' in body
    assert '<a href="/en/authors/">here</a>' in body
    assert "<blockquote>" in body and "<ol>" in body and "<em>second</em>" in body
    assert "<script>" not in body and "&lt;script&gt;" in body
    assert 'href="javascript' not in body


def test_press_item_names_the_outlet_quoting_the_institute(client):
    ArticleFactory(
        published=True,
        slug="les-echos",
        kind="media_mention",
        title="Défense européenne : le grand retour",
        language="fr",
        source_name="Les Echos",
        source_url="https://www.lesechos.fr/idees/defense",
        publisher=PublisherFactory(name="Ifri"),
        summary="",
        body="",
        published_on=None,
    )
    text = page_of(client, "/en/articles/les-echos/")
    assert "Les Echos, quoting Ifri" in text
    assert 'href="https://www.lesechos.fr/idees/defense"' in text
    assert "Read the original</a>" in text and "the full text is on the original page" in text
    data = json_ld(text)
    assert data["@type"] == "NewsArticle"
    assert "author" not in data and "datePublished" not in data


def analysis_with_authors():
    return ArticleFactory(
        published=True,
        slug="eastern-flank",
        title="The eastern flank & 50% of {NATO}",
        summary="Why air defence comes first.",
        published_on=datetime.date(2024, 3, 7),
        publisher=PublisherFactory(name="Ifri"),
        authors=[
            AuthorFactory(name="Élie Tenenbaum", slug="elie"),
            AuthorFactory(name="cirma france", slug="cirma", kind="organisation"),
        ],
        topics=[TopicFactory(name="Military Alliances")],
    )


def test_cite_this_bibtex_and_ris_parse_back(client):
    analysis_with_authors()
    text = page_of(client, "/en/articles/eastern-flank/")
    assert "Cite this" in text
    assert "Tenenbaum, É. and cirma france (2024)" in text  # the formatted reference

    response = client.get("/en/articles/eastern-flank/cite.bib")
    assert response["Content-Type"].startswith("application/x-bibtex")
    bib = parse_string(response.content.decode(), "bibtex")
    (entry,) = bib.entries.values()
    assert entry.type == "techreport"
    assert entry.fields["year"] == "2024"
    assert entry.fields["institution"] == "Ifri"
    assert entry.fields["url"] == "http://testserver/en/articles/eastern-flank/"
    people = entry.persons["author"]
    assert [p.last_names for p in people] == [["Tenenbaum"], ["{cirma france}"]]
    assert people[0].first_names == ["\\'Elie"]
    assert entry.fields["title"] == "The eastern flank \\& 50\\% of \\{NATO\\}"

    (record,) = rispy.loads(client.get("/en/articles/eastern-flank/cite.ris").content.decode())
    assert record["type_of_reference"] == "RPRT"
    assert record["title"] == "The eastern flank & 50% of {NATO}"
    assert record["authors"] == ["Tenenbaum, Élie", "cirma france"]
    assert record["year"] == "2024" and record["publisher"] == "Ifri"

    (item,) = json.loads(client.get("/en/articles/eastern-flank/cite.json").content)
    assert item["issued"] == {"date-parts": [[2024, 3, 7]]}
    assert item["author"][0] == {"family": "Tenenbaum", "given": "Élie"}
    assert item["author"][1] == {"literal": "cirma france"}
    assert client.get("/en/articles/eastern-flank/cite.doc").status_code == 404


def test_article_page_is_strict_html5_with_one_h1_and_valid_json_ld(client):
    analysis_with_authors()
    text = page_of(client, "/fr/articles/eastern-flank/")
    document = html5lib.HTMLParser(strict=True).parse(text)
    assert len(list(document.iter(f"{NS}h1"))) == 1
    data = json_ld(text)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ScholarlyArticle"
    assert data["datePublished"] == "2024-03-07"
    assert [(a["@type"], a["name"]) for a in data["author"]] == [
        ("Person", "Élie Tenenbaum"),
        ("Organization", "cirma france"),
    ]


def test_unpublished_articles_have_no_citation(client):
    ArticleFactory(in_review=True, slug="secret")
    for fmt in ("bib", "ris", "json"):
        assert client.get(f"/en/articles/secret/cite.{fmt}").status_code == 404


def test_catalogue_lists_all_analysis_with_facets_and_a_sort(client):
    ArticleFactory(published=True, title="Zebra analysis", published_on=datetime.date(2020, 1, 1))
    ArticleFactory(published=True, title="Alpha analysis", published_on=datetime.date(2024, 1, 1))
    ArticleFactory(published=True, title="French one", language="fr", published_on=None)
    ArticleFactory(in_review=True, title="HIDDEN draft")
    newest = page_of(client, "/en/articles/")
    assert "HIDDEN" not in newest
    assert newest.index("Alpha analysis") < newest.index("Zebra analysis")
    by_title = page_of(client, "/en/articles/?sort=title")
    assert by_title.index("Alpha analysis") < by_title.index("French one")
    assert by_title.index("French one") < by_title.index("Zebra analysis")
    oldest = page_of(client, "/en/articles/?sort=oldest")
    assert oldest.index("Zebra analysis") < oldest.index("Alpha analysis")
    french = page_of(client, "/en/articles/?language=fr")
    assert "French one" in french and "Zebra analysis" not in french
    assert "1 publication" in french
    assert page_of(client, "/en/articles/?sort=nonsense").count("Zebra analysis") == 1


def test_home_leads_into_the_catalogue_and_the_authors(client):
    text = page_of(client, "/en/")
    assert 'href="/en/articles/"' in text and 'href="/en/authors/"' in text


def test_authors_page_lists_authors_with_counts_and_author_pages_say_who(client):
    smith = AuthorFactory(
        name="Jane Smith",
        slug="jane-smith",
        bio="Works on the Baltic.",
        affiliation="Ifri, Security Studies Center",
    )
    org = AuthorFactory(name="cirmafrance", slug="cirmafrance", kind="organisation")
    ghost = AuthorFactory(name="Ghost Writer", slug="ghost")
    ArticleFactory(published=True, authors=[smith, org])
    ArticleFactory(published=True, authors=[smith])
    ArticleFactory(in_review=True, authors=[ghost, smith])
    listing = page_of(client, "/en/authors/")
    assert "Ghost Writer" not in listing
    smith_row = listing.split(">Jane Smith<")[1].split("</li>")[0]
    assert "2 publications" in smith_row and "Ifri, Security Studies Center" in smith_row
    assert "1 publication" in listing.split(">cirmafrance<")[1].split("</li>")[0]
    page = page_of(client, "/en/authors/jane-smith/")
    assert "<h1>Jane Smith</h1>" in page
    assert "Person" in page and "Ifri, Security Studies Center" in page
    assert "Works on the Baltic." in page
    assert "Organisation" in page_of(client, "/en/authors/cirmafrance/")


def test_french_reader_gets_the_page_in_french(client):
    analysis_with_authors()
    ArticleFactory(
        published=True,
        slug="echo",
        kind="media_mention",
        source_name="Les Echos",
        source_url="https://www.lesechos.fr/x",
        publisher=PublisherFactory(name="Ifri"),
    )
    text = page_of(client, "/fr/articles/eastern-flank/")
    assert "Citer cet article" in text and "minute de lecture" in text
    assert "Les Echos, citant Ifri" in page_of(client, "/fr/articles/echo/")
    assert "Lire l’original" in page_of(client, "/fr/articles/echo/")
    assert "Toutes les analyses" in page_of(client, "/fr/articles/")
