"""Small text helpers shared by the parsers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TERMINAL = '.!?…»")”'
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Para:
    line: int  # 1-based line of the paragraph's first line
    text: str


def clean(text: str) -> str:
    """Collapse runs of white space (including non-breaking spaces)."""
    return _SPACES.sub(" ", text.replace("\xa0", " ")).strip()


def fold(text: str) -> str:
    """Lower case without accents, typographic apostrophes or dashes: a comparison key."""
    text = text.replace("’", "'").replace("–", "-").replace("—", "-")
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = (
            decomposed.encode("ascii", "ignore").decode()
            if decomposed.isascii()
            else "".join(c for c in decomposed if not unicodedata.combining(c))
        )
    return clean(text).lower()


def lines_of(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def paragraphs(text: str) -> list[Para]:
    """Blank-line separated blocks, with their first line number."""
    result: list[Para] = []
    block: list[str] = []
    start = 0
    for number, line in enumerate(lines_of(text), start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line.strip())
        elif block:
            result.append(Para(start, clean(" ".join(block))))
            block = []
    if block:
        result.append(Para(start, clean(" ".join(block))))
    return result


def is_cut(text: str) -> bool:
    """A teaser that stops mid-sentence (no closing punctuation)."""
    text = text.strip()
    return not text or text[-1] not in TERMINAL


def sentences(text: str) -> list[str]:
    """Split on sentence ends, not on initials such as "J. Stoltenberg"; "(CPEA). Le",
    "membre de l'UE. Tous", "joined NATO. The" and "la Suède . De plus" end a sentence too;
    "donateurs. 3.1. Accueillir" (a numbered section) end a sentence too."""
    parts = re.split(
        r"(?:(?<=[a-zà-ÿ0-9)\]”»\"]{2}[.!?])|(?<=[A-Z]\)[.!?])|(?<=[a-zà-ÿ]['’][A-Z]{2}[.!?])"
        r"|(?<=\s[A-Z]{2}[.!?])|(?<=\s[A-Z]{3}[.!?])|(?<=\s[A-Z]{4}[.!?])|(?<=\w\s[.!?]))"
        r"\s+(?=[A-ZÀ-Ý“«\"])"
        r"|(?<=[a-zà-ÿ]{2}[.!?])\s+(?=\d{1,2}(?:\.\d{1,2})*\.\s+[A-ZÀ-Ý])",
        text,
    )
    return [p.strip() for p in parts if p.strip()]
