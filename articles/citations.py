"""“Cite this”: an article as CSL-JSON, BibTeX and RIS, and as a formatted reference.

CSL-JSON is the pivot (the Citation Style Language's data model, what Zotero and pandoc
read); BibTeX is written by bibtexparser (enclosing and LaTeX escaping), RIS by rispy (its
tag mapping), and the formatted reference by citeproc-py from a CSL style, so that none
of these formats is spelled by hand. Only what is known is cited: no invented date.
"""

from __future__ import annotations

import json
import re
import unicodedata

import bibtexparser
import nh3
import rispy
from bibtexparser.middlewares import LatexEncodingMiddleware
from bibtexparser.model import Entry, Field
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from django.utils.safestring import SafeString, mark_safe

#: Our article kinds as CSL item types.
CSL_TYPES = {
    "analysis": "report",
    "fact_sheet": "report",
    "news": "article-newspaper",
    "media_mention": "article-newspaper",
    "interview": "interview",
    "blog_post": "post-weblog",
}
BIBTEX_TYPES = {"report": "techreport", "article-newspaper": "article"}
RIS_TYPES = {"report": "RPRT", "article-newspaper": "NEWS", "interview": "GEN"}
RIS_DEFAULT = "ELEC"
STYLE = "harvard-cite-them-right"  # shipped with citeproc-py


def _container(article) -> str:
    """Where the item appeared: the outlet for a press item, else the publisher."""
    publisher = article.publisher.name if article.publisher else ""
    return article.source_name or publisher


def csl_item(article, url: str) -> dict:
    """The article as one CSL-JSON item (https://citeproc-js.readthedocs.io/ "CSL JSON")."""
    item_type = CSL_TYPES.get(article.kind, "article")
    item = {
        "id": article.slug,
        "type": item_type,
        "title": article.title,
        "language": article.language,
        "URL": url,
    }
    authors = []
    for author in article.ordered_authors:
        if author.kind == "organisation":
            authors.append({"literal": author.name})
        else:
            *given, family = author.name.split()
            authors.append(
                {"family": family, "given": " ".join(given)} if given else {"literal": family}
            )
    if authors:
        item["author"] = authors
    if article.published_on:
        day = article.published_on
        item["issued"] = {"date-parts": [[day.year, day.month, day.day]]}
    if article.publisher:
        item["publisher"] = article.publisher.name
    container = _container(article)
    if container and item_type in ("article-newspaper", "post-weblog"):
        item["container-title"] = container
    if article.summary:
        item["abstract"] = article.summary
    return item


def _names(item) -> list[str]:
    """Authors as "Family, Given" (BibTeX and RIS)."""
    return [
        a["literal"] if "literal" in a else f"{a['family']}, {a['given']}"
        for a in item.get("author", [])
    ]


def citation_key(item) -> str:
    """A BibTeX key of ASCII letters and digits: first author's family name, year, title word."""
    first = item.get("author", [{}])[0]
    name = first.get("family") or first.get("literal") or "anon"
    year = str(item["issued"]["date-parts"][0][0]) if "issued" in item else "nd"
    word = (item["title"].split() or ["item"])[0]
    ascii_text = unicodedata.normalize("NFKD", f"{name}{year}{word}").encode("ascii", "ignore")
    return re.sub(r"[^A-Za-z0-9]", "", ascii_text.decode()).lower() or "item"


def _latex(text: str) -> str:
    """``text`` LaTeX-encoded by bibtexparser's middleware (accents, &, %, braces)."""
    library = bibtexparser.Library([Entry("misc", "x", [Field("x", text)])])
    return LatexEncodingMiddleware().transform(library).entries[0]["x"]


def to_bibtex(item: dict) -> str:
    """BibTeX written by bibtexparser; an organisation is braced so it is not split into
    given and family names."""
    fields = [Field("title", _latex(item["title"]))]
    names = [_latex(name) if ", " in name else "{" + _latex(name) + "}" for name in _names(item)]
    if names:
        fields.append(Field("author", " and ".join(names)))
    if "issued" in item:
        year, month, day = item["issued"]["date-parts"][0]
        fields += [Field("year", str(year)), Field("date", f"{year:04d}-{month:02d}-{day:02d}")]
    if "container-title" in item:
        fields.append(Field("journal", _latex(item["container-title"])))
    if "publisher" in item:
        key = "institution" if item["type"] == "report" else "publisher"
        fields.append(Field(key, _latex(item["publisher"])))
    fields += [Field("url", item["URL"]), Field("langid", item["language"])]
    entry = Entry(BIBTEX_TYPES.get(item["type"], "misc"), citation_key(item), fields)
    return bibtexparser.write_string(bibtexparser.Library([entry]))


class _RisWriter(rispy.RisWriter):
    """RIS without rispy's "1." counter line before each record (not part of RIS)."""

    def set_header(self, count):
        return ""


def to_ris(item: dict) -> str:
    record = {
        "type_of_reference": RIS_TYPES.get(item["type"], RIS_DEFAULT),
        "title": item["title"],
        "urls": [item["URL"]],
        "language": item["language"],
    }
    if item.get("author"):
        record["authors"] = _names(item)
    if "issued" in item:
        year, month, day = item["issued"]["date-parts"][0]
        record["year"] = str(year)
        record["date"] = f"{year:04d}/{month:02d}/{day:02d}"
    if "publisher" in item:
        record["publisher"] = item["publisher"]
    if "container-title" in item:
        record["secondary_title"] = item["container-title"]
    if "abstract" in item:
        record["abstract"] = item["abstract"]
    return rispy.dumps([record], implementation=_RisWriter)


def to_csl_json(item: dict) -> str:
    return json.dumps([item], ensure_ascii=False, indent=2)


def formatted_reference(item: dict) -> SafeString:
    """The reference as a reader would paste it into a bibliography (Harvard style)."""
    if "author" not in item and "publisher" in item:
        # Harvard cites an unsigned piece under its corporate author, not its title twice.
        item = {**item, "author": [{"literal": item["publisher"]}]}
    style = CitationStylesStyle(STYLE, validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.html)
    bibliography.register(Citation([CitationItem(item["id"])]))
    html = str(bibliography.bibliography()[0])
    clean = nh3.clean(html, tags={"i", "b", "span"}, attributes={}, link_rel=None)
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def citation_formats(article, url: str) -> dict:
    """Everything the "Cite this" section shows."""
    item = csl_item(article, url)
    return {
        "reference": formatted_reference(item),
        "bibtex": to_bibtex(item),
        "ris": to_ris(item),
        "csl_json": to_csl_json(item),
    }
