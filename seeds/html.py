"""Saved web pages: main text and metadata through trafilatura, then the same parsers.

A page saved from a browser carries navigation, scripts and footers around its text, and
its best metadata in ``<meta>``/JSON-LD (title, authors, publication date found by
htmldate, site name). trafilatura, a maintained extractor, gives both; the text then goes
through the layouts like any scraped text page, and the metadata completes what the text
alone cannot say (the article's title, date and authors, the publisher).
"""

from __future__ import annotations

import re
from datetime import date

from .parsers import ParsedDocument, ParseError, listing, parse
from .parsers.base import ParsedPublisher

HTML_START = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<\?xml[^>]*>\s*<html)", re.IGNORECASE)


def looks_like_html(name: str, data: bytes) -> bool:
    return name.lower().endswith((".html", ".htm", ".xhtml")) or bool(HTML_START.match(data[:512]))


def parse_html(text: str) -> ParsedDocument:
    """Parse a saved page's HTML; ``ParseError`` if no text can be extracted from it."""
    import trafilatura  # imported here: only saved pages need lxml and its friends

    extracted = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=True
    )
    body = (getattr(extracted, "text", None) or "").strip()
    if not body:
        raise ParseError("no readable text in the saved page")
    # trafilatura separates blocks by one newline; the parsers read blank-line paragraphs.
    document = parse(body.replace("\n", "\n\n"))
    if document.layout == "single_article":
        # trafilatura keeps the main text of an article; a listing's records are better
        # read from the page's blocks, one per line, by the listing reader.
        blocks = _block_lines(text)
        if blocks and listing.score(blocks):
            document = listing.parse(blocks)
    _apply_metadata(document, extracted)
    return document


BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "time", "dt", "dd", "figcaption", "td"}
DROPPED = {"script", "style", "noscript", "nav", "header", "footer", "form", "aside", "svg"}


def _block_lines(html: str) -> str:
    """The text of the page's blocks (paragraphs, headings, list items), one per paragraph,
    without scripts, navigation, header and footer."""
    from lxml import html as lxml_html  # trafilatura's own parser

    try:
        root = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for element in list(root.iter(*DROPPED)):
        if element.getparent() is not None:
            element.drop_tree()
    lines = []
    for element in root.iter(*BLOCKS):
        if any(child.tag in BLOCKS for child in element.iterdescendants()):
            continue
        line = " ".join(element.text_content().split())
        if line:
            lines.append(line)
    return "\n\n".join(lines)


def _metadata_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _apply_metadata(document: ParsedDocument, extracted) -> None:
    site = (getattr(extracted, "sitename", None) or "").strip()
    if site and not document.publisher.name:
        document.publisher = ParsedPublisher(site[:200], getattr(extracted, "url", None) or "")
    if len(document.items) != 1:
        return  # a listing: each record keeps what its own lines say
    item = document.items[0]
    title = (getattr(extracted, "title", None) or "").strip()
    if title:
        item.title = document.title = title
    published = _metadata_date(getattr(extracted, "date", None))
    if published and item.published_on is None:
        item.published_on = published
        document.as_of = document.as_of or published
    authors = [a.strip() for a in (getattr(extracted, "author", None) or "").split(";")]
    if authors and authors[0] and not item.authors:
        item.authors = authors
    document.warnings = [w for w in document.warnings if "one article" not in w] or []
    if document.layout == "single_article":
        document.warnings.append(
            "saved web page: read as one article with its page metadata, to be reviewed"
        )
