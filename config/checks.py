"""Deployment checks of our own (``manage.py check --deploy``).

The page cache (``articles.caching``) and the API and search throttles keep their state in
the default cache. A per-process cache (local memory, or a dummy) is fine for development,
but with several gunicorn workers each worker has its own: an unpublished article lingers
in the other workers' caches and every worker counts its own requests (N times the rate).
Production needs a shared cache: Redis (``REDIS_URL``/``CACHE_URL``).
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, Tags.security, deploy=True)
def shared_cache_check(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_BACKENDS:
        return []
    name = backend.rsplit(".", 1)[-1]
    return [
        Warning(
            f"The default cache is per process ({name}): with several workers, cached pages "
            "outlive an unpublication in the other workers and every worker applies the API "
            "and search rate limits on its own.",
            hint="Set REDIS_URL (or CACHE_URL) to a Redis shared by every app server.",
            id="config.W001",
        )
    ]
