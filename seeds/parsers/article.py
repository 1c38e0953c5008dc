"""The last resort: the page as one article, "in review", with a warning that says why.

A page that no layout claims and where no listing of dated titles is found is still text
an editor may want: a press release, a fact sheet of another ministry, a blog post on
another platform. Its title is the first line shaped like a title, its date the first
date line near the top (or a "Mise à jour" line), its authors the byline near the top;
the rest is the body. It always arrives for review, even under ``--publish``.
"""

from __future__ import annotations

import re

from . import lang
from .base import ParsedDocument, ParsedItem, ParsedPublisher, ParseError
from .dates import find_dates
from .listing import classify
from .memberships import memberships_in
from .shapes import FOOTNOTE, authors_of
from .text import is_cut

LAYOUT = "single_article"
DATELINE = re.compile(
    r"^[A-ZÀ-Ý][\wÀ-ÿ'’ -]{1,30},\s+\d{1,2}(?:er)?\s+[A-Za-zÀ-ÿ]{3,9}\.?\s+\d{4}\b"
)
NEWS_DATELINE = re.compile(
    r"^\((?:[A-Z][A-Z .-]{2,30})\)\s*[–—-]\s"
    # "WASHINGTON — Congress wants ...", "BRUXELLES – Les ministres ..."
    r"|^[A-ZÀ-Ý]{3,}(?:[ -][A-ZÀ-Ý]{2,})*(?:,\s+[A-Z][\w.]+)?\s*[–—]\s+[A-ZÀ-Ý]"
    # "Ulaanbaatar, August 1, 2025 /MONTSAME/." (an agency's dateline)
    r"|^[A-ZÀ-Ý][\wÀ-ÿ'’ -]{1,30},\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}\s*/[A-Z]"
)
# "As featured in Modern War Institute": the page points to the outlet that ran the piece.
MEDIA_MENTION = re.compile(
    r"^(?:as featured in|as seen in|originally published (?:in|by|on)|first published (?:in|by)"
    r"|article paru dans|paru dans|publié dans|in the news)\b",
    re.IGNORECASE,
)
FACT_SHEET = re.compile(r"^(?:fact ?sheet|fiche d['’]information|fiche pays|factsheet)s?\b", re.I)
# "Notes to Editors" closes a press release, wherever the page stops.
PRESS_NOTES = re.compile(
    r"^(?:notes? (?:to|for) editors|note aux rédactions|media (?:contact|enquiries)"
    r"|contact presse)\b",
    re.IGNORECASE,
)
FACT_SHEET_FACTS = 3  # facts stated by a page without author under a short noun-phrase title
PRESS_RELEASE = re.compile(r"\b(press release|communiqué de presse|news release)\b", re.I)
HEAD = 12  # lines at the top where a byline or a date belongs to the article


def score(text: str) -> int:
    return 1 if text.strip() else 0


# An author's affiliation printed under the name: not a title.
AFFILIATION = re.compile(
    r"^(?:senior|associate|visiting|non-?resident|research|chercheur|chercheuse|maître de"
    r" recherche|chargée? de recherche|directeur|directrice|director|professor|professeur"
    r"|fellow|analyst|analyste|head of|responsable|former|ancien|ancienne)\b",
    re.IGNORECASE,
)


def _head(lines: list) -> None:
    """Read the top of the page as a careful editor would: a bare name next to the date
    is the byline, the line under a byline that names a position is an affiliation, and a
    title broken after a colon ("Sécurité maritime en Asie :" / "l’impossible
    indifférence" / "de l’Europe*") is one title."""
    for line in lines[:HEAD]:
        if line.shape != "date":
            continue
        for index in (line.index - 1, line.index + 1):
            near = lines[index] if 0 <= index < len(lines) else None
            if near is not None and near.shape == "title":
                names = authors_of(near.text, loose=True)
                if names and len(near.text) <= 60:
                    near.shape, near.authors = "author", names
    for line, following in zip(lines[:HEAD], lines[1 : HEAD + 1], strict=False):
        _bare_byline(line, following)
        if line.shape == "author" and AFFILIATION.match(following.text):
            following.shape = "caption"
    for position, line in enumerate(lines[:HEAD]):
        if not (line.text.endswith(":") and len(line.text) <= 80 and line.text[:1].isupper()):
            continue
        parts, rest = [line.text], lines[position + 1 : position + 4]
        for following in rest:
            if not following.text[:1].islower() or len(following.text) > 80:
                break
            parts.append(following.text)
            following.shape = "caption"
        if len(parts) > 1:
            line.text = FOOTNOTE.sub("", " ".join(parts)).rstrip()
            line.shape = "title"
            return


def _bare_byline(line, following) -> None:
    """ "Martin Michelot" / "Senior Associate Research Fellow": a bare name over a short line
    that names a position is the byline, wherever the top of the page prints it (the
    position says the name is a person's, not a title's)."""
    if line.shape != "title" or line.index == 0 or len(line.text) > 40:
        return
    if not AFFILIATION.match(following.text) or len(following.text) > 80:
        return
    names = authors_of(line.text, loose=True)
    if names and len(names) <= 3:
        line.shape, line.authors = "author", names


PUBLISHED_CUE = re.compile(
    r"\b(?:published|publié|posted|updated|mise? (?:à )?jour|last modified|dernière modification"
    r"|mis en ligne)",
    re.IGNORECASE,
)


def _dates_the_page(line) -> bool:
    """A date line with a sentence before it ("... de l'OTAN", n° 29, juillet 1997.") cites
    something; the page's own date stands alone, after a byline, a place or a label."""
    found = find_dates(line.text)
    before = line.text[: found[0].start] if found else ""
    return len(before.split()) <= 3 or bool(line.date.before) or bool(PUBLISHED_CUE.search(before))


def _published_on(lines: list) -> tuple:
    """ "Source: the Council, published on Monday, June 17 2019.": a date the top of the
    page says is the publication's, whatever the line's shape."""
    for line in lines[:HEAD]:
        cue = PUBLISHED_CUE.search(line.text)
        found = find_dates(line.text[cue.end() :]) if cue else ()
        if found and found[0].precision in ("day", "month") and found[0].start < 20:
            return found[0].value, found[0].precision
    return None, ""


def _published(lines: list) -> tuple:
    """The page's date: the only date at the top, or the one next to the byline when there
    are two (a repost: the blog's day heading, then the article's by-line date). Three
    date lines or more date things listed without titles, not the page."""
    dated = [line for line in lines if line.shape == "date"]
    top = [line for line in dated if line.index < HEAD and _dates_the_page(line)]
    if len(dated) > 2 and len({line.date.value for line in dated}) > 1:
        return None, ""
    if not top:
        return _published_on(lines)
    if len({line.date.value for line in top}) > 1 or len(dated) > 1:
        bylined = [
            line
            for line in top
            if any(
                0 <= line.index + step < len(lines) and lines[line.index + step].shape == "author"
                for step in (-1, 1)
            )
            or (line.date.before and authors_of(line.date.before, loose=True))
        ]
        if len(bylined) == 1:
            return bylined[0].date.value, bylined[0].date.precision
        if len({line.date.value for line in top}) > 1 or len(top) < len(dated):
            return (None, "") if len(top) != 1 else (top[0].date.value, top[0].date.precision)
    return top[0].date.value, top[0].date.precision


def _kind_from_shape(lines: list, kind: str) -> str:
    """Kinds the page states by its furniture: "As featured in" (a media mention), a
    "Factsheet" label, "Notes to Editors" (a press release)."""
    if kind != "analysis":
        return kind
    head = [line.text for line in lines[:HEAD]]
    if any(MEDIA_MENTION.match(text) for text in head):
        return "media_mention"
    if any(FACT_SHEET.match(text) for text in head):
        return "fact_sheet"
    if any(PRESS_NOTES.match(line.text) for line in lines if len(line.text) <= 40):
        return "news"
    return kind


def parse(text: str) -> ParsedDocument:
    lines = classify(text)
    _head(lines)
    content = [line for line in lines if line.shape not in ("label", "caption", "total")]
    if not content:
        raise ParseError("no text in the page")
    title_line = next(
        (line for line in content[:HEAD] if line.shape == "title" and len(line.text) <= 120),
        next((line for line in content[:HEAD] if line.shape == "title"), None)
        or next((line for line in content if line.shape not in ("date", "author")), content[0]),
    )
    title = title_line.text
    if len(title) > 250:
        title = title[:240].rsplit(" ", 1)[0] + "…"
    authors, kind = [], "analysis"
    published, precision = _published(lines)
    # Dates at the top that name no single date for the page: no dateline guess either.
    undated = published is None and any(line.shape == "date" for line in lines)
    for line in lines[:HEAD]:
        if line.shape == "date" and line.date.value == published and line.date.before:
            authors += authors_of(line.date.before, loose=True) or []
        elif line.shape == "author":
            authors += line.authors
        elif line.shape == "type" and kind == "analysis":
            from .shapes import kind_of

            kind = kind_of(line.text) or kind
    if published is None and not undated:
        # A press release's dateline: "VILNIUS, 28 October 2011 - The OSCE ...".
        for line in content[:4]:
            dateline = DATELINE.match(line.text)
            found = find_dates(dateline.group(0)) if dateline else ()
            if found and found[0].precision == "day":
                published, precision, kind = found[0].value, "day", "news"
                break
    if (
        PRESS_RELEASE.search(" ".join(line.text for line in lines[:HEAD]))
        or any(DATELINE.match(line.text) for line in content[:2])
        or any(NEWS_DATELINE.match(line.text) for line in content[:6])
    ):
        kind = "news"  # "Brussels, 18 November 2024", "(BRUSSELS) – ...": a news dateline
    kind = _kind_from_shape(lines, kind)
    body_lines = [
        line.text
        for line in content
        if line is not title_line and line.shape not in ("date", "author", "type")
    ]
    body = "\n\n".join(body_lines)
    language = lang.detect(title, body)
    summary = next(
        (line for line in body_lines if len(line) >= 60), body_lines[0] if body_lines else ""
    )
    as_of = published if precision == "day" else None
    memberships = memberships_in(text, as_of=as_of)
    if (
        kind == "analysis"
        and not authors
        and len(memberships) >= FACT_SHEET_FACTS
        and len(title.split()) <= 4
    ):
        kind = "fact_sheet"  # "Partners for Co-operation": who belongs to what, unsigned
    item = ParsedItem(
        position=1,
        line=title_line.number,
        title=title,
        kind=kind,
        language=language,
        summary=summary,
        body=body,
        is_excerpt=is_cut(body),
        published_on=published,
        published_precision=precision or "day",
        authors=list(dict.fromkeys(authors)),
    )
    return ParsedDocument(
        layout=LAYOUT,
        language=language,
        publisher=ParsedPublisher(""),
        title=title,
        items=[item],
        memberships=memberships,
        as_of=as_of,
        warnings=[
            "no known layout and no listing of dated titles found: "
            "imported as one article to be reviewed"
        ],
        needs_review=True,
    )
