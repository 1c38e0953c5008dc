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

A hit is served by ``PageCacheMiddleware``, second in the middleware stack, before the
session, authentication, locale, CSRF, messages and CSP layers run: the page is stored with
the headers those layers gave it (CSP, X-Frame-Options, Vary, Content-Language), so a hit
costs one cache read and a response object (issue 14: the layers cost more than the read).
The middleware learns which cache entry and generations a URL reads from the view that
stored or served it (a per-process map), only for language-prefixed pages of readers
without a session cookie; anything else (a first request in this worker, a session,
search and its rate limit) goes through the whole stack, to the view's own cache check.

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
from django.utils.translation import get_language, get_language_from_path

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


def current_generations(keys, found) -> tuple:
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
    return "site:page:v2:" + hashlib.sha256(raw.encode()).hexdigest()


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
        route = (key, tuple(generations)) if _early(request) else None
        found = cache.get_many([key, *generations])  # one round trip
        cached = found.get(key)
        if cached is not None and tuple(found.get(g) for g in generations) == cached[2]:
            content, headers, _stamp, _full = cached
            response = HttpResponse(content)
            for name, value in headers:
                if name in HEADERS_KEPT:  # the outer layers add the others again
                    response[name] = value
            response["X-Page-Cache"] = "hit"
            response.page_cache_route = route
            return response
        # Read before the page is built: a write during the build makes it stale at once.
        stamp = current_generations(generations, found)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        cacheable = response.status_code == 200 and not response.streaming
        if cacheable and not response.cookies:
            patch_vary_headers(response, ["Cookie"])
            seconds = cache_seconds()
            if seconds > 0:
                headers = [(name, response[name]) for name in HEADERS_KEPT if name in response]
                entry = (response.content, headers, stamp, False)
                cache.set(key, entry, seconds)
                # PageCacheMiddleware stores it again with every header of the response.
                response.page_cache_store = (entry, seconds)
                response.page_cache_route = route
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


def _early(request) -> bool:
    """Whether ``PageCacheMiddleware`` may serve this URL's hits before the other layers:
    a page whose language is in its path (the language layer would pick no other), and
    no per-client limit to count (search: ``config.throttling.rate_limited``)."""
    return bool(get_language_from_path(request.path_info)) and not getattr(
        request, "rate_limited", False
    )


class PageCacheMiddleware:
    """Anonymous page hits served before the session, auth, locale, CSRF, messages and CSP
    layers (placed right after ``SecurityMiddleware``); on the way out, pages the view
    cached are stored again with every header those layers added, and the URL's cache
    entry and generations are remembered (per process) for its next hits."""

    #: Remembered URLs per process; forgotten all at once past this many.
    max_routes = 20_000

    def __init__(self, get_response):
        self.get_response = get_response
        self.routes: dict[tuple, tuple] = {}
        self.session_cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        meta = request.META
        route_of = (meta.get("HTTP_HOST", ""), request.path_info, meta.get("QUERY_STRING", ""))
        route = self.routes.get(route_of)
        if (
            route is not None
            and request.method in ("GET", "HEAD")
            and settings.PAGE_CACHE
            and self.session_cookie not in request.COOKIES
        ):
            response = self._hit(*route)
            if response is not None:
                return response
        response = self.get_response(request)
        route = getattr(response, "page_cache_route", None)
        if route is None or self.session_cookie in request.COOKIES:
            return response
        if len(self.routes) >= self.max_routes:
            self.routes.clear()
        self.routes[route_of] = route
        store = getattr(response, "page_cache_store", None)
        if store is not None and response.status_code == 200 and not response.cookies:
            (content, _kept, stamp, _full), seconds = store
            headers = [(name, value) for name, value in response.items() if name != "X-Page-Cache"]
            cache.set(route[0], (content, headers, stamp, True), seconds)
        return response

    @staticmethod
    def _hit(key, generations):
        found = cache.get_many([key, *generations])  # one round trip
        cached = found.get(key)
        if cached is None or not cached[3] or tuple(map(found.get, generations)) != cached[2]:
            return None
        response = HttpResponse(cached[0])
        for name, value in cached[1]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
