"""One error format for the whole API: RFC 9457 problem details (``application/problem+json``).

``problem_exception_handler`` is DRF's ``EXCEPTION_HANDLER``: every 4xx and 5xx an API view
answers goes through it, Django's ``Http404``, ``PermissionDenied`` and ``ValidationError``
included (HackSoft Django Styleguide, "Errors & exception handling"). URLs under
``/api/v1/`` that match no endpoint are answered by ``api_not_found``, a DRF view that raises
``NotFound``, so they get the same body instead of the site's HTML 404.

A problem has ``type`` (a URN naming the machine code), ``title`` (the English HTTP reason
phrase, whatever ``Accept-Language``), ``status``, ``detail`` (the human message, which may be
translated), ``instance`` (the request path), ``code`` (stable, machine-readable) and, for
invalid parameters or fields, ``errors``: one item per message with its ``field`` and
``code``. A version conflict adds ``current_version``.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import APIView, set_rollback

logger = logging.getLogger("config.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:defence-cms:problem:"

#: Codes of the statuses whose DRF exception carries a generic code only.
STATUS_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    415: "unsupported_media_type",
    428: "precondition_required",
    429: "throttled",
    500: "server_error",
    503: "service_unavailable",
}


class PreconditionFailed(exceptions.APIException):
    """``If-Match`` names an ETag the resource no longer has (someone saved it since)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The resource changed since you read it (If-Match does not match)."
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    """An update with neither ``version`` in the body nor ``If-Match``: someone's change
    could be lost silently, so the server asks for one."""

    status_code = 428
    default_detail = (
        "Say which version you changed: `version` in the body or an If-Match header "
        "with the ETag you read."
    )
    default_code = "precondition_required"


def _flatten(details, field=None):
    """DRF's ``get_full_details()`` tree as a flat list of ``{field, code, detail}``."""
    if isinstance(details, dict) and set(details) == {"message", "code"}:
        item = {"code": str(details["code"]), "detail": str(details["message"])}
        if field:
            item["field"] = field
        return [item]
    if isinstance(details, dict):
        items = []
        for key, value in details.items():
            name = None if key in ("detail", "non_field_errors") else key
            items.extend(_flatten(value, f"{field}.{name}" if field and name else name or field))
        return items
    if isinstance(details, list):
        return [item for value in details for item in _flatten(value, field)]
    return [{"code": "invalid", "detail": str(details), **({"field": field} if field else {})}]


#: Refusals caused by the current state of the resource or of others, not by the data's
#: shape: a duplicate slug or fact, a workflow move the status does not allow. The same
#: request may succeed on another object or later, so they answer 409 like a stale version
#: (and a client generated from the schema can tell them from malformed data, a 400).
CONFLICT_CODES = frozenset({"unique", "duplicate", "invalid_transition"})


def coded_details(error: DjangoValidationError) -> dict:
    """A Django ``ValidationError`` as DRF details that keep each message's code."""

    def details(errors):
        return [
            ErrorDetail(message, code=item.code or "invalid")
            for item in errors
            for message in item.messages
        ]

    if hasattr(error, "error_dict"):
        return {field: details(errors) for field, errors in error.error_dict.items()}
    return {"detail": details(error.error_list)}


def _as_api_exception(exc):
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args[:1])
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(coded_details(exc))
    return exc


def problem(status_code: int, *, code: str, detail: str, instance: str = "", **extra) -> dict:
    body = {
        "type": f"{TYPE_PREFIX}{code}",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def _problem_from(exc: exceptions.APIException, instance: str) -> dict:
    status_code = exc.status_code
    generic = STATUS_CODES.get(status_code, "error")
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.get_full_details())
        if errors and all(error["code"] in CONFLICT_CODES for error in errors):
            status_code, generic = 409, STATUS_CODES[409]
        detail = "; ".join(
            f"{e['field']}: {e['detail']}" if "field" in e else e["detail"] for e in errors
        )
        return problem(status_code, code=generic, detail=detail, instance=instance, errors=errors)
    extra = {}
    message = exc.detail
    if isinstance(message, dict):  # e.g. Conflict: {"detail": ..., "current_version": n}
        extra = {key: value for key, value in message.items() if key != "detail"}
        message = message.get("detail", "")
    code = getattr(message, "code", None) or generic
    if code in ("error", "invalid") and generic != "error":
        code = generic
    return problem(status_code, code=str(code), detail=str(message), instance=instance, **extra)


def problem_exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER``: every error as problem+json, unexpected ones as a 500."""
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, (OperationalError, InterfaceError)):
        # The database is away (or a query hit the statement timeout): re-raised for
        # ``config.errors.DatabaseUnavailableMiddleware``, which answers 503 + Retry-After.
        return None
    exc = _as_api_exception(exc)
    if not isinstance(exc, exceptions.APIException):
        logger.exception("Unhandled error on %s", instance, exc_info=exc)
        set_rollback()
        body = problem(
            500,
            code="server_error",
            detail="The server met an unexpected error; it has been logged.",
            instance=instance,
        )
        return Response(body, status=500, content_type=PROBLEM_CONTENT_TYPE)
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    set_rollback()
    body = _problem_from(exc, instance)
    return Response(
        body,
        status=body["status"],
        headers=headers,
        content_type=PROBLEM_CONTENT_TYPE,
    )


class ApiNotFoundView(APIView):
    """Any URL under /api/v1/ that names no endpoint: a problem+json 404 for every method."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = []
    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound("No API endpoint at this address; see /api/v1/schema/.")

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise exceptions.NotFound("No API endpoint at this address; see /api/v1/schema/.")


api_not_found = ApiNotFoundView.as_view()
