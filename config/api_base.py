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
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response

from config.paging import CappedPaginator

MAX_PAGE_SIZE = 100
#: Beyond this page, page-number mode refuses: deep OFFSETs are slow, use the cursor mode.
MAX_PAGE = 10_000
#: Seconds a shared cache may keep an anonymous response.
ANONYMOUS_MAX_AGE = getattr(settings, "API_ANONYMOUS_MAX_AGE", 60)
#: Query parameters every endpoint accepts (``format`` picks a renderer, as in DRF).
COMMON_PARAMETERS = frozenset({"format"})
PAGINATION_PARAMETERS = frozenset({"page", "page_size", "cursor"})
#: Parameters that may be empty: ``?cursor=`` starts cursor mode, ``?q=`` searches nothing.
EMPTY_ALLOWED = frozenset({"cursor", "q"})

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
INTEGER_RE = re.compile(r"^-?[0-9]+$")
#: ASCII digits only: str.isdigit() also accepts "²", which int() then refuses (a 500).
DIGITS_RE = re.compile(r"[0-9]+")
BIGINT_MAX = 2**63 - 1


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The resource was changed by someone else."
    default_code = "conflict"

    def __init__(self, detail=None, *, current_version: int):
        super().__init__(detail)
        # The version stays a number (APIException would turn every value into a string).
        self.detail = {"detail": self.detail, "current_version": current_version}


def django_to_drf(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's validation error as a 400: per field when it names fields, else ``detail``."""
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"detail": error.messages})


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
    # of a million rows costs more than the page itself.
    django_paginator_class = CappedPaginator

    def __init__(self):
        self._cursor = None

    @staticmethod
    def is_cursor_mode(request):
        return "cursor" in request.query_params

    def get_page_size(self, request):
        return _strict_page_size(request, self.page_size_query_param, self.page_size)

    def paginate_queryset(self, queryset, request, view=None):
        if self.is_cursor_mode(request):
            for incompatible in ("page", "ordering"):
                if incompatible in request.query_params:
                    raise exceptions.ValidationError(
                        {incompatible: [f"`{incompatible}` cannot be combined with `cursor`."]}
                    )
            self._cursor = KeysetCursorPagination()
            return self._cursor.paginate_queryset(queryset, request, view)
        raw = request.query_params.get(self.page_query_param, "1")
        if not DIGITS_RE.fullmatch(raw) or not 1 <= int(raw) <= MAX_PAGE:
            raise exceptions.ValidationError(
                {
                    "page": [
                        f"Must be a whole number from 1 to {MAX_PAGE}; "
                        "use the cursor mode (?cursor=) to go deeper."
                    ]
                }
            )
        return super().paginate_queryset(queryset, request, view)

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
                    "no `count`, constant cost at any depth. Not combinable with `page` or "
                    "`ordering`."
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


ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "An error: `detail` for a general message, or a message list per parameter or field."
    ),
    "additionalProperties": {},
}


class StrictJSONTypesMixin:
    """Refuses JSON values of the wrong type instead of coercing them (DRF turns ``0`` into
    the title "0" and ``1`` into ``True``): the schema's types are the contract."""

    def _expected_type(self, field):
        if isinstance(field, serializers.BooleanField):
            return bool, "a boolean"
        if isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
            return int, "an integer"
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


class ApiAutoSchema(AutoSchema):
    """Documents the error responses every operation may give, so clients can rely on them,
    and the shape of slugs and ids in paths (a malformed one is a 400)."""

    def get_auth(self):
        auths = super().get_auth()
        # Reads are open to anonymous clients (DjangoModelPermissionsOrAnonReadOnly).
        if self.method in ("GET", "HEAD") and {} not in auths:
            auths.append({})
        return auths

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["name"] == "slug":
                parameter["schema"].update(pattern=SLUG_RE.pattern, maxLength=200)
            elif parameter["name"] in ("id", "pk"):
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        error = {"content": {"application/json": {"schema": ERROR_SCHEMA}}}
        codes = {
            "400": "Malformed or unknown parameter, or invalid data.",
            "401": "Missing or invalid token.",
            "403": "Not allowed (e.g. an anonymous client asking for drafts, or writing).",
            "404": "No such resource, or a page past the last one.",
            "429": "Too many requests (throttled).",
        }
        if self.method in ("GET", "HEAD"):
            responses.setdefault("304", {"description": "Not modified (If-None-Match)."})
        else:
            codes["409"] = "Version conflict: the body gives `current_version`."
        for code, description in codes.items():
            responses.setdefault(code, {"description": description, **error})
        return responses


class StrictViewSetMixin:
    """Validates the query string and the URL lookup; adds ETag and Cache-Control headers.

    ``multi_value_parameters`` names the filters that may repeat (``?subject=a&subject=b``).
    """

    schema = ApiAutoSchema()
    pagination_class = HybridPagination
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]
    lookup_value_regex = "[^/]+"
    multi_value_parameters: frozenset[str] = frozenset()

    # -- query string ------------------------------------------------------------------
    def allowed_query_parameters(self):
        if self.detail or self.request.method not in ("GET", "HEAD"):
            return set(COMMON_PARAMETERS)
        allowed = set(COMMON_PARAMETERS) | PAGINATION_PARAMETERS
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
        repeatable = set(self.multi_value_parameters) | {"ordering"}
        for key in query:
            if key not in repeatable and len(query.getlist(key)) > 1:
                raise exceptions.ValidationError({key: ["Give this parameter only once."]})

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            return  # dispatch answers 405 Method Not Allowed
        self.check_query_parameters(request)
        if self.lookup_field in self.kwargs or "pk" in self.kwargs:
            self.check_lookup_value(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field))

    # -- URL lookup --------------------------------------------------------------------
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

    # -- caching -----------------------------------------------------------------------
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        safe = request.method in ("GET", "HEAD")
        if safe and response.status_code == 200 and isinstance(response, Response):
            response.render()
            digest = hashlib.sha256(response.content)
            digest.update(response.get("Content-Type", "").encode())
            response["ETag"] = f'"{digest.hexdigest()[:32]}"'
            conditional = get_conditional_response(
                request, etag=response["ETag"], response=response
            )
            if conditional is not response:
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
