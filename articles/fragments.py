"""Per-object fragment cache: the HTML of an article card (and of an article page's main
part) rendered once per version of the article, whatever page shows it.

Rendering twenty cards through the template engine costs more than the SQL of the page
(issue 14: template rendering was ~90 % of an uncached subject page). A card depends on the
article's own fields, on its byline and on the reader's language, so its key holds the
article's id, ``version`` and ``updated_at`` (both change on every save through the
services) and the language: an edit makes a new key, an old key is simply never read again.
What a card shows of *other* objects (an author's name) does not change the article's
version, so each fragment is stored with the "names" generation it was rendered under;
renaming an author, subject, entity or publisher, or changing a byline, bumps that
generation (``articles.signals``) and every fragment is rendered again on its next read.

One cache round trip per list (``get_many`` of the cards and the generation), one
``set_many`` for the cards that were missing. With the cache down, every card is rendered
(the cache is an optimisation, never a dependency).
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

NAMES_KEY = "site:gen:names"
#: Fragments outlive no page for long: a day, then they are rendered again.
FRAGMENT_SECONDS = 24 * 3600
CARD_TEMPLATE = "articles/_article_item.html"


def bump_names() -> None:
    """Make every fragment stale (a rename or a byline change shows on many of them)."""
    cache.set(NAMES_KEY, uuid.uuid4().hex, timeout=None)


def _names(found: dict) -> str:
    names = found.get(NAMES_KEY)
    if names is None:
        names = uuid.uuid4().hex
        if not cache.add(NAMES_KEY, names, timeout=None):
            names = cache.get(NAMES_KEY, names)
    return names


def version_key(kind: str, article, *extra) -> str | None:
    """The key of ``article``'s ``kind`` fragment for the current language, or None when
    the row was loaded without its version (a fragment could then outlive an edit)."""
    deferred = article.get_deferred_fields()
    if "version" in deferred or "updated_at" in deferred:
        return None
    stamp = article.updated_at.timestamp() if article.updated_at else ""
    parts = [kind, article.pk, article.version, stamp, get_language() or "", *extra]
    return "site:frag:" + ":".join(str(p) for p in parts)


def cached_values(keys: list[str | None], render) -> list:
    """The values under ``keys`` (None: never cached); ``render(missing_positions)`` gives
    those not cached (or stale), which are stored for the next reader."""
    wanted = [k for k in keys if k is not None]
    found = cache.get_many([*wanted, NAMES_KEY])
    names = _names(found)
    values: list = []
    ready: list[bool] = []
    for key in keys:
        entry = found.get(key) if key is not None else None
        fresh = entry is not None and entry[0] == names
        values.append(entry[1] if fresh else None)
        ready.append(fresh)
    missing = [n for n, fresh in enumerate(ready) if not fresh]
    if missing:
        store = {}
        for n, value in zip(missing, render(missing), strict=True):
            values[n] = value
            if keys[n] is not None:
                store[keys[n]] = (names, value)
        if store:
            cache.set_many(store, FRAGMENT_SECONDS)
    return values


def cached_fragments(keys: list[str | None], render) -> list[SafeString]:
    """``cached_values`` of HTML fragments (stored as plain strings)."""
    html = cached_values(keys, lambda positions: [str(f) for f in render(positions)])
    return [mark_safe(fragment) for fragment in html]  # noqa: S308 - rendered by templates


def prepare_cards(*lists) -> None:
    """Read (or render) the cards of every list of a page at once: one cache read and at
    most one byline query for all of them. ``article_cards`` then finds them ready."""
    articles = [article for rows in lists for article in rows]
    for article, card in zip(articles, article_cards(articles), strict=True):
        article.card_html = card


def article_cards(articles) -> list[SafeString]:
    """Each article's card (``_article_item.html``), from the cache when that version of
    it was rendered before; the byline is loaded only for the cards rendered now."""
    articles = list(articles)
    if all(hasattr(article, "card_html") for article in articles):
        return [article.card_html for article in articles]
    template = get_template(CARD_TEMPLATE)

    def render(positions):
        missing = [articles[n] for n in positions]
        prefetch_related_objects(missing, *_byline())
        return [template.render({"article": article}) for article in missing]

    return cached_fragments([version_key("card", a) for a in articles], render)


def _byline():
    from .models import ArticleAuthor

    return [
        Prefetch(
            "article_authors",
            queryset=ArticleAuthor.objects.select_related("author").order_by("position"),
        )
    ]


#: The parts of an article page that depend on the article alone (not on other articles).
ARTICLE_PARTS = {
    "head": "articles/_article_head.html",
    "main": "articles/_article_main.html",
    "about": "articles/_article_about.html",
}


def article_parts(request, article, full_context, use_cache=True) -> dict[str, SafeString]:
    """The article page's own parts (meta tags and JSON-LD, the text, subjects and
    citations), rendered with ``full_context()`` only when this version of the article was
    not rendered before for this site address (the citations and canonical link are
    absolute). The admin's preview passes ``use_cache=False``: a draft is never stored."""
    names = list(ARTICLE_PARTS)
    site = request.build_absolute_uri("/")
    keys = [version_key("page-" + n, article, site) if use_cache else None for n in names]

    def render(positions):
        context = full_context()
        return [render_to_string(ARTICLE_PARTS[names[n]], context, request) for n in positions]

    return dict(zip(names, cached_fragments(keys, render), strict=True))
