"""Error answers that a bad day in production needs: database down, and the branded pages.

- ``DatabaseUnavailableMiddleware``: a view that fails because the database cannot be
  reached (``OperationalError``, ``InterfaceError``; a query cancelled by the statement
  timeout is an ``OperationalError`` too) answers 503 with ``Retry-After``: the site's page
  for readers, RFC 9457 problem+json under ``/api/``. Building that answer needs neither the
  database nor the cache. Django reconnects on the next request, so the site recovers by
  itself when the database is back.
- ``server_error`` (``handler500``): the same 503 for a database error raised outside a
  view (e.g. while saving a session), the site's own 500 page otherwise.

The 404 and 403 pages are Django's default handlers rendering ``templates/404.html`` and
``templates/403.html`` in the site's layout and the reader's language.
"""

from __future__ import annotations

import json
import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

from config.api_errors import PROBLEM_CONTENT_TYPE, problem

logger = logging.getLogger("config.errors")

DATABASE_ERRORS = (OperationalError, InterfaceError)
#: What a client should wait before retrying while the database is away, in seconds.
RETRY_AFTER = getattr(settings, "DATABASE_RETRY_AFTER", 10)
API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def problem_response(request, status: int, code: str, detail: str) -> HttpResponse:
    """The API's problem+json body (``config.api_errors.problem``), built without the
    database: the same format as every other API error."""
    body = problem(status, code=code, detail=detail, instance=request.path if request else "")
    return HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_CONTENT_TYPE)


def _page(request, template: str, status: int, context: dict | None = None) -> HttpResponse:
    """The site's page ``template``; plain text if even that cannot be rendered."""
    try:
        content = loader.render_to_string(template, context or {}, request=request)
    except Exception:  # noqa: BLE001 - an error page must answer whatever happens
        logger.exception("Could not render %s", template)
        content = f"{status}"
        return HttpResponse(content, status=status, content_type="text/plain; charset=utf-8")
    return HttpResponse(content, status=status)


def database_unavailable(request) -> HttpResponse:
    """503 with Retry-After: the reader's page, or problem+json for the API."""
    if is_api(request):
        response = problem_response(
            request,
            503,
            "service_unavailable",
            _("The service is temporarily unavailable. Retry after %(seconds)s seconds.")
            % {"seconds": RETRY_AFTER},
        )
    else:
        response = _page(request, "503.html", 503, {"retry_after": RETRY_AFTER})
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def _log_outage(exception) -> None:
    logger.warning("Database unavailable: %s: %s", type(exception).__name__, exception)


class DatabaseUnavailableMiddleware:
    """Turn a database outage met by a view into a 503 with Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            _log_outage(exception)
            return database_unavailable(request)
        return None


def server_error(request, *args, **kwargs) -> HttpResponse:
    """``handler500``: a database outage is a 503, anything else the site's 500 page."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        return database_unavailable(request)
    if is_api(request):
        return problem_response(request, 500, "server_error", _("An unexpected error occurred."))
    return _page(request, "500.html", 500)
