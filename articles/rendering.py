"""Article bodies as HTML for readers: Markdown written by editors, plain text as imported.

Both paths end in markup built here from escaped text: Markdown is parsed by markdown-it-py
with raw HTML switched off, then sanitised by nh3 (Ammonia) against an allow-list, so
nothing an editor, an importer or a scraped page wrote can add a script, a style or an
event handler. Links that leave the site get ``rel="nofollow noopener"``.

Plain text (what the importer writes) keeps its structure: blank lines separate
paragraphs, runs of "- " / "• " / "1. " lines become lists.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

#: What a formatted body may contain: structure and emphasis, never scripts or styles.
ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "em",
    "strong", "a", "code", "pre", "hr", "del", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "rel"}, "ol": {"start"}}
EXTERNAL_REL = "nofollow noopener"
_BULLET = re.compile(r"^\s*(?:[-•*–]|\d{1,3}[.)])\s+")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+")
_WORD = re.compile(r"\w+")


def is_external(href: str) -> bool:
    """Whether ``href`` leaves the site: an absolute address on a host the site is not."""
    parts = urlsplit(href or "")
    if not parts.netloc:
        return False
    host = parts.hostname or ""
    own = {h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")}
    return not any(host == h or host.endswith("." + h) for h in own)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # Headings start at h2: the article title is the page's only h1.
    md.core.ruler.push("shift_headings", _shift_headings)
    md.core.ruler.push("external_links", _external_links)
    return md


def _shift_headings(state) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


def _external_links(state) -> None:
    for block in state.tokens:
        for token in block.children or ():
            if token.type == "link_open" and is_external(token.attrGet("href") or ""):
                token.attrSet("rel", EXTERNAL_REL)


def markdown_to_html(text: str) -> SafeString:
    """Markdown → sanitised HTML (headings h2 and below, lists, quotes, links, emphasis)."""
    html = _markdown().render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        link_rel=None,
        url_schemes={"http", "https", "mailto"},
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def _plain_block(block: str) -> str:
    """A block of lines: runs of list lines become a list, other runs a paragraph."""
    lines = [line for line in block.splitlines() if line.strip()]
    parts, run, run_is_list = [], [], None
    for line in [*lines, None]:
        is_list = line is not None and bool(_BULLET.match(line))
        if run and (line is None or is_list != run_is_list):
            parts.append(_list(run) if run_is_list else _paragraph(run))
            run = []
        if line is not None:
            run.append(line)
            run_is_list = is_list
    return "\n".join(parts)


def _list(lines: list[str]) -> str:
    tag = "ol" if all(_NUMBERED.match(line) for line in lines) else "ul"
    items = "".join(f"<li>{escape(_BULLET.sub('', line).strip())}</li>" for line in lines)
    return f"<{tag}>{items}</{tag}>"


def _paragraph(lines: list[str]) -> str:
    return "<p>" + "<br>".join(escape(line.strip()) for line in lines) + "</p>"


def plain_to_html(text: str) -> SafeString:
    """Imported plain text → paragraphs and lists, every piece escaped."""
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    html = "\n".join(_plain_block(block) for block in blocks if block.strip())
    return mark_safe(html)  # noqa: S308 - built from escaped text only


def body_html(article) -> SafeString:
    """The article's body as readers see it, by its ``body_format``."""
    if article.body_format == "markdown":
        return markdown_to_html(article.body)
    return plain_to_html(article.body)


def _fold(text: str) -> str:
    return " ".join(_WORD.findall((text or "").casefold()))


def summary_repeats_body(article) -> bool:
    """Whether the body already opens with the summary (many scraped pages do): then the
    page shows it once, as the body's first paragraph."""
    summary = _fold(article.summary.rstrip(" .…"))
    return bool(summary) and _fold(article.body).startswith(summary)


def reading_minutes(article, words_per_minute: int = 230) -> int:
    """Minutes to read the summary and body at an adult's silent reading pace."""
    words = len(_WORD.findall(f"{article.summary} {article.body}"))
    return max(1, round(words / words_per_minute))
