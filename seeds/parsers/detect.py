"""Recognise a page's layout from the shape of its text, never from its subject.

A registry: each layout's module exports ``LAYOUT``, ``score(text)`` and ``parse(text)``.
The best positive score wins; a page no layout claims (or whose layout parser finds
nothing in it) goes to the generic listing reader, and failing that it is imported as one
article for an editor to review. Only an empty page is refused (undecodable and binary
files are refused earlier, by the importer that reads the bytes).
"""

from __future__ import annotations

from types import ModuleType

from . import article, b2, bilateral, blog, factsheet, ifri, listing
from .base import ParsedDocument, ParseError

# Specific layouts, in order of preference when two score the same.
REGISTRY: tuple[ModuleType, ...] = (ifri, b2, factsheet, bilateral, blog)
# The generic paths, tried in this order when no specific layout claims the page.
FALLBACKS: tuple[ModuleType, ...] = (listing, article)
PARSERS = {module.LAYOUT: module.parse for module in (*REGISTRY, *FALLBACKS)}
LAYOUT_NAMES = {
    ifri.LAYOUT: "Ifri subject page (publications with a 'Date de publication' label)",
    b2.LAYOUT: "B2 news listing (titles with '(B2)' teasers)",
    factsheet.LAYOUT: "Ministry fact sheet (numbered sections, last-modified date)",
    bilateral.LAYOUT: "Ministry bilateral page (partner tabs, then prose)",
    blog.LAYOUT: "Blog post (author, date, reading time)",
    listing.LAYOUT: "Listing of records (titles with dates, or a page of undated teasers), read by "
    "the shape of its lines",
    article.LAYOUT: "A single article (no listing recognised): to be reviewed",
}


def scores(text: str) -> dict[str, int]:
    """Every specific layout's own score for ``text``."""
    return {module.LAYOUT: module.score(text) for module in REGISTRY}


def _candidates(text: str) -> list[ModuleType]:
    scored = [(module.score(text), -order, module) for order, module in enumerate(REGISTRY)]
    specific = [module for score, _order, module in sorted(scored, reverse=True) if score > 0]
    generic = [module for module in FALLBACKS if module.score(text) > 0]
    return [*specific, *generic]


def detect(text: str) -> str:
    """The layout id that ``parse`` would use first; ``ParseError`` for an empty page."""
    if not text.strip():
        raise ParseError("the page is empty")
    return _candidates(text)[0].LAYOUT


def parse(text: str) -> ParsedDocument:
    """Parse with the best layout; fall back to the generic readers rather than refuse."""
    if not text.strip():
        raise ParseError("the page is empty")
    errors: list[str] = []
    for module in _candidates(text):
        try:
            document = module.parse(text)
        except ParseError as error:
            errors.append(f"{module.LAYOUT}: {error}")
            continue
        if errors and module is article:
            document.warnings.insert(0, "; ".join(errors))
        return document
    raise ParseError("; ".join(errors) or "nothing readable in the page")


__all__ = ["LAYOUT_NAMES", "PARSERS", "REGISTRY", "ParseError", "detect", "parse", "scores"]
