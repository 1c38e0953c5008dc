"""A Redis cache that is an optimisation, never a dependency.

``ResilientRedisCache`` is Django's own Redis backend with one difference: when Redis cannot
be reached (connection refused, timeout, reset), every operation behaves as a miss
(``get`` returns the default, ``set`` stores nothing, ``add`` reports nothing added) instead
of raising. Pages and the API are then built from the database, the throttles count nothing
and let requests through (fail open), and the outage is logged once a minute, not once per
request. After a failure Redis is left alone for ``RETRY_SECONDS`` (a small circuit
breaker), so that a stopped Redis costs the requests no connection attempt each.

Why not django-redis with ``IGNORE_EXCEPTIONS``: it swallows the errors too, but logs either
nothing or every single failure (thousands of lines a minute under load), and keeps trying
to connect on every call; this subclass is the few lines that do exactly what we need on
top of the backend Django ships.
"""

from __future__ import annotations

import functools
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("config.cache")

#: Errors that mean "Redis is not there", as opposed to a programming error.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)
#: At most one log line per this many seconds while Redis is down.
LOG_EVERY_SECONDS = 60
#: After a failure, operations skip Redis for this long (then one call tries again).
RETRY_SECONDS = 2.0


class _Breaker:
    """Shared by every cache instance of the process: when Redis is down and since when."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.last_logged = float("-inf")
        self.failures = 0

    def open(self) -> bool:
        return time.monotonic() < self.down_until

    def failed(self, error: Exception, operation: str) -> None:
        now = time.monotonic()
        with self.lock:
            self.down_until = now + RETRY_SECONDS
            self.failures += 1
            if now - self.last_logged < LOG_EVERY_SECONDS:
                return
            self.last_logged = now
            failures, self.failures = self.failures, 0
        logger.warning(
            "Cache unavailable (%s on %s: %s); serving from the database and letting "
            "throttled requests through. %d failure(s) since the last message.",
            type(error).__name__,
            operation,
            error,
            failures,
        )

    def recovered(self) -> None:
        with self.lock:
            if not self.down_until:
                return
            self.down_until = 0.0
        logger.info("Cache available again.")


BREAKER = _Breaker()


def _tolerant(default):
    """Run the Redis operation; on an outage, answer ``default(args, kwargs)`` instead."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if BREAKER.open():
                return default(args, kwargs)
            try:
                result = method(self, *args, **kwargs)
            except UNAVAILABLE as error:
                BREAKER.failed(error, method.__name__)
                return default(args, kwargs)
            if BREAKER.down_until:
                BREAKER.recovered()
            return result

        return wrapper

    return decorate


def _get_default(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


def _none(args, kwargs):
    return None


def _false(args, kwargs):
    return False


def _empty_dict(args, kwargs):
    return {}


def _all_failed(args, kwargs):
    data = args[0] if args else kwargs.get("data", {})
    return list(data)


def _incr_fail(args, kwargs):
    # Like a missing key: the caller (e.g. a counter) starts again.
    raise ValueError("Key %r not found (cache unavailable)." % (args[0] if args else None))


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering misses instead of errors while Redis is down."""

    get = _tolerant(_get_default)(RedisCache.get)
    set = _tolerant(_none)(RedisCache.set)
    add = _tolerant(_false)(RedisCache.add)
    touch = _tolerant(_false)(RedisCache.touch)
    delete = _tolerant(_false)(RedisCache.delete)
    has_key = _tolerant(_false)(RedisCache.has_key)
    get_many = _tolerant(_empty_dict)(RedisCache.get_many)
    set_many = _tolerant(_all_failed)(RedisCache.set_many)
    delete_many = _tolerant(_none)(RedisCache.delete_many)
    clear = _tolerant(_false)(RedisCache.clear)
    incr = _tolerant(_incr_fail)(RedisCache.incr)
