"""Recognise a page's layout from the shape of its text, never from its subject."""

from __future__ import annotations

from collections.abc import Callable

from . import b2, bilateral, blog, factsheet, ifri
from .base import ParsedDocument, ParseError
from .dates import parse_date
from .text import lines_of

PARSERS: dict[str, Callable[[str], ParsedDocument]] = {
    ifri.LAYOUT: ifri.parse,
    b2.LAYOUT: b2.parse,
    factsheet.LAYOUT: factsheet.parse,
    bilateral.LAYOUT: bilateral.parse,
    blog.LAYOUT: blog.parse,
}


def _scores(text: str) -> dict[str, int]:
    lines = [line.strip() for line in lines_of(text)]
    filled = [line for line in lines if line]
    scores = dict.fromkeys(PARSERS, 0)
    date_lines = sum(1 for line in filled if len(line) < 40 and parse_date(line))
    labels = sum(1 for line in filled if ifri.DATE_LABEL.match(line))
    scores[ifri.LAYOUT] = 2 * labels + date_lines if date_lines >= 2 else 0
    teasers = sum(1 for line in filled if b2.TEASER.match(line))
    scores[b2.LAYOUT] = 3 * teasers if teasers >= 2 else 0
    as_of = any(factsheet.AS_OF.match(line) for line in filled)
    sections = sum(1 for line in filled if factsheet.SECTION.match(line))
    scores[factsheet.LAYOUT] = (5 + sections) if as_of and sections else 0
    reading = any(blog.READING.match(line.lstrip("• ")) for line in filled)
    author = any(blog.AUTHOR.match(line.lstrip("• ")) for line in filled)
    scores[blog.LAYOUT] = 10 if reading and author else 0
    leading = 0
    for line in filled:
        if not bilateral.is_label(line):
            break
        leading += 1
    prose = sum(1 for line in filled if len(line) > 200)
    blanks = sum(1 for line in lines[: len(filled)] if not line)
    if 1 <= leading <= 6 and prose >= 2 and blanks == 0 and not as_of:
        scores[bilateral.LAYOUT] = 4 + leading
    return scores


def detect(text: str) -> str:
    """The layout id of ``text``; ``ParseError`` if no layout fits."""
    if not text.strip():
        raise ParseError("the page is empty")
    scores = _scores(text)
    best = max(scores, key=scores.get)
    if scores[best] <= 0:
        raise ParseError("unrecognised page layout")
    return best


def parse(text: str) -> ParsedDocument:
    """Detect the layout and parse with that layout's parser."""
    return PARSERS[detect(text)](text)


__all__ = ["PARSERS", "ParseError", "detect", "parse"]
