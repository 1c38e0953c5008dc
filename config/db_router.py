"""Reads to PostgreSQL read replicas, writes to the primary (``DATABASE_REPLICA_URLS``).

A replica lags the primary by a little, so whoever just wrote must not read from one:
- within a request, the first write (or any non-GET request) pins every later read of that
  request to the primary;
- after a request that wrote, the client carries a short-lived cookie
  (``DATABASE_READ_YOUR_WRITES_SECONDS``) that pins its next requests to the primary, so an
  editor who saves and reloads sees the save.
Outside requests (commands, task workers) reads go to a replica unless the code is inside a
transaction on the primary or wrote already in this thread.
"""

import random
import threading

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

PIN_COOKIE = "primary_pin"
_state = threading.local()


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def pin_to_primary() -> None:
    _state.pinned = True


def is_pinned() -> bool:
    return getattr(_state, "pinned", False)


def unpin() -> None:
    _state.pinned = False


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        choices = replicas()
        if not choices or is_pinned() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return random.choice(choices)

    def db_for_write(self, model, **hints):
        pin_to_primary()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class PrimaryPinMiddleware:
    """Pins a request to the primary when it writes, or when its client wrote recently."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unpin()
        if request.method not in ("GET", "HEAD", "OPTIONS") or PIN_COOKIE in request.COOKIES:
            pin_to_primary()
        try:
            response = self.get_response(request)
            if is_pinned() and request.method not in ("GET", "HEAD", "OPTIONS"):
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=settings.DATABASE_READ_YOUR_WRITES_SECONDS,
                    httponly=True,
                    secure=request.is_secure(),
                    samesite="Lax",
                )
            return response
        finally:
            unpin()
