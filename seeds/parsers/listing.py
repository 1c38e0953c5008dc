"""The generic listing reader: repeating records found by the shape of their lines.

For a page no specific layout claims (a think tank's publication list, a news archive, a
search page). Every record of a listing has a date line (in any form ``dates.date_line``
reads, at month or day precision) and a title next to it; around them sit a type label
("Issue Brief"), a teaser, an author line, topic lines, captions and navigation. The
reader classifies each line by its shape (``shapes``), then decides once for the page
whether titles come before or after their date line (the side where more date lines find
a title-like neighbour), and reads each record's span up to the next record.

Records need not carry a date. A page of teasers without dates (an author's page, a
topic page: a title, one teaser paragraph, perhaps "Read more", then the next title) is a
listing too: an editor importing it expects one article per teaser, each without a date,
not one article made of ten teasers. Only a run of at least three such title + single
teaser records that makes up most of the page counts (an article whose sections run over
several paragraphs, or a fact sheet, is not one); beside dated records, a title directly
followed by one teaser and then the next title is a record too. Menus and captions never
become items: a record needs a teaser sentence under its title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import lang
from .base import ParsedDocument, ParsedItem, ParsedPublisher, ParseError
from .dates import DateLine
from .shapes import (
    OUTLET_LABELS,
    TOTAL,
    as_date_line,
    authors_of,
    is_caption,
    is_label,
    is_teaser,
    is_title,
    kind_of,
)
from .text import clean, fold, is_cut, lines_of  # noqa: F401

LAYOUT = "generic_listing"
INTERVIEW = re.compile(r"\b(interview|entretien|podcast)\b", re.IGNORECASE)
NEWS_TEASER = re.compile(r"^\((?:B2|BRUXELLES2|AFP|Reuters|AP|Belga)\b|^[A-ZÀ-Ý]{3,}\s*\(", re.I)
SKIPPED = {"label", "type", "caption", "outlet", "total", "author"}
BULLET_GLYPH = re.compile(r"^[•▪◦·‣]\s*")
TYPE_SUFFIX = re.compile(r"\s*\(([^()]{2,40})\)$")
# A block of links to other pages ("More facts you may be interested in", "Related
# articles"): its dated titles are not this page's records.
RELATED = re.compile(
    r"^(?:more\b.{0,40}\byou may (?:be interested in|like|also like)|you may also (?:like|enjoy"
    r"|be interested in)|related(?: articles| content| posts| publications| stories)?"
    r"|see also|read also|à lire aussi|lire aussi|voir aussi|sur le même (?:sujet|thème)"
    r"|dans la même rubrique|articles? (?:liés|similaires|connexes)|most read|les plus lus"
    r"|recommended(?: for you)?|recommandés?)\s*:?$",
    re.IGNORECASE,
)


@dataclass
class Line:
    index: int  # 0-based position among the page's non-blank lines
    number: int  # 1-based line number in the file
    text: str
    shape: str  # date, label, type, caption, outlet, total, author, teaser, title, other
    date: DateLine | None = None
    authors: list[str] = field(default_factory=list)


# "date 2022-04-19 On April 19, ..." : a date field glued to the text that follows it.
GLUED_DATE = re.compile(
    r"^\s*(?:date|published|publié le|mis en ligne le)\s*:?\s*(\d{4}-\d{2}(?:-\d{2})?)\s+(.+)$",
    re.IGNORECASE,
)


# "Airport Security: A National Security ChallengeMay 13, 2013 / Raphael Ron": a title
# glued to the date (and byline) that a page's markup printed after it.
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
GLUED_TITLE_DATE = re.compile(
    rf"^(.*[a-z0-9?!.”\"’)])((?:{_MONTHS}) \d{{1,2}}, (?:19|20)\d{{2}})\s*(/\s*.+)?$"
)


def _split_lines(text: str) -> list[tuple[int, str]]:
    result = []
    for number, raw in enumerate(lines_of(text), 1):
        glued = GLUED_DATE.match(raw) or GLUED_TITLE_DATE.match(raw)
        if glued:  # the title, the date, the "/ names" after it if any
            result += [(number, part) for part in glued.groups() if part]
        else:
            result.append((number, raw))
    return result


def classify(text: str) -> list[Line]:
    """The page's non-blank lines with their shapes (fresh objects: readers mutate them)."""
    return [Line(*fields) for fields in _classified(text)]


@lru_cache(maxsize=4)
def _classified(text: str) -> tuple[tuple, ...]:
    return tuple(
        (line.index, line.number, line.text, line.shape, line.date, tuple(line.authors))
        for line in _classify(text)
    )


def _classify(text: str) -> list[Line]:
    result: list[Line] = []
    after_outlet_label = False
    for number, raw in _split_lines(text):
        # "• Research", "• June 14, 2022": a list's bullet is markup, not part of the line.
        line = BULLET_GLYPH.sub("", clean(raw))
        if not line:
            continue
        shape, found, authors = "other", None, []
        if after_outlet_label:
            shape = "outlet"
        elif is_label(line):
            shape = "label"
        elif (found := as_date_line(line)) is not None:
            shape = "date"
        elif kind_of(line):
            shape = "type"
        elif TOTAL.match(line):
            shape = "total"
        elif is_caption(line):
            shape = "caption"
        elif (names := authors_of(line)) is not None:
            shape, authors = "author", names
        elif is_teaser(line):
            shape = "teaser"
        elif is_title(line):
            shape = "title"
        after_outlet_label = len(line) < 60 and fold(line) in OUTLET_LABELS
        result.append(Line(len(result), number, line, shape, found, authors))
    return result


def _neighbour(lines: list[Line], start: int, step: int, stop: int) -> Line | None:
    """The first line from ``start`` towards ``stop`` that is not a label, a type, a
    caption, an author line..., or None. Looking back from a date, a line of plain names
    between a title and its date ("Eric Edelman and Franklin C. Miller") is a byline."""
    index = start
    while 0 <= index < len(lines) and index != stop:
        line = lines[index]
        if line.shape == "date":
            return None
        if line.shape not in SKIPPED:
            further = index + step
            if (
                step < 0
                and line.shape == "title"
                and 0 <= further != stop
                and lines[further].shape == "title"
                and authors_of(line.text, loose=True)
            ):
                line.shape, line.authors = "author", authors_of(line.text, loose=True)
                index = further
                continue
            return line
        index += step
    return None


def _neighbour_line(lines: list[Line], index: int, stop: int) -> Line | None:
    while index < min(stop, len(lines)):
        if lines[index].shape not in ("label", "caption", "type"):
            return lines[index]
        index += 1
    return None


def _titles(lines: list[Line], anchors: list[int]) -> tuple[list[Line | None], list[Line | None]]:
    before, after = [], []
    for position, anchor in enumerate(anchors):
        previous = anchors[position - 1] if position else -1
        following = anchors[position + 1] if position + 1 < len(anchors) else len(lines)
        candidate = _neighbour(lines, anchor - 1, -1, previous)
        before.append(candidate if candidate and candidate.shape == "title" else None)
        candidate = _neighbour(lines, anchor + 1, 1, following)
        if candidate and candidate.shape == "teaser" and len(candidate.text) <= 120:
            # "We don’t really know ... Here’s how to fix that." with its byline below it
            # is a title that ends with a full stop.
            below = _neighbour_line(lines, candidate.index + 1, following)
            if below is not None and below.shape == "author":
                candidate.shape = "title"
        after.append(candidate if candidate and candidate.shape == "title" else None)
    return before, after


@dataclass
class Record:
    title: Line
    date: Line | None  # None: a labelled record that states no date
    start: int
    end: int = 0


def _labelled_undated(lines: list[Line], found: list[Record]) -> list[Record]:
    """In a listing whose records carry type labels ("Research", "Commentary", "Event"), a
    labelled record without a date line is still a record: the label, then a title, then
    its teaser, before the next label. Only beside dated records (the page is a listing);
    an unlabelled undated teaser list stays one page."""
    covered = {record.title.index for record in found}
    labels = [line.index for line in lines if line.shape == "type"]
    extra = []
    for position, index in enumerate(labels):
        stop = labels[position + 1] if position + 1 < len(labels) else len(lines)
        segment = [
            line for line in lines[index + 1 : stop] if line.shape not in ("label", "caption")
        ]
        if any(line.shape == "date" or line.index in covered for line in segment):
            continue
        if len(segment) >= 2 and segment[0].shape == "title" and segment[1].shape == "teaser":
            extra.append(Record(segment[0], None, index))
    return extra


# Lines that sit inside a record without being its title or teaser.
AROUND = frozenset({"label", "caption", "type", "total", "outlet"})
UNDATED_MIN = 3  # undated records in a page without dates: fewer is an article's sections
HEADING_LINES = 3  # ... and they are the page: a heading of a few lines above them,
FOOTER_LINES = 2  # a footer line or two below, nothing in between
TEASER_MAX = 500  # a teaser is a few sentences, not a section of an article
CUT_WORDS = 10  # the page's last line, cut mid-sentence: a teaser if it is this long
TERMINAL_MARKS = (".", "!", "?", "…", "»", '"', "”", ")", "]")
QUESTION = re.compile(r"\?[\s\"”»]*$")
SENTENCE_INSIDE = re.compile(r"[a-zà-ÿ]{2}[.!?] [A-ZÀ-Ý]")


def _teaser_like(line: Line, title: Line | None = None) -> bool:
    if len(line.text) > TEASER_MAX:
        return False
    words = len(line.text.split())
    if title is not None and line.shape == "title" and words >= 12:
        # "In Europe’s gift: ..." / "The European Union should offer Ukraine ... prophecy":
        # a line twice as long as the title above it, ending without a full stop.
        return len(line.text) >= 2 * len(title.text)
    if line.shape == "teaser":
        return True
    # "Commentary by A, B and C NATO will hold ...": a byline glued to a long teaser.
    if line.shape == "author":
        return len(line.text) >= 160
    # "What to make of ... on Iran and missile defense?": a teaser that asks; "... security.
    # But Russia’s aggre": a teaser cut after its first sentence.
    return (
        line.shape == "title"
        and len(line.text.split()) >= 10
        and bool(QUESTION.search(line.text) or SENTENCE_INSIDE.search(line.text))
    )


def _cut_off(text: str) -> bool:
    """The page's last line stops mid-sentence: "... for the Munich Securi", "Alors que la r"."""
    words = text.split()
    if text.endswith(TERMINAL_MARKS) or len(words) < 3:
        return False
    return len(words) >= CUT_WORDS or text[-1].islower()


def _rubrics(lines: list[Line]) -> set[str]:
    """Short lines printed more than once on a page ("Strategic Europe" above two records):
    a rubric or type label of the publisher's own, not a title."""
    seen: dict[str, int] = {}
    for line in lines:
        if line.shape == "title" and len(line.text) <= 40 and len(line.text.split()) <= 4:
            seen[fold(line.text)] = seen.get(fold(line.text), 0) + 1
    return {text for text, count in seen.items() if count > 1}


def _content(lines: list[Line]) -> list[Line]:
    rubrics = _rubrics(lines)
    return [line for line in lines if line.shape not in AROUND and fold(line.text) not in rubrics]


def _undated_pairs(lines: list[Line], taken: set[int], *, labelled: bool) -> list[Record]:
    """Title lines followed by exactly one teaser, then the next title or the end; with
    ``labelled`` (beside dated records), only those under a rubric (type-labelled records
    are ``_labelled_undated``'s)."""
    rubrics = _rubrics(lines)
    content = _content(lines)
    found = []
    for position, line in enumerate(content[:-1]):
        if line.shape != "title" or line.index in taken or len(line.text) > 200:
            continue
        teaser = content[position + 1]
        cut_last = teaser is content[-1] and _cut_off(teaser.text)
        if _teaser_like(line) or not (_teaser_like(teaser, line) or cut_last):
            continue
        above = lines[line.index - 1] if line.index else None
        if labelled and not (above and fold(above.text) in rubrics):
            continue
        after = content[position + 2] if position + 2 < len(content) else None
        if after is None or after.shape == "title":
            start = line.index
            while start > 0 and lines[start - 1].shape in ("type", "label"):
                start -= 1
            found.append(Record(line, None, start))
    return found


def _undated_listing(lines: list[Line]) -> list[Record]:
    """A page without dates is a listing when its title + teaser records are the page: a
    heading above them, perhaps a footer line below, and no stray line in between (a
    subheading with two paragraphs under it makes the page an article with sections)."""
    found = _undated_pairs(lines, set(), labelled=False)
    if len(found) < UNDATED_MIN:
        return []
    content = [line.index for line in _content(lines)]
    first = content.index(found[0].title.index)
    paired = {record.title.index for record in found}
    paired |= {content[content.index(record.title.index) + 1] for record in found}
    strays = [index for index in content[first:] if index not in paired]
    if first > HEADING_LINES or len(strays) > FOOTER_LINES:
        return []
    if any(index < found[-1].title.index for index in strays):
        return []
    return found


def _before_related(lines: list[Line]) -> list[Line]:
    """The page's lines up to a block of links to other pages, if it has one after its
    opening lines."""
    for line in lines[3:]:
        if len(line.text) <= 60 and RELATED.match(line.text):
            return lines[: line.index]
    return lines


def records(lines: list[Line]) -> list[Record]:
    lines = _before_related(lines)
    anchors = [line.index for line in lines if line.shape == "date"]
    if not anchors:
        found = _undated_listing(lines)
        for record, following in zip(found, found[1:], strict=False):
            record.end = following.start
        if found:
            found[-1].end = len(lines)
        return found
    before, after = _titles(lines, anchors)
    hits_before = sum(t is not None for t in before)
    # A type label right above a date ("Issue Brief" / "Mar 9, 2022") opens a record whose
    # title follows the date.
    typed = sum(1 for anchor in anchors if anchor and lines[anchor - 1].shape == "type")
    hits_after = sum(t is not None for t in after) + typed
    first, second = (before, after) if hits_before >= hits_after else (after, before)
    if max(hits_before, hits_after) * 3 >= 2 * len(anchors):
        second = [None] * len(anchors)  # a clear layout: no record read the other way round
    found: list[Record] = []
    used: set[int] = set()
    for anchor, main, other in zip(anchors, first, second, strict=True):
        title = main if main is not None and main.index not in used else other
        if title is None or title.index in used:
            continue
        used.add(title.index)
        start = min(title.index, anchor)
        # A type label just before the record ("Issue Brief") opens it.
        while start > 0 and lines[start - 1].shape in ("type", "label"):
            start -= 1
        found.append(Record(title, lines[anchor], start))
    if found:
        found += _labelled_undated(lines, found)
        taken = {record.title.index for record in found}
        taken |= {record.date.index for record in found if record.date}
        found += _undated_pairs(lines, taken, labelled=True)
    found.sort(key=lambda record: record.start)
    for record, following in zip(found, found[1:], strict=False):
        record.end = following.start
    if found:
        found[-1].end = len(lines)
    return found


def score(text: str) -> int:
    """The number of records; one dated title alone is an article, not a listing."""
    found = len(records(classify(text)))
    return found if found >= 2 else 0


def _item(lines: list[Line], record: Record, position: int, language: str) -> ParsedItem:
    span = lines[record.start : record.end]
    date = record.date.date if record.date else None
    authors: list[str] = []
    if date and date.before:
        authors += authors_of(date.before, loose=True) or []
    kind = kind_of(date.after) if date and date.after else None
    if date and date.after and kind is None:
        # "RUSI Journal, 31 May 2019Bethan Greener", "May 13, 2013 / Raphael Ron": the
        # names after the date.
        authors += authors_of(date.after.lstrip("/|–— "), loose=True) or []
    if date and kind is None:
        kind = kind_of(record.date.text.split(",", 1)[0])  # "Article, 21 January 2021..."
    if any(line.shape == "outlet" for line in span):
        kind = kind or "media_mention"  # a press item: the outlet's name, not an author
    teaser = ""
    for line in span:
        if line.index == record.title.index or record.date and line.index == record.date.index:
            continue
        if line.shape == "type" and kind is None:
            kind = kind_of(line.text)
        elif line.shape == "author":
            authors += line.authors
        elif line.shape == "other" and line.index < record.title.index + 3:
            names = authors_of(line.text.lstrip("/|–— "), loose=True)
            if names and record.title.index < line.index:
                authors += names
        elif line.shape == "teaser" and not teaser:
            teaser = line.text
    title = record.title.text
    typed = TYPE_SUFFIX.search(title)
    if typed and kind_of(typed.group(1)):
        # "Our finest hour (Commentary)": the type label is the kind, not part of the title.
        title, kind = title[: typed.start()], kind or kind_of(typed.group(1))
    if (INTERVIEW.search(title) or INTERVIEW.match(teaser)) and kind in (None, "media_mention"):
        kind = "interview"
    if kind is None and NEWS_TEASER.match(teaser):
        kind = "news"  # a news agency's dateline: "(B2)", "(AFP)", "BRUXELLES (Reuters) -"
    return ParsedItem(
        position=position,
        line=record.title.number,
        title=title,
        kind=kind or "analysis",
        language=lang.detect(title, teaser, default=language),
        summary=teaser,
        is_excerpt=not teaser or is_cut(teaser),
        published_on=date.value if date else None,
        published_precision=date.precision if date else "day",
        authors=list(dict.fromkeys(authors)),
    )


def parse(text: str) -> ParsedDocument:
    lines = classify(text)
    found = records(lines)
    if not found:
        raise ParseError("no repeating records (a title beside a date line) found")
    warnings: list[str] = []
    # The page may stop in the middle of its last record: keep it only if its title is
    # whole, i.e. something follows the title and the date.
    last = found[-1]
    if max(last.title.index, last.date.index if last.date else 0) >= len(lines) - 1:
        found.pop()
        warnings.append(f"line {last.title.number}: the page stops inside this record, skipped")
    language = lang.detect(*(record.title.text for record in found), default="en")
    items: list[ParsedItem] = []
    seen: set[str] = set()
    for record in found:
        key = fold(record.title.text)
        if key in seen:
            continue  # a listing shows a featured item twice: one article
        seen.add(key)
        items.append(_item(lines, record, len(items) + 1, language))
    title = next((line.text for line in lines if line.shape == "title"), items[0].title)
    return ParsedDocument(
        layout=LAYOUT,
        language=language,
        publisher=ParsedPublisher(""),
        title=title,
        items=items,
        warnings=warnings,
    )
