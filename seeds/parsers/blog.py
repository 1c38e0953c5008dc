"""Blog posts (Wix-style): title, "Photo du rédacteur: author", date, "N min de lecture".

The body runs until the comments block; the footer names the publishing collective
("<Name> Logo" then its description). An initiative or framework named with its acronym
is an entity of the post, and a list of names introduced as its partners
("partenaires : la A, la B, ainsi que l'C") becomes its memberships.
"""

from __future__ import annotations

import re

from . import lang
from .base import (
    ParsedDocument,
    ParsedEntity,
    ParsedItem,
    ParsedMembership,
    ParsedPublisher,
    ParseError,
)
from .dates import find_dates
from .extract import enumerations, framework_names
from .text import clean, lines_of

LAYOUT = "blog_post"
AUTHOR = re.compile(
    r"^(?:•\s*)?(?:photo du rédacteur|writer'?s picture|auteur|author)\s*:?\s*(.+)$", re.I
)
READING = re.compile(r"^(?:•\s*)?\d+\s*(min de lecture|min read)$", re.I)
END = re.compile(r"^(commentaires|comments|bottom of page)$", re.I)
NAV = re.compile(r"^(top of page|haut de page)$", re.I)
LOGO = re.compile(r"^(.+?)\s+(logo)$", re.I)
PARTNERS = re.compile(r"partenaires|partners", re.I)


def score(text: str) -> int:
    """A "N min de lecture" line and an author line in the header."""
    filled = [line.strip().lstrip("• ") for line in lines_of(text) if line.strip()]
    reading = any(READING.match(line) for line in filled)
    author = any(AUTHOR.match(line) for line in filled)
    return 10 if reading and author else 0


def parse(text: str) -> ParsedDocument:
    lines = [(n, clean(line.lstrip("•").strip())) for n, line in enumerate(lines_of(text), 1)]
    lines = [(n, line) for n, line in lines if line]
    header_end = next((i for i, (_, line) in enumerate(lines) if READING.match(line)), None)
    if header_end is None:
        raise ParseError("no 'min de lecture' line")
    head = [(n, line) for n, line in lines[:header_end] if not NAV.match(line)]
    title_line, title = head[0]
    authors: list[str] = []
    published = None
    for _n, line in head[1:]:
        author = AUTHOR.match(line)
        if author:
            authors.append(author.group(1).strip())
            continue
        found = find_dates(line)
        if found and found[0].precision == "day" and published is None:
            published = found[0].value
    paragraphs: list[str] = []
    footer: list[str] = []
    target = paragraphs
    for _n, line in lines[header_end + 1 :]:
        if END.match(line):
            target = footer
            continue
        target.append(line)
    if not paragraphs:
        raise ParseError("blog post without text")
    body = "\n\n".join(paragraphs)
    language = lang.detect(title, body)

    publisher = ParsedPublisher(authors[0] if authors else "")
    for _index, line in enumerate(footer):
        logo = LOGO.match(line)
        if logo:
            publisher = ParsedPublisher(logo.group(1))
            break

    entities: list[ParsedEntity] = []
    memberships: list[ParsedMembership] = []
    for paragraph in paragraphs:
        for _offset, name, acronym, kind in framework_names(paragraph):
            if all(e.name != name for e in entities):
                entities.append(ParsedEntity(name=name, kind=kind, short_name=acronym))
        if entities and PARTNERS.search(paragraph):
            for _offset, names in enumerations(paragraph):
                for name in names:
                    memberships.append(
                        ParsedMembership(name, entities[-1].name, "partner", evidence=paragraph)
                    )

    item = ParsedItem(
        position=1,
        line=title_line,
        title=title,
        kind="blog_post",
        language=language,
        summary=paragraphs[0],
        body=body,
        published_on=published,
        authors=authors,
        entity_names=[e.name for e in entities],
    )
    return ParsedDocument(
        layout=LAYOUT,
        language=language,
        publisher=publisher,
        title=title,
        items=[item],
        entities=entities,
        memberships=memberships,
        as_of=published,
    )
