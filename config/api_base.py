"""Shared machinery of the JSON API: strict parameters, pagination, ordering, caching.

Every viewset of ``articles.api`` and ``partnerships.api`` builds on ``StrictViewSetMixin``
so that the same rules hold on every endpoint:

- a malformed or unknown query parameter is a 400 with a message, never ignored and never
  a 500 (NUL bytes, repeated single-valued parameters, unknown ordering fields, bad pages);
- pages are bounded (``page_size`` ≤ 100) and a cursor mode (``?cursor=``) stays fast at any
  depth because it filters on the primary key instead of counting an OFFSET;
- GET responses carry an ETag (a hash of the body) and answer ``If-None-Match`` with a 304;
- ``Cache-Control`` lets shared caches keep anonymous responses for a short while only,
  and never an authenticated one (which may show drafts).
"""

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response

from config.api_errors import PreconditionFailed, coded_details
from config.api_links import links_for
from config.paging import CappedPaginator

MAX_PAGE_SIZE = 100
#: Beyond this page, page-number mode refuses: deep OFFSETs are slow, use the cursor mode.
MAX_PAGE = 10_000
#: Seconds a shared cache may keep an anonymous response.
ANONYMOUS_MAX_AGE = getattr(settings, "API_ANONYMOUS_MAX_AGE", 60)
#: Query parameters every endpoint accepts (``format`` picks a renderer, as in DRF).
COMMON_PARAMETERS = frozenset({"format"})
PAGINATION_PARAMETERS = frozenset({"page", "page_size", "cursor"})
#: Parameters that may be empty: ``?cursor=`` starts cursor mode, ``?q=`` searches nothing,
#: ``?since=`` reads the change feed from the start.
EMPTY_ALLOWED = frozenset({"cursor", "q", "since"})
#: Response shaping, on every GET: ``fields=`` (sparse fieldsets), ``include=``, ``expand=``.
SHAPING_PARAMETERS = frozenset({"fields", "include", "expand"})

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
#: What the write serializers refuse in any text (DRF's ProhibitNullCharactersValidator) ...
NO_NUL = r"^[^\x00]*$"
#: ... and, in a text that may not be blank, whitespace alone (DRF trims before checking).
NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"
#: ... and, in an address, what Django's URLValidator accepts, stated for the ASCII names a
#: client sends (a scheme it allows, a host of dot-separated labels of at most 63 characters
#: whose whole is within 253, a letters-only top-level domain, no whitespace): "format: uri"
#: alone lets a generated valid body carry a host the server refuses.
URL = (
    r"^(?:(?:https?|ftps?)://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,3}"
    r"[A-Za-z]{2,24}(?::[0-9]{1,5})?(?:[/?#][^\s\x00]*)?)?$"
)

#: Examples in the schema, so that "Try it out" in the docs and schemathesis's examples
#: phase ask for objects that exist: slugs of the demo data that ``make run`` imports
#: (seeds/documents/), or generic values. tests/api/test_schema_examples.py imports the
#: seeds and requests every example (a 404 there means a slug here went stale).
PARAMETER_EXAMPLES = {
    "subject": ["military-alliances"],
    "author": ["cirmafrance"],
    "entity": ["finland"],
    "entity_or_members": ["north-atlantic-treaty-organization"],
    "publisher": ["ifri"],
    "member": ["finland"],
    "group": ["partnership-for-peace"],
    "parent": "military-alliances",
    "q": "OTAN",
    "active_on": "2024-01-01",
    "published_after": "2020-01-01",
    "published_before": "2030-01-01",
    "updated_after": "2020-01-01T00:00:00Z",
    "updated_before": "2030-01-01T00:00:00Z",
}
#: The ``{slug}`` example of each detail address (by the viewset's basename).
PATH_EXAMPLES = {
    "article": "natos-partnerships",
    "topic": "military-alliances",
    "author": "cirmafrance",
    "publisher": "ifri",
    "entity": "north-atlantic-treaty-organization",
}
INTEGER_RE = re.compile(r"^-?[0-9]+$")
#: ASCII digits only: str.isdigit() also accepts "²", which int() then refuses (a 500).
DIGITS_RE = re.compile(r"[0-9]+")
BIGINT_MAX = 2**63 - 1


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The resource was changed by someone else."
    default_code = "version_conflict"

    def __init__(self, detail=None, *, current_version: int):
        super().__init__(detail)
        # The version stays a number (APIException would turn every value into a string).
        self.detail = {"detail": self.detail, "current_version": current_version}


def django_to_drf(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's validation error as a 400 (a 409 when it is a conflict with the current
    state: ``config.api_errors.CONFLICT_CODES``): per field when it names fields, else
    ``detail``; each message keeps its code."""
    return serializers.ValidationError(coded_details(error))


def _strict_page_size(request, query_param="page_size", default=None):
    raw = request.query_params.get(query_param)
    if raw is None:
        return default
    if not DIGITS_RE.fullmatch(raw) or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise exceptions.ValidationError(
            {query_param: [f"Must be a whole number from 1 to {MAX_PAGE_SIZE}."]}
        )
    return int(raw)


class KeysetCursorPagination(CursorPagination):
    """Cursor mode: newest added first, positioned by primary key (constant cost at depth)."""

    ordering = "-pk"
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return _strict_page_size(request, self.page_size_query_param, self.page_size)

    def get_ordering(self, request, queryset, view):
        return ("-pk",)

    def decode_cursor(self, request):
        if not request.query_params.get(self.cursor_query_param):
            return None  # ``?cursor=`` (empty) asks for the first page of cursor mode.
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            cursor = None
        position = cursor.position if cursor is not None else None
        if cursor is None or (position is not None and not DIGITS_RE.fullmatch(position)):
            raise exceptions.ValidationError(
                {"cursor": ["Invalid cursor: use the `next` or `previous` link of a response."]}
            )
        return cursor


class HybridPagination(PageNumberPagination):
    """Page numbers by default (with a total ``count``); ``?cursor=`` switches to cursor mode.

    Page mode: ``?page=N&page_size=M`` (M from 1 to 100, N from 1 to 10 000). A page past
    the last one is a 404; a malformed or too deep page is a 400.
    Cursor mode: start with an empty ``?cursor=`` and follow ``next``/``previous``; the order
    is fixed (most recently added first), so ``ordering`` and ``page`` do not combine with it.
    """

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    # ``count`` stops at 10,000 (then more pages may follow: see ``next``); a full COUNT
    # of a million rows costs more than the page itself. A view that knows the exact
    # count without counting (``known_count()``, e.g. kept by ``articles.counts``) gives it.

    def __init__(self):
        self._cursor = None
        self._known_count = None

    def django_paginator_class(self, queryset, per_page):
        paginator = CappedPaginator(queryset, per_page)
        if self._known_count is not None:
            paginator.set_kept_count(self._known_count)
        return paginator

    @staticmethod
    def is_cursor_mode(request):
        return "cursor" in request.query_params

    def get_page_size(self, request):
        return _strict_page_size(request, self.page_size_query_param, self.page_size)

    def paginate_queryset(self, queryset, request, view=None):
        if self.is_cursor_mode(request):
            # The cursor fixes the order and the position: ``ordering`` and ``page`` are
            # ignored in this mode (as the schema says), but must still be well-formed.
            if "page" in request.query_params:
                self._check_page(request.query_params["page"])
            self._cursor = KeysetCursorPagination()
            return self._cursor.paginate_queryset(queryset, request, view)
        self._check_page(request.query_params.get(self.page_query_param, "1"))
        known = getattr(view, "known_count", None)
        self._known_count = known() if known is not None else None
        return super().paginate_queryset(queryset, request, view)

    @staticmethod
    def _check_page(raw):
        if not DIGITS_RE.fullmatch(raw) or not 1 <= int(raw) <= MAX_PAGE:
            raise exceptions.ValidationError(
                {
                    "page": [
                        f"Must be a whole number from 1 to {MAX_PAGE}; "
                        "use the cursor mode (?cursor=) to go deeper."
                    ]
                }
            )

    def get_paginated_response(self, data):
        if self._cursor is not None:
            return self._cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": "Total number of results (page mode only).",
                },
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "required": False,
                "in": "query",
                "description": f"Page number (1 to {MAX_PAGE}); a page past the last is a 404.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            },
            {
                "name": "page_size",
                "required": False,
                "in": "query",
                "description": f"Results per page, 1 to {MAX_PAGE_SIZE} (default 20).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": (
                    "Cursor mode: pass it empty (`?cursor=`) for the first page, then follow "
                    "the `next`/`previous` links. Fixed order (most recently added first), "
                    "no `count`, constant cost at any depth; `page` and `ordering` are "
                    "ignored in this mode."
                ),
                "schema": {"type": "string"},
            },
        ]


class StrictOrderingFilter(OrderingFilter):
    """DRF's OrderingFilter, but an unknown field is a 400 instead of being ignored.

    ``?ordering=a,-b`` (or repeated ``ordering``). Dates sort with undated items last in both
    directions, and the primary key breaks ties so that pages never overlap.
    """

    def get_valid_names(self, view):
        return list(view.ordering_fields)

    def get_ordering(self, request, queryset, view):
        values = request.query_params.getlist(self.ordering_param)
        if not values:
            return self.get_default_ordering(view)
        valid = set(self.get_valid_names(view))
        terms = [term.strip() for value in values for term in value.split(",")]
        bad = [t for t in terms if not t or t.lstrip("-") not in valid]
        if bad:
            raise exceptions.ValidationError(
                {
                    "ordering": [
                        f"Unknown ordering field {bad[0]!r}; choose from "
                        f"{', '.join(sorted(valid))} (prefix with '-' for descending)."
                    ]
                }
            )
        return terms

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering or not request.query_params.getlist(self.ordering_param):
            return queryset  # the queryset's own default order applies
        nullable = set(getattr(view, "nullable_ordering_fields", ()))
        expressions = []
        for term in ordering:
            name = term.lstrip("-")
            if name in nullable:
                expr = (
                    F(name).desc(nulls_last=True)
                    if term.startswith("-")
                    else F(name).asc(nulls_last=True)
                )
                expressions.append(expr)
            else:
                expressions.append(term)
        return queryset.order_by(*expressions, "pk")

    def get_schema_operation_parameters(self, view):
        names = sorted(self.get_valid_names(view))
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    "Sort order: comma-separated fields, '-' prefix for descending. "
                    f"Fields: {', '.join(names)}."
                ),
                "schema": {
                    "type": "array",
                    "items": {"type": "string", "enum": names + [f"-{n}" for n in names]},
                },
                "style": "form",
                "explode": False,
            }
        ]


def csv_values(request, name: str) -> list[str]:
    """``?name=a,b&name=c`` as ``["a", "b", "c"]`` (blank items dropped)."""
    return [
        part.strip()
        for value in request.query_params.getlist(name)
        for part in value.split(",")
        if part.strip()
    ]


def requested(context, name: str) -> set[str]:
    """Values of the shaping parameter ``name`` in a serializer's request, if any."""
    request = context.get("request") if context else None
    if request is None or not hasattr(request, "query_params"):
        return set()
    return set(csv_values(request, name))


def shaped_serializer_context(view, request) -> dict:
    return {"request": request, "view": view, "format": None}


def field_tree(paths) -> dict:
    """``["a", "b.c", "b.d"]`` as ``{"a": {}, "b": {"c": {}, "d": {}}}`` ({} = whole)."""
    tree: dict = {}
    for path in paths:
        parts = path.split(".")
        node = tree
        for part in parts[:-1]:
            if part in node and not node[part]:
                break  # the whole of ``part`` is already asked for
            node = node.setdefault(part, {})
        else:
            node[parts[-1]] = {}
    return tree


def prune(data, tree: dict):
    """Keep only the fields named in ``tree``, recursively (sparse fieldsets)."""
    if not tree:
        return data
    if isinstance(data, list):
        return [prune(item, tree) for item in data]
    if isinstance(data, dict):
        return {key: prune(value, tree[key]) for key, value in data.items() if key in tree}
    return data


def _serializer_fields(serializer):
    child = getattr(serializer, "child", None)
    serializer = child if child is not None else serializer
    return getattr(serializer, "fields", None)


def field_paths(serializer, prefix: str = "", depth: int = 3):
    """Names of a serializer's fields, nested ones as ``a.b`` (to ``depth`` levels)."""
    fields = _serializer_fields(serializer)
    if not fields or depth == 0:
        return []
    paths = []
    for name, field in fields.items():
        paths.append(prefix + name)
        paths.extend(field_paths(field, f"{prefix}{name}.", depth - 1))
    return paths


def check_fields(serializer, tree: dict, prefix: str = "") -> None:
    """A ``fields=`` name that the response does not have is a 400 naming it."""
    fields = _serializer_fields(serializer)
    if fields is None:
        return
    for name, subtree in tree.items():
        if name not in fields:
            raise exceptions.ValidationError(
                {
                    "fields": [
                        f"Unknown field {prefix + name!r}; choose from "
                        f"{', '.join(sorted(fields))} (nested with a dot, e.g. authors.name)."
                    ]
                },
                code="unknown_field",
            )
        if subtree:
            if _serializer_fields(fields[name]) is None:
                raise exceptions.ValidationError(
                    {"fields": [f"{prefix + name!r} has no nested fields."]},
                    code="unknown_field",
                )
            check_fields(fields[name], subtree, f"{prefix}{name}.")


PROBLEM_SCHEMA = {
    "type": "object",
    "description": (
        "An error as RFC 9457 problem details. `code` is a stable machine code; `title` is "
        "the English HTTP reason phrase; `detail` is for people (it may be translated). "
        "`errors` lists invalid parameters or fields, each with its own `code`."
    ),
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "detail"],
                "properties": {
                    "field": {"type": "string"},
                    "code": {"type": "string"},
                    "detail": {"type": "string"},
                },
            },
        },
        "current_version": {"type": "integer", "description": "With a 409: the version now."},
    },
}
#: Kept for older imports: errors are problem details.
ERROR_SCHEMA = PROBLEM_SCHEMA
PROBLEM = {"content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}}}

_HEADER = {"schema": {"type": "string"}}
READ_HEADERS = {
    "ETag": {**_HEADER, "description": "Send it back in If-None-Match (reads) or If-Match."},
    "Last-Modified": {**_HEADER, "description": "For If-Modified-Since."},
    "Cache-Control": {**_HEADER, "description": "public, max-age=60 for anonymous clients."},
    "RateLimit": {**_HEADER, "description": "Requests left in the window and seconds to reset."},
    "RateLimit-Policy": {**_HEADER, "description": "Quota and window of the throttle."},
}


class StrictJSONTypesMixin:
    """Refuses JSON values of the wrong type instead of coercing them (DRF turns ``0`` into
    the title "0" and ``1`` into ``True``): the schema's types are the contract."""

    def _expected_type(self, field):
        if isinstance(field, serializers.BooleanField):
            return bool, "a boolean"
        if isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
            return int, "an integer"
        if isinstance(field, serializers.ListField | serializers.ManyRelatedField):
            # DRF's many=True relations iterate any iterable: an object's keys, say.
            return list, "a list"
        if isinstance(
            field,
            serializers.CharField
            | serializers.ChoiceField
            | serializers.DateField
            | serializers.DateTimeField
            | serializers.SlugRelatedField,
        ):
            return str, "a string"
        return None, None

    def to_internal_value(self, data):
        if isinstance(data, dict):
            hints = getattr(self, "read_only_hints", {})
            errors = {
                name: [hints.get(name, "Unknown or read-only field.")]
                for name in data
                if name not in self.fields or self.fields[name].read_only
            }
            for name, field in self.fields.items():
                if field.read_only or name not in data or data[name] is None:
                    continue
                expected, label = self._expected_type(field)
                value = data[name]
                if expected is None:
                    continue
                if (expected is int and isinstance(value, bool)) or not isinstance(value, expected):
                    errors[name] = [f"Must be {label}."]
            if errors:
                raise exceptions.ValidationError(errors)
        return super().to_internal_value(data)


#: The writes that honour ``If-Match`` (``StrictViewSetMixin.check_if_match``).
IF_MATCH_ACTIONS = {"update", "partial_update", "destroy", "transition"}
IF_MATCH = OpenApiParameter(
    "If-Match",
    location=OpenApiParameter.HEADER,
    type=str,
    required=False,
    description=(
        "The ETag you read, instead of the body's `version`: the write is refused with a 412 "
        "when the resource changed since."
    ),
)


def _declare_text_rules(serializer, properties: dict) -> None:
    """What a write's text fields refuse, in the schema (so that a generated valid body is
    one the server accepts): NUL characters anywhere; whitespace alone where blank is not
    allowed; an empty slug for a reference to another object (DRF reads "" as null in a
    nullable one, which is then accepted)."""
    for name, field in serializer.fields.items():
        prop = properties.get(name)
        if field.read_only or not prop:
            continue
        if isinstance(field, serializers.ManyRelatedField):
            field, prop = field.child_relation, prop.get("items", {})
        if isinstance(field, serializers.URLField):
            prop.pop("format", None)
            prop["pattern"] = URL if field.allow_blank else URL.replace(")?$", ")$")
        elif isinstance(field, serializers.SlugRelatedField):
            if not field.allow_null:
                prop.setdefault("minLength", 1)
        elif (
            isinstance(field, serializers.CharField)
            and "enum" not in prop
            and "format" not in prop
            and "pattern" not in prop
        ):
            prop["pattern"] = NO_NUL if field.allow_blank else NOT_BLANK


class ApiAutoSchema(AutoSchema):
    """Documents the error responses every operation may give, so clients can rely on them,
    and the shape of slugs and ids in paths (a malformed one is a 400)."""

    def get_auth(self):
        auths = super().get_auth()
        # Reads are open to anonymous clients (DjangoModelPermissionsOrAnonReadOnly).
        if self.method in ("GET", "HEAD") and {} not in auths:
            auths.append({})
        return auths

    def _get_parameters(self):
        """Declares what the server checks: a query value may not be empty (except
        ``cursor``, ``since`` and ``q``), nor may an item of a comma-separated list."""
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter.get("in") != "query":
                continue
            if parameter["name"] in PARAMETER_EXAMPLES:
                parameter["example"] = PARAMETER_EXAMPLES[parameter["name"]]
            if parameter["name"] in EMPTY_ALLOWED:
                continue
            schema = parameter.get("schema", {})
            if schema.get("type") == "array":
                schema["minItems"] = 1
                items = schema.setdefault("items", {})
                if items.get("type", "string") == "string" and "enum" not in items:
                    items.setdefault("minLength", 1)
            elif schema.get("type") == "string" and "enum" not in schema:
                schema.setdefault("minLength", 1)
        return parameters

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["name"] == "slug":
                parameter["schema"].update(pattern=SLUG_RE.pattern, maxLength=200)
                example = PATH_EXAMPLES.get(getattr(self.view, "basename", None))
                if example:
                    parameter["example"] = example
            elif parameter["name"] in ("id", "pk"):
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "response":
            # ``fields=`` may leave out any field: nothing in a response is required.
            schema.pop("required", None)
        else:
            # A write naming a field it does not declare is refused (400): say so.
            schema["additionalProperties"] = False
            _declare_text_rules(serializer, schema.get("properties", {}))
        return schema

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        view = self.view
        if getattr(view, "action", None) in IF_MATCH_ACTIONS:
            parameters.append(IF_MATCH)
        if self.method not in ("GET", "HEAD") or not hasattr(view, "shaping_parameters"):
            return parameters
        for name, values, description in view.shaping_parameters():
            schema = {"type": "array", "items": {"type": "string"}}
            if values:
                schema["items"]["enum"] = sorted(values)
            parameters.append(
                OpenApiParameter(
                    name, type=schema, description=description, style="form", explode=False
                )
            )
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = {
            "400": "Malformed or unknown parameter, or invalid data.",
            "401": "Missing or invalid token (writes need one).",
            "403": "Not allowed (e.g. an anonymous client asking for drafts, or writing).",
            "404": "No such resource, or a page past the last one.",
            "405": "Method not allowed on this address.",
            "406": "The Accept header names no format this API sends.",
            "429": "Too many requests: wait for Retry-After seconds.",
        }
        if self.method in ("GET", "HEAD"):
            responses.setdefault("304", {"description": "Not modified (If-None-Match)."})
            for code, response in responses.items():
                if code == "200":
                    response.setdefault("headers", {}).update(READ_HEADERS)
        else:
            codes["409"] = (
                "Conflict with the resource's current state: a stale `version` (the body "
                "gives `current_version`), a duplicate (`unique`, `duplicate`), or a workflow "
                "move its status does not allow (`invalid_transition`)."
            )
            codes["412"] = "If-Match names an ETag the resource no longer has."
            codes["428"] = "An update with neither `version` nor If-Match."
            codes["415"] = "Unsupported Content-Type: send JSON."
        for code, description in codes.items():
            responses.setdefault(code, {"description": description, **PROBLEM})
        links = links_for(getattr(self.view, "basename", None), getattr(self.view, "action", None))
        for code in ("200", "201"):
            if links and code in responses:
                responses[code]["links"] = links
        responses["429"].setdefault("headers", {})["Retry-After"] = {
            **_HEADER,
            "description": "Seconds to wait.",
        }
        return responses


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped when the query string names none of the filters:
    building the FilterSet and its form for nothing (deep copies of every filter and form
    field, an empty queryset compiled per list filter) was ~40 % of an unfiltered API list
    request (issue 14). Unknown parameters are refused before (``check_query_parameters``)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
            name in request.query_params for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class StrictViewSetMixin:
    """Validates the query string and the URL lookup; adds ETag and Cache-Control headers.

    ``multi_value_parameters`` names the filters that may repeat (``?subject=a&subject=b``).
    """

    schema = ApiAutoSchema()
    pagination_class = HybridPagination
    filter_backends = [FilterBackend, StrictOrderingFilter]
    lookup_value_regex = "[^/]+"
    multi_value_parameters: frozenset[str] = frozenset()
    #: Heavy fields that lists leave out unless asked for with ``include=``.
    includable: frozenset[str] = frozenset()
    #: Relations embedded compactly unless ``expand=`` asks for their full representation.
    expandable: frozenset[str] = frozenset()

    def shaping_parameters(self):
        """(name, allowed values or None, description) of the shaping parameters."""
        parameters = [
            (
                "fields",
                self.fieldset_names(),
                "Sparse fieldset: only these fields, comma-separated; nested with a dot "
                "(`fields=id,title,authors.name`). An unknown field is a 400.",
            )
        ]
        if self.includable:
            parameters.append(
                (
                    "include",
                    self.includable,
                    "Heavy fields lists leave out, to include (`include=body`): a full "
                    "harvest of the catalogue in list requests only.",
                )
            )
        if self.expandable:
            parameters.append(
                (
                    "expand",
                    self.expandable,
                    "Relations to embed in full instead of compactly (`expand=authors`).",
                )
            )
        return parameters

    def fieldset_names(self):
        """Every name ``fields=`` accepts: the response's fields, nested ones dotted."""
        try:
            serializer = self.get_serializer()
        except Exception:  # noqa: BLE001 - a view without a response serializer
            return None
        return sorted(field_paths(serializer)) or None

    # -- query string ------------------------------------------------------------------
    def shaping_parameter_names(self) -> set[str]:
        """The names of ``shaping_parameters()``, without building the serializer's fields
        that ``fieldset_names()`` lists (~4 ms of every API list request, issue 14)."""
        names = {"fields"}
        if self.includable:
            names.add("include")
        if self.expandable:
            names.add("expand")
        return names

    def allowed_query_parameters(self):
        if self.request.method not in ("GET", "HEAD"):
            return set(COMMON_PARAMETERS)
        shaping = self.shaping_parameter_names()
        if self.detail:
            return set(COMMON_PARAMETERS) | shaping
        allowed = set(COMMON_PARAMETERS) | PAGINATION_PARAMETERS | shaping
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        if getattr(self, "ordering_fields", None):
            allowed.add("ordering")
        return allowed

    def check_query_parameters(self, request):
        query = request.query_params
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in v for v in query.getlist(key)) for key in query
        ):
            raise exceptions.ValidationError({"detail": "NUL characters are not allowed."})
        empty = [key for key in query if key not in EMPTY_ALLOWED and "" in query.getlist(key)]
        if empty:
            raise exceptions.ValidationError(
                {empty[0]: ["Give a value or leave the parameter out."]}
            )
        allowed = self.allowed_query_parameters()
        unknown = sorted(set(query) - allowed)
        if unknown:
            raise exceptions.ValidationError(
                {
                    unknown[0]: [
                        f"Unknown query parameter; this endpoint accepts: "
                        f"{', '.join(sorted(allowed)) or 'none'}."
                    ]
                }
            )
        repeatable = set(self.multi_value_parameters) | {"ordering"} | SHAPING_PARAMETERS
        for key in query:
            if key not in repeatable and len(query.getlist(key)) > 1:
                raise exceptions.ValidationError({key: ["Give this parameter only once."]})
        self.check_shaping(request)

    def check_shaping(self, request):
        for name, choices in (("include", self.includable), ("expand", self.expandable)):
            bad = sorted(set(csv_values(request, name)) - set(choices))
            if bad:
                raise exceptions.ValidationError(
                    {
                        name: [
                            f"Unknown value {bad[0]!r}; choose from "
                            f"{', '.join(sorted(choices)) or 'none'}."
                        ]
                    },
                    code="invalid_choice",
                )
        if "fields" in request.query_params and request.method in ("GET", "HEAD"):
            tree = field_tree(csv_values(request, "fields"))
            if not tree:
                raise exceptions.ValidationError({"fields": ["Name at least one field."]})
            check_fields(self.get_serializer(), tree)
            self._fields_tree = tree

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            return  # dispatch answers 405 Method Not Allowed
        self.check_query_parameters(request)
        if self.lookup_field in self.kwargs or "pk" in self.kwargs:
            self.check_lookup_value(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field))

    # -- URL lookup --------------------------------------------------------------------
    def get_object(self):
        """By id (digits) or by slug, for viewsets looked up by slug: ``api_url`` uses the
        id, which no rename changes."""
        if self.lookup_field != "slug":
            return super().get_object()
        queryset = self.filter_queryset(self.get_queryset())
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        obj = None
        if DIGITS_RE.fullmatch(value) and int(value) <= BIGINT_MAX:
            obj = queryset.filter(pk=int(value)).first()
        if obj is None:
            obj = queryset.filter(slug=value).first()
        if obj is None:
            raise exceptions.NotFound()
        self.check_object_permissions(self.request, obj)
        return obj

    def retrieve(self, request, *args, **kwargs):
        """The object; for an old slug, a 301 to its current address (``moved_to``)."""
        try:
            return super().retrieve(request, *args, **kwargs)
        except exceptions.NotFound:
            moved_to = getattr(self, "moved_to", None)
            key = self.lookup_url_kwarg or self.lookup_field
            current = moved_to(self.kwargs[key]) if moved_to else None
            if current is None:
                raise
            location = reverse(f"api:{self.basename}-detail", kwargs={key: current})
            query = request.META.get("QUERY_STRING")
            location = request.build_absolute_uri(f"{location}?{query}" if query else location)
            return Response(
                status=status.HTTP_301_MOVED_PERMANENTLY, headers={"Location": location}
            )

    def check_lookup_value(self, value):
        """A malformed slug or id is a 400; a well-formed one that matches nothing a 404."""
        if self.lookup_field == "slug":
            if not SLUG_RE.fullmatch(value):
                raise exceptions.ValidationError(
                    {"slug": ["A slug has only letters, digits, hyphens and underscores."]}
                )
            if len(value) > 200:
                raise exceptions.NotFound()
        else:
            if not INTEGER_RE.fullmatch(value):
                raise exceptions.ValidationError({"id": ["An id is a whole number."]})
            if not 0 < int(value) <= BIGINT_MAX:
                raise exceptions.NotFound()

    # -- throttling headers -------------------------------------------------------------
    def check_throttles(self, request):
        """DRF's, keeping the throttles so that the response can tell what is left."""
        self._throttles = self.get_throttles()
        durations = []
        for throttle in self._throttles:
            if not throttle.allow_request(request, self):
                durations.append(throttle.wait())
        if durations:
            durations = [d for d in durations if d is not None]
            self.throttled(request, max(durations, default=None))

    def add_rate_limit_headers(self, response):
        """IETF RateLimit headers for the tightest throttle: quota, remaining, reset."""
        best = None
        for throttle in getattr(self, "_throttles", ()):
            history = getattr(throttle, "history", None)
            if history is None or not getattr(throttle, "num_requests", None):
                continue
            remaining = max(throttle.num_requests - len(history), 0)
            reset = int(throttle.duration - (throttle.now - history[-1])) if history else 0
            reset = max(reset, 0) if remaining == 0 else int(throttle.duration)
            if best is None or remaining < best[1]:
                best = (throttle, remaining, reset)
        if best is not None:
            throttle, remaining, reset = best
            name = getattr(throttle, "scope", "default")
            quota, window = throttle.num_requests, throttle.duration
            response["RateLimit-Policy"] = f'"{name}";q={quota};w={window}'
            response["RateLimit"] = f'"{name}";r={remaining};t={reset}'

    # -- conditional writes ------------------------------------------------------------
    def current_etag(self, instance) -> str:
        """The ETag a plain JSON GET of ``instance`` carries now (what If-Match names)."""
        from rest_framework.renderers import JSONRenderer

        serializer_class = getattr(self, "detail_serializer_class", None) or type(
            self.get_serializer()
        )
        data = serializer_class(instance, context=self.get_serializer_context()).data
        content = JSONRenderer().render(data, "application/json", {"request": self.request})
        digest = hashlib.sha256(content)
        digest.update(b"application/json")
        return f'"{digest.hexdigest()[:32]}"'

    def check_if_match(self, instance) -> bool:
        """Honour ``If-Match``: a 412 when it names no current ETag; True when it matched
        (then the body's ``version`` may be left out)."""
        header = self.request.headers.get("If-Match")
        if not header:
            return False
        if header.strip() == "*":
            return True
        wanted = {tag.strip().removeprefix("W/") for tag in header.split(",")}
        if self.current_etag(instance) not in wanted:
            raise PreconditionFailed()
        return True

    # -- caching -----------------------------------------------------------------------
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        safe = request.method in ("GET", "HEAD")
        self.add_rate_limit_headers(response)
        if safe and response.status_code == 200 and isinstance(response, Response):
            last_modified = _last_modified(response.data)
            tree = getattr(self, "_fields_tree", None)
            if tree:
                response.data = _prune_response(response.data, tree)
            response.render()
            digest = hashlib.sha256(response.content)
            digest.update(response.get("Content-Type", "").encode())
            response["ETag"] = f'"{digest.hexdigest()[:32]}"'
            if last_modified is not None:
                response["Last-Modified"] = http_date(last_modified.timestamp())
            conditional = get_conditional_response(
                request,
                etag=response["ETag"],
                last_modified=int(last_modified.timestamp()) if last_modified else None,
                response=response,
            )
            if conditional is not response:
                for header in ("Last-Modified", "RateLimit", "RateLimit-Policy"):
                    if header in response:
                        conditional[header] = response[header]
                response = conditional
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        elif safe and response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=ANONYMOUS_MAX_AGE)
        else:
            patch_cache_control(response, no_store=True)
        patch_vary_headers(response, ("Authorization", "Cookie", "Accept"))
        return response


def _last_modified(data):
    """The newest ``updated_at`` of a detail or of a page's results, if they carry one."""
    items = data.get("results") if isinstance(data, dict) and "results" in data else [data]
    if not isinstance(items, list):
        return None
    stamps = [
        parse_datetime(item["updated_at"])
        for item in items
        if isinstance(item, dict) and isinstance(item.get("updated_at"), str)
    ]
    stamps = [stamp for stamp in stamps if stamp is not None]
    return max(stamps) if stamps else None


def _prune_response(data, tree):
    if isinstance(data, dict) and "results" in data and isinstance(data["results"], list):
        return {**data, "results": prune(data["results"], tree)}
    return prune(data, tree)


class ReadOnlySlugViewSet(StrictViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Reference data (subjects, authors, publishers, entities): read only, by slug."""

    lookup_field = "slug"


class EditableViewSet(
    StrictViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Listed, read, created and updated by clients with the permission; the API deletes
    nothing (editors archive articles and end memberships instead)."""
