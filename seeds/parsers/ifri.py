"""Ifri subject pages: a subject with its description, then listed publications.

Structure: navigation lines; the subject name and a prose description; then items. An
Ifri publication is "title / Date de publication / date / summary"; a media item (press
article, interview) is "title / date / summary" without the label. Items can be listed
more than once; captions ("Image ...") and closing appeals carry no date line and are
therefore never items.
"""

from __future__ import annotations

import re

from . import lang
from .base import ParsedDocument, ParsedItem, ParsedPublisher, ParsedTopic, ParseError
from .dates import parse_date
from .shapes import OUTLET_LABELS, authors_of, is_label
from .text import clean, fold, is_cut, lines_of

LAYOUT = "ifri_subject"
PUBLISHER = ParsedPublisher("Ifri", "https://www.ifri.org")
DATE_LABEL = re.compile(r"^(date de publication|publication date|publié le)\s*:?$", re.I)
MARKER = re.compile(r"^image\b", re.I)
INTERVIEW = re.compile(r"\b(interview|entretien)\b", re.I)


def _previous(lines: list[str], index: int) -> int | None:
    index -= 1
    while index >= 0 and not lines[index].strip():
        index -= 1
    return index if index >= 0 else None


def score(text: str) -> int:
    """Dated records, most of them under a "Date de publication" label."""
    filled = [line.strip() for line in lines_of(text) if line.strip()]
    date_lines = sum(1 for line in filled if len(line) < 40 and parse_date(line))
    labels = sum(1 for line in filled if DATE_LABEL.match(line))
    return 2 * labels + date_lines if date_lines >= 2 and labels else 0


def parse(text: str) -> ParsedDocument:
    lines = lines_of(text)
    raw_items = []
    for index, line in enumerate(lines):
        parsed = parse_date(line) if line.strip() and len(line) < 40 else None
        if not parsed:
            continue
        label = _previous(lines, index)
        if label is None:
            continue
        labelled = bool(DATE_LABEL.match(lines[label].strip()))
        title_index = _previous(lines, label) if labelled else label
        if title_index is None or MARKER.match(lines[title_index].strip()):
            continue
        summary, authors, outlet = [], [], False
        rest = iter(enumerate(lines[index + 1 :], index + 1))
        for _n, following in rest:
            text = following.strip()
            if summary and not text:
                break
            if outlet or fold(text) in OUTLET_LABELS:
                labelled, outlet = False, fold(text) in OUTLET_LABELS  # a press item
                continue
            if text and not is_label(text):
                summary.append(text)
        # The authors follow the teaser, in capitals: "Élie TENENBAUM Bohdan KOSTIUK".
        for _n, following in rest:
            if following.strip():
                authors = authors_of(following.strip()) or []
                break
        raw_items.append(
            (
                title_index,
                clean(lines[title_index]),
                parsed,
                labelled,
                clean(" ".join(summary)),
                authors,
            )
        )
    if not raw_items:
        raise ParseError("no dated item found (expected 'title / date / summary' blocks)")

    header = [(i, clean(line)) for i, line in enumerate(lines[: raw_items[0][0]]) if line.strip()]
    topic = None
    header = [(i, line) for i, line in header if not is_label(line)]
    for position, (_i, line) in enumerate(header):
        if len(line) >= 60 and line[-1] in ".!?" and position > 0:
            name = header[position - 1][1]
            topic = ParsedTopic(name=name, description=line, language=lang.detect(line))
            break
    language = topic.language if topic else lang.detect(*(item[1] for item in raw_items))

    items: list[ParsedItem] = []
    seen = set()
    for title_index, title, dated, labelled, summary, authors in raw_items:
        published, precision = dated
        key = (fold(title), published)
        if key in seen:
            continue
        seen.add(key)
        if labelled:
            kind = "analysis"
        elif INTERVIEW.search(title) or INTERVIEW.search(summary):
            kind = "interview"
        else:
            kind = "media_mention"
        items.append(
            ParsedItem(
                position=len(items) + 1,
                line=title_index + 1,
                title=title,
                kind=kind,
                language=lang.detect(title, summary, default=language),
                summary=summary,
                is_excerpt=is_cut(summary),
                published_on=published,
                published_precision=precision,
                authors=authors,
                topics=[topic.name] if topic else [],
            )
        )
    return ParsedDocument(
        layout=LAYOUT,
        language=language,
        publisher=PUBLISHER,
        title=topic.name if topic else items[0].title,
        topic=topic,
        items=items,
    )
