"""Pure-Python parsers for the scraped pages, one per layout (no Django here)."""

from .base import ParsedDocument, ParseError
from .detect import PARSERS, detect, parse

__all__ = ["PARSERS", "ParseError", "ParsedDocument", "detect", "parse"]
