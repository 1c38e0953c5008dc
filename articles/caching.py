"""Cache of anonymous pages, invalidated by bumping a "generation" number.

Every cached page's key holds the current generation; saving or deleting anything a page
shows (see ``articles.signals``) bumps it, so every cached page is stale at once without
having to know which pages an object appears on. Signed-in users (editors previewing the
site) are never served from, nor stored in, the cache.

Scheduled publication and expiry happen without any save, so a page is never cached past
the next scheduled publication or expiry time: an expired article cannot linger in the
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

GENERATION_KEY = "site:generation"
HEADERS_KEPT = ("Content-Type", "Content-Language", "Vary", "Link")


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return value


def invalidate() -> None:
    """Make every cached page stale (called on publish and on any content change).

    Twice: now, so that pages cached before the change stop being served at once (the
    writer's own next page included), and again once the change is committed, since a
    reader that still saw the old rows inside the transaction's window may have re-cached
    the old page under the new generation.
    """
    _bump_generation()
    transaction.on_commit(_bump_generation, robust=True)


def _bump_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


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
    raw = "|".join(
        [generation(), get_language() or "", request.get_host(), request.get_full_path()]
    )
    return "site:page:" + hashlib.sha256(raw.encode()).hexdigest()


def cache_public_page(view):
    """Serve anonymous GET requests of ``view`` from the cache, keyed by path, query,
    language and the content generation."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = page_key(request)
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        cacheable = response.status_code == 200 and not response.streaming
        if cacheable and not response.cookies:
            patch_vary_headers(response, ["Cookie"])
            seconds = cache_seconds()
            if seconds > 0:
                headers = {name: response[name] for name in HEADERS_KEPT if name in response}
                cache.set(key, (response.content, headers), seconds)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper
