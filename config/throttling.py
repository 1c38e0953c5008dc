"""Rate limits per client, for the API (DRF throttles) and for costly public pages (search).

- The client is identified by DRF's ``get_ident``: ``REMOTE_ADDR``, or the address the last
  ``NUM_PROXIES`` trusted proxies appended to ``X-Forwarded-For`` (0 by default, so a
  client cannot pick its own identity by writing that header).
- Counts live in the default cache, shared by every worker when it is Redis (``check
  --deploy`` warns otherwise); when the cache is down the throttle lets requests through
  (``config.cache`` logs it): the cache is never a dependency.
- A refusal is a 429 with ``Retry-After`` (seconds).
"""

from __future__ import annotations

import functools
import math

from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework import throttling
from rest_framework.settings import api_settings


class _CurrentRates:
    """Rates read from the settings when asked (not frozen at import, as DRF's are)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(_CurrentRates, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_CurrentRates, throttling.UserRateThrottle):
    pass


class PageRateThrottle(_CurrentRates, throttling.SimpleRateThrottle):
    """Per client address, for signed-out and signed-in readers alike."""

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def rate_limited(scope: str):
    """Limit a public view to the ``scope`` rate of ``DEFAULT_THROTTLE_RATES`` per client;
    over it, the site's 429 page with ``Retry-After``."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            # Counted on every request, cache hits too: never served before this layer
            # (articles.caching.PageCacheMiddleware).
            request.rate_limited = True
            throttle = PageRateThrottle(scope)
            if throttle.allow_request(request, view):
                return view(request, *args, **kwargs)
            wait = math.ceil(throttle.wait() or 1)
            response = render(
                request,
                "429.html",
                {"title": _("Too many requests"), "retry_after": wait},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response

        return wrapper

    return decorate
