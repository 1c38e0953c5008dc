"""``GET /api/v1/changes/?since=<cursor>``: what changed in the catalogue since a cursor.

Start without ``since`` (or with it empty) to read from the beginning; each page gives
``next_cursor``, to pass as ``since`` next time (also when the page is empty: poll with it).
Rows are in the order they took effect. The feed follows articles, subjects (``topic``),
authors, publishers, entities and memberships: anonymous clients see only changes of what
they may see (published articles; authors and publishers of one), and a tombstone
(``tombstone: true``: unpublished, archived, expired, merged, deleted, an author or a
publisher whose last published article went) when an object leaves public view; editors
see every change. Each row embeds the object as its list shows it now, in the field named
by ``type`` (``article``, ``topic``...), when the client may see it (null when it has left
view since: a later row says so), so a sync needs no request per object; ``include=body``
adds articles' bodies. A client that applies every row (store the object; drop it on a
tombstone or a null) holds exactly what the lists show, embedded names included: renaming
an author re-lists the articles that embed it (``changes.related``).
"""

from __future__ import annotations

import base64
import binascii
import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.api.filters import is_editor
from articles.api.serializers import (
    ArticleSerializer,
    AuthorSerializer,
    PublisherSerializer,
    TopicSerializer,
)
from articles.api.views import ArticleViewSet, AuthorViewSet, PublisherViewSet, TopicViewSet
from articles.models import Article
from config.api_base import ApiAutoSchema, StrictViewSetMixin, shaped_serializer_context
from partnerships.api.serializers import EntitySerializer, MembershipSerializer
from partnerships.api.views import EntityViewSet, MembershipViewSet

from .models import Change

MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100


def encode_cursor(at: datetime.datetime, pk: int) -> str:
    raw = f"{at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value: str) -> tuple[datetime.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        at, pk = raw.split("|")
        moment = datetime.datetime.fromisoformat(at)
        if moment.tzinfo is None:
            raise ValueError
        return moment, int(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise exceptions.ValidationError(
            {"since": ["Invalid cursor: use the `next_cursor` of a previous response."]},
            code="invalid_cursor",
        ) from None


#: The kinds of object the feed follows, with the viewset whose list shows them (its
#: queryset decides what a client may see; its serializer is the list's representation).
VIEWSETS = {
    "article": ArticleViewSet,
    "topic": TopicViewSet,
    "author": AuthorViewSet,
    "publisher": PublisherViewSet,
    "entity": EntityViewSet,
    "membership": MembershipViewSet,
}


class ChangeSerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="Pass as `since` to resume after this change.")
    at = serializers.DateTimeField(help_text="When the change took effect.")
    action = serializers.ChoiceField(choices=Change.Action.choices)
    type = serializers.ChoiceField(
        choices=list(VIEWSETS),
        help_text="Kind of object; the object itself is in the field of that name.",
    )
    id = serializers.IntegerField(help_text="The object's immutable id.")
    slug = serializers.CharField(
        allow_null=True, help_text="Its slug after the change (null for memberships)."
    )
    previous_slug = serializers.CharField(
        allow_null=True, help_text="With `slug_changed`: the slug it had (now a 301)."
    )
    merged_into = serializers.IntegerField(
        allow_null=True, help_text="With `merged`: the id of the article it was folded into."
    )
    tombstone = serializers.BooleanField(
        help_text="The object left public view (or was deleted): drop it."
    )
    api_url = serializers.CharField(help_text="Its API address (by id).")
    article = ArticleSerializer(
        allow_null=True,
        help_text="With type `article`: the article as a list shows it now, when you may see "
        "it; null otherwise.",
    )
    topic = TopicSerializer(allow_null=True, help_text="With type `topic`: the subject now.")
    author = AuthorSerializer(allow_null=True, help_text="With type `author`: the author now.")
    publisher = PublisherSerializer(
        allow_null=True, help_text="With type `publisher`: the publisher now."
    )
    entity = EntitySerializer(allow_null=True, help_text="With type `entity`: the entity now.")
    membership = MembershipSerializer(
        allow_null=True, help_text="With type `membership`: the membership now."
    )


class ChangePageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next_cursor = serializers.CharField(help_text="Pass as `since` for the next page.")
    has_more = serializers.BooleanField(help_text="More changes are waiting: ask again now.")
    next = serializers.CharField(allow_null=True, help_text="URL of the next page, if any.")


class ChangeFeedView(StrictViewSetMixin, APIView):
    """The change feed: every create, update, publication, unpublication, archive, expiry,
    merge, deletion and slug change of articles, subjects, authors, entities and
    memberships, in order, with tombstones."""

    permission_classes = [AllowAny]
    schema = ApiAutoSchema()
    detail = False
    lookup_field = "pk"
    includable = frozenset({"body"})
    allowed_parameters = frozenset({"since", "page_size", "include"})

    def allowed_query_parameters(self):
        return set(self.allowed_parameters) | {"format"}

    def shaping_parameters(self):
        return []  # ``include`` is declared below with the other parameters

    @extend_schema(
        operation_id="changes_list",
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.STR,
                description=(
                    "Cursor from a previous response's `next_cursor`; leave out (or empty) "
                    "to start from the beginning."
                ),
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                description=f"Changes per page, 1 to {MAX_PAGE_SIZE} (default "
                f"{DEFAULT_PAGE_SIZE}).",
            ),
            OpenApiParameter(
                "include",
                {"type": "array", "items": {"type": "string", "enum": ["body"]}},
                style="form",
                explode=False,
                description="`body`: embedded articles carry their body.",
            ),
        ],
        responses={200: ChangePageSerializer},
    )
    def get(self, request):
        since = request.query_params.get("since", "")
        page_size = self._page_size(request)
        now = timezone.now() - datetime.timedelta(
            seconds=getattr(settings, "CHANGES_SETTLE_SECONDS", 0)
        )
        rows = Change.objects.filter(at__lte=now)
        editor = is_editor(request.user)
        if not editor:
            rows = rows.filter(public=True)
        if since:
            at, pk = decode_cursor(since)
            rows = rows.filter(Q(at__gt=at) | Q(at=at, pk__gt=pk))
        rows = list(rows.order_by("at", "pk")[: page_size + 1])
        has_more = len(rows) > page_size
        rows = rows[:page_size]
        context = shaped_serializer_context(self, request)
        objects = self._objects(rows, request, context, editor)
        results = []
        moment = serializers.DateTimeField()
        for row in rows:
            current = objects.get((row.object_type, row.object_id))
            lookup = "pk" if row.object_type == "membership" else "slug"
            result = {
                "cursor": encode_cursor(row.at, row.pk),
                "at": moment.to_representation(row.at),
                "action": row.action,
                "type": row.object_type,
                "id": row.object_id,
                "slug": row.slug or None,
                "previous_slug": row.previous_slug or None,
                "merged_into": row.merged_into,
                "tombstone": row.tombstone,
                "api_url": request.build_absolute_uri(
                    reverse(f"api:{row.object_type}-detail", kwargs={lookup: row.object_id})
                ),
            }
            result.update(dict.fromkeys(VIEWSETS))
            if current is not None and (editor or not row.tombstone):
                result[row.object_type] = current
            results.append(result)
        next_cursor = results[-1]["cursor"] if results else since
        next_url = None
        if has_more:
            query = request.query_params.copy()
            query["since"] = next_cursor
            next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        data = {
            "results": results,
            "next_cursor": next_cursor,
            "has_more": has_more,
            "next": next_url,
        }
        return Response(data)

    def _page_size(self, request):
        raw = request.query_params.get("page_size")
        if raw is None:
            return DEFAULT_PAGE_SIZE
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise exceptions.ValidationError(
                {"page_size": [f"Must be a whole number from 1 to {MAX_PAGE_SIZE}."]}
            )
        return int(raw)

    def _objects(self, rows, request, context, editor):
        """Each object the rows name, as its list shows it now, if the client may see it:
        one query (and its prefetches) per kind of object on the page."""
        wanted: dict[str, set[int]] = {}
        for row in rows:
            wanted.setdefault(row.object_type, set()).add(row.object_id)
        found = {}
        for object_type, ids in wanted.items():
            viewset = VIEWSETS[object_type](request=request, action="list", format_kwarg=None)
            if object_type == "article":
                # Bodies are read with the rows (``include=body``), not one query each.
                serializer_class = ArticleSerializer
                articles = Article.objects.all() if editor else Article.objects.published()
                queryset = articles.with_related().filter(pk__in=ids)
            else:
                serializer_class = viewset.get_serializer_class()
                queryset = viewset.get_queryset().filter(pk__in=ids)
            for obj in queryset:
                found[(object_type, obj.pk)] = serializer_class(obj, context=context).data
        return found
