"""Dates as pages write them, in French and English, with their precision.

A small regular-expression reader rather than ``dateparser``: the pages use a handful of
formats, we never want a missing year filled in (``dateparser`` completes partial dates
with the current year unless told not to), and the importer must read thousands of dates
per second. Results are memoised.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from typing import NamedTuple

MONTHS = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
    # French (accents removed before lookup)
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip

_MONTH = r"(?P<month>[A-Za-zÀ-ÿ]{3,9})\.?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|e)?"
_RANGE = r"(?:\s*(?:-|–|au|to|and|et)\s*\d{1,2}(?:st|nd|rd|th|er|e)?)?"
# Digits that continue a number ("12.000", "2018–24", "/2019/05/") are never a date.
_NOT_AFTER = r"(?<![\d.,/–-])"
_NOT_BEFORE = r"(?![\d/]|[.,–-]\d)"

PATTERNS = [
    # 25 September 2024 / 27 nov. 2025 / 1er juillet 2020 / 4th and 5th of September 2014
    # 25th September, 2018 (ECFR's by-lines)
    ("day", rf"{_NOT_AFTER}\b{_DAY}{_RANGE}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b{_NOT_BEFORE}"),
    # December 16th, 2002 / September 26, 2021
    ("day", rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b{_NOT_BEFORE}"),
    # 31-Jul-2007 (NATO's "Mise-à-jour" lines)
    ("day", rf"{_NOT_AFTER}\b{_DAY}-{_MONTH}-{_YEAR}\b{_NOT_BEFORE}"),
    # 11.11.2020 / 17/08/2017 / 13-07-2022 (day first, as both languages write it here)
    (
        "day",
        rf"{_NOT_AFTER}\b(?P<day>\d{{1,2}})(?P<sep>[./-])(?P<month>\d{{1,2}})(?P=sep){_YEAR}\b{_NOT_BEFORE}",
    ),
    # ISO 8601: 2022-04-19, and 2023-10 (a month)
    ("day", rf"{_NOT_AFTER}\b{_YEAR}-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b{_NOT_BEFORE}"),
    ("month", rf"{_NOT_AFTER}\b{_YEAR}-(?P<month>[01]\d)\b(?![/-]?\d)"),
    # décembre 2018 / December 2016
    ("month", rf"\b{_MONTH}\s+{_YEAR}\b{_NOT_BEFORE}"),
    ("year", rf"{_NOT_AFTER}\b{_YEAR}\b(?![%.,/–-]?\d)"),
]
_COMPILED = [(precision, re.compile(p, re.IGNORECASE)) for precision, p in PATTERNS]


class FoundDate(NamedTuple):
    start: int
    end: int
    value: date
    precision: str


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).lower()


def _build(precision: str, match: re.Match) -> date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    month, day = 1, 1
    if precision in ("day", "month"):
        raw = groups["month"]
        month = int(raw) if raw.isdigit() else MONTHS.get(_fold(raw).rstrip("."))
        if not month:
            return None
    if precision == "day":
        day = int(groups["day"])
        if month > 12 and day <= 12 and groups["month"].isdigit():
            day, month = month, day  # 06/13/2022: an American page, month first
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def find_dates(text: str) -> tuple[FoundDate, ...]:
    """Every date in ``text``, most precise reading first, without overlaps."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for precision, pattern in _COMPILED:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            value = _build(precision, match)
            if value is None:
                continue
            taken.append((start, end))
            found.append(FoundDate(start, end, value, precision))
    return tuple(sorted(found))


@lru_cache(maxsize=8192)
def parse_date(text: str) -> tuple[date, str] | None:
    """A date if ``text`` is nothing but a date (with day precision), else ``None``."""
    text = text.strip()
    dates = find_dates(text)
    whole = len(dates) == 1 and dates[0].start == 0 and dates[0].end == len(text)
    if whole and dates[0].precision == "day":
        return dates[0].value, dates[0].precision
    return None


WEEKDAYS = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b\.?,?",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^(?:date de publication|publication date|date|published(?: on)?|posted(?: on)?|publié le"
    r"|mis en ligne le|mise?[ -]à[ -]jour(?: le)?|updated(?: on)?|last updated|jour|day"
    r"|dernière modification|last modified|le|on)\s*:?\s*",
    re.IGNORECASE,
)


_GLUED = re.compile(
    r"(?<=[a-zà-ÿ])(?=\d{1,2}\s+[A-Za-zÀ-ÿ]{3,9}\.?\s+\d{4})"  # "Analysis06 February 2012"
    r"|(?<=[a-zà-ÿ])(?=(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January"
    r"|February|March|April|May|June|July|August|September|October|November|December)\b)"
)


_BY = re.compile(r"^(?:\w+\s+)?(?:by|par)\s", re.IGNORECASE)


# "RUSI Journal, 31 May 2019Bethan Greener": a name (or a teaser) glued after the year.
_GLUED_AFTER = re.compile(r"(?<=\b(?:1[89]|20)\d{2})(?=[A-ZÀ-Ý][a-zà-ÿ])")
_TRAILING_DASH = re.compile(r"\s*[-–—|]+$")


class DateLine(NamedTuple):
    value: date
    precision: str
    before: str  # text glued before the date (an author: "Jane DoeTuesday, June 28, 2022")
    after: str  # text after it ("| CSBA Brief", "- 09:30")


@lru_cache(maxsize=8192)
def date_line(line: str) -> DateLine | None:
    """The date of a line that is a date line: a date (month or day precision), perhaps
    with a label ("Date de publication :"), a weekday, a time, a kind after "|", or an
    author glued before it. A date inside a sentence or a title is not a date line."""
    text = _GLUED.sub(" ", line.strip())
    glued_after = bool(_GLUED_AFTER.search(text))
    text = _GLUED_AFTER.sub(" ", text)
    longest = 240 if _BY.match(text) else 120
    if not text or len(text) > longest or "http" in text or "www." in text:
        return None
    dates = [d for d in find_dates(text) if d.precision in ("day", "month")]
    if len(dates) != 1:
        return None
    found = dates[0]
    before = _LABEL.sub("", text[: found.start].strip(" ([")).strip()
    if before.endswith(",") and not WEEKDAYS.search(before[-12:]):
        before = ""  # "The Hill, April 4, 2024": an outlet, not a glued author
    # "Javier Solana - 01 April 2020", "by A B - 25th September, 2018": the dash is markup.
    before = _TRAILING_DASH.sub("", WEEKDAYS.sub("", before).strip(" ,"))
    after = text[found.end :].strip()
    after = re.sub(r"^[-–,]?\s*(?:à\s*|at\s*)?\d{1,2}[:h]\d{2}(?:\s*[ap]m)?", "", after, flags=re.I)
    after = after.strip(" )].:")
    # A glued author ends in a letter right against the date ("Jane DoeTuesday, ...").
    # (A by-line may be long: "Report by A B C D E F and G H — September 5, 2023".)
    if before and len(before.split()) > 14 and not _BY.match(before):
        return None
    if after and not after.startswith("|") and len(after.split()) > 4:
        if not glued_after:
            return None
        if len(after.split()) > 10 or any(mark in after for mark in ",.;:!?"):
            after = ""  # "Multimedia, 20 January 2021After the inauguration, ...": a teaser
    return DateLine(found.value, found.precision, before, after.lstrip("| ").strip())
