"""B2 (Bruxelles2) archive listings: "title" then a teaser opening with "(B2".

A photo caption sits between a teaser and the next title; it belongs to the item that
follows. "Carnet (dd.mm.yyyy). Rubric. Rubric" titles carry their date and rubrics; other
titles give no year, so they get no date. Teasers are cut mid-sentence by the site.
"""

from __future__ import annotations

import re

from . import lang
from .base import ParsedDocument, ParsedItem, ParsedPublisher, ParseError
from .dates import date_line, find_dates
from .text import is_cut, paragraphs

LAYOUT = "b2_listing"
PUBLISHER = ParsedPublisher("B2 Bruxelles2", "https://www.bruxelles2.eu")
TEASER = re.compile(r"^\((?:B2|BRUXELLES2)\b")
# "Carnet (11.11.2020). Rubric. Rubric" and "[Carnet 16.12.2021]. Rubric"
DATED_TITLE = re.compile(r"^\[?[^()\[\]]{1,40}?[\s(]+(\d{1,2}\.\d{1,2}\.\d{4})\)?\]?\.?\s*(.*)$")
CREDIT = re.compile(r"\([^()]+\)\s*$")


def _split_top_level(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if char == "." and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def rubrics(rest: str) -> list[str]:
    """ "Défense. Diplomatie UE" -> rubrics; "Event (A. B. C)" -> the bracketed rubrics."""
    topics: list[str] = []
    for part in _split_top_level(rest):
        inner = re.search(r"\((.*)\)\s*$", part)
        if inner:
            topics.extend(p.strip() for p in inner.group(1).split(".") if p.strip())
        else:
            topics.append(part)
    return list(dict.fromkeys(topics))


def _item(position, para, summary, caption, page_date=None) -> ParsedItem:
    title = para.text
    published, topics, precision = page_date, [], "day"
    dated = DATED_TITLE.match(title)
    if dated:
        found = find_dates(dated.group(1))
        published = found[0].value if found else None
        precision = found[0].precision if found else "day"
        topics = rubrics(dated.group(2))
    return ParsedItem(
        position=position,
        line=para.line,
        title=title,
        kind="news",
        language=lang.detect(title, summary, default="fr"),
        summary=summary,
        is_excerpt=is_cut(summary),
        published_on=published,
        published_precision=precision,
        topics=topics,
        caption=caption,
    )


def score(text: str) -> int:
    """Titles followed by teasers that open with "(B2"."""
    paras = paragraphs(text)
    teasers = sum(1 for para in paras if TEASER.match(para.text) and len(para.text) >= 120)
    titles = sum(
        1
        for before, para in zip(paras, paras[1:], strict=False)
        if TEASER.match(para.text) and len(para.text) >= 120 and not TEASER.match(before.text)
    )
    return 3 * teasers if teasers >= 2 and titles >= 2 else 0


def parse(text: str) -> ParsedDocument:
    paras = paragraphs(text)
    items: list[ParsedItem] = []
    warnings: list[str] = []
    # A day archive's heading ("Jour : 16 décembre 2021") dates the items that state none.
    page_date = None
    if paras and not TEASER.match(paras[0].text):
        heading = date_line(paras[0].text)
        if heading and heading.precision == "day" and not heading.before:
            page_date, paras = heading.value, paras[1:]
    pending: list = []  # paragraphs since the last teaser
    for para in paras:
        if TEASER.match(para.text):
            if not pending:
                warnings.append(f"line {para.line}: teaser without a title, skipped")
                continue
            title, before = pending[-1], pending[:-1]
            captions = [p.text for p in before if CREDIT.search(p.text)]
            items.append(_item(len(items) + 1, title, para.text, " ".join(captions), page_date))
            pending = []
        else:
            pending.append(para)
    if pending and not CREDIT.search(pending[-1].text):
        # The page stops after a title: keep the title, flagged as an excerpt.
        last = pending[-1]
        warnings.append(f"line {last.line}: page ends after a title without teaser")
        captions = [p.text for p in pending[:-1] if CREDIT.search(p.text)]
        items.append(_item(len(items) + 1, last, "", " ".join(captions), page_date))
    if not items:
        raise ParseError("no '(B2' teaser found")
    return ParsedDocument(
        layout=LAYOUT,
        language=lang.detect(" ".join(i.summary for i in items), default="fr"),
        publisher=PUBLISHER,
        title=f"{PUBLISHER.name}: {items[0].title}",
        items=items,
        as_of=page_date,
        warnings=warnings,
    )
