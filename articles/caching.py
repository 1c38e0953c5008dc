"""Cache of anonymous pages, invalidated per object and per list by "generation" numbers.

Each cached page depends on a few generations, named from its URL alone (so a hit knows them
before reading anything): every page on ``site`` (taxonomy renames, withdrawn articles);
an article page on ``article:<slug>``; a subject page on ``topic:<slug>``; an author's or a
publisher's page on ``author:<slug>`` / ``publisher:<slug>``; the home page and the other
lists across subjects on ``lists``; any other page (search, partnerships, feeds, sitemap)
on ``content``, bumped by every change of an article. The page is stored with the values of
its generations; a hit reads the page and its generations in ONE cache round trip
(``get_many``: one MGET on Redis) and serves the page only if they still match. A write
bumps only the generations of what it changes (``articles.signals``): editing an article's
text invalidates its own page and the ``content`` pages, publishing one invalidates the
lists, its subjects', authors' and publisher's pages and its own page, not the rest.

Signed-in users (editors previewing the site) are never served from, nor stored in, the
cache. Scheduled publication and expiry happen without any save, so a page is never cached
past the next scheduled publication or expiry time: an expired article cannot linger in the
cache, and a scheduled one appears on time.
"""

import functools
import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

HEADERS_KEPT = ("Content-Type", "Content-Language", "Vary", "Link")
SITE = "site"
CONTENT = "content"
LISTS = "lists"


def generation_key(scope: str) -> str:
    return "site:gen:" + hashlib.sha256(scope.encode()).hexdigest()[:32]


def invalidate(*scopes: str) -> None:
    """Make stale every cached page depending on one of ``scopes`` (default: every page).

    Twice: now, so that pages cached before the change stop being served at once (the
    writer's own next page included), and again once the change is committed, since a
    reader that still saw the old rows inside the transaction's window may have re-cached
    the old page under the new generation.
    """
    keys = [generation_key(scope) for scope in (scopes or (SITE,))]
    _bump(keys)
    transaction.on_commit(functools.partial(_bump, keys), robust=True)


def _bump(keys) -> None:
    cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)


def _current(keys, found) -> tuple:
    """The values of generation ``keys`` (``found``: those already read), creating the
    missing ones (a new cache, an evicted key)."""
    values = []
    for key in keys:
        value = found.get(key)
        if value is None:
            value = uuid.uuid4().hex
            if not cache.add(key, value, timeout=None):
                value = cache.get(key, value)
        values.append(value)
    return tuple(values)


def cache_seconds() -> int:
    """How long a page built now may be served: the configured time, cut short by the next
    scheduled publication or expiry of a published article (one query)."""
    from .models import Article

    now = timezone.now()
    upcoming = Article.objects.filter(
        Q(publish_at__gt=now) | Q(expire_at__gt=now), status=Article.Status.PUBLISHED
    ).aggregate(
        publish=Min("publish_at", filter=Q(publish_at__gt=now)),
        expire=Min("expire_at", filter=Q(expire_at__gt=now)),
    )
    seconds = settings.CACHE_MIDDLEWARE_SECONDS
    for moment in upcoming.values():
        if moment is not None:
            seconds = min(seconds, int((moment - now).total_seconds()))
    return seconds


def page_key(request) -> str:
    raw = "|".join([get_language() or "", request.get_host(), request.get_full_path()])
    return "site:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _default_scopes(request, *args, **kwargs):
    return (CONTENT,)


def cache_public_page(view=None, *, scopes=_default_scopes):
    """Serve anonymous GET requests of ``view`` from the cache, keyed by path, query,
    language and host, while the generations named by ``scopes(request, *args,
    **kwargs)`` (and ``site``) are those the page was built under."""
    if view is None:
        return functools.partial(cache_public_page, scopes=scopes)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method not in ("GET", "HEAD")
            or not settings.PAGE_CACHE
            or request.user.is_authenticated
        ):
            return view(request, *args, **kwargs)
        key = page_key(request)
        generations = [generation_key(s) for s in (SITE, *scopes(request, *args, **kwargs))]
        found = cache.get_many([key, *generations])  # one round trip
        cached = found.get(key)
        if cached is not None and tuple(found.get(g) for g in generations) == cached[2]:
            content, headers, _stamp = cached
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        # Read before the page is built: a write during the build makes it stale at once.
        stamp = _current(generations, found)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        cacheable = response.status_code == 200 and not response.streaming
        if cacheable and not response.cookies:
            patch_vary_headers(response, ["Cookie"])
            seconds = cache_seconds()
            if seconds > 0:
                headers = {name: response[name] for name in HEADERS_KEPT if name in response}
                cache.set(key, (response.content, headers, stamp), seconds)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper


def scoped(prefix):
    """``scopes`` for a detail view: its object's own generation, e.g. ``topic:<slug>``."""

    def scopes(request, *args, slug=None, **kwargs):
        return (f"{prefix}:{slug}",)

    return scopes


def lists_scope(request, *args, **kwargs):
    return (LISTS,)
