"""Viewsets of the articles API.

Reads are scoped in ``get_queryset()``: anonymous clients and users without the view
permission get ``Article.objects.published()`` only, editors every status. Writes go through
``articles.services`` (the same permission checks, validation and optimistic locking as the
admin); the version travels in the body as ``version`` or as the ETag in ``If-Match``; a
stale one is a 409 (a 412 for If-Match). An article is found by id or by slug; an old slug
answers 301 with the current address.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from articles.counts import kept_total
from articles.models import Article, ArticleOldSlug, Author, Publisher, Topic
from articles.services import VersionConflict, article_save, article_transition
from config import permissions as rules
from config.api_base import Conflict, EditableViewSet, ReadOnlySlugViewSet, django_to_drf
from config.api_errors import PreconditionRequired

from .filters import ArticleFilter, AuthorFilter, PublisherFilter, TopicFilter, is_editor
from .serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    ArticleWriteSerializer,
    AuthorSerializer,
    PublisherSerializer,
    TopicSerializer,
    TransitionSerializer,
)

#: Parameters that do not change which articles a list holds (its total is then kept).
MOVED = OpenApiResponse(description="Moved: an old slug; `Location` gives the current address.")


def published_count():
    """Count of an object's articles that anonymous clients may see (never drafts): the
    column ``articles.counts`` keeps, since a live count would join the articles table."""
    return F("published_count")


class CanTransition(permissions.BasePermission):
    """Workflow moves need the change permission; the service checks publishing rights."""

    message = "You need the permission to change articles."

    def has_permission(self, request, view):
        return rules.has(request.user, rules.CHANGE_ARTICLE)


class ArticleViewSet(EditableViewSet):
    """Articles, newest first. Anonymous clients see published articles only."""

    lookup_field = "slug"
    filterset_class = ArticleFilter
    ordering_fields = ["published_on", "title", "updated_at"]
    nullable_ordering_fields = ["published_on"]
    multi_value_parameters = frozenset(
        {"subject", "author", "entity", "entity_or_members", "publisher"}
    )
    includable = frozenset({"body"})
    expandable = frozenset({"authors", "topics", "publisher"})
    detail_serializer_class = ArticleDetailSerializer

    def get_queryset(self):
        if self.action in ("create", "update", "partial_update", "transition") or is_editor(
            self.request.user
        ):
            queryset = Article.objects.all()
        else:
            queryset = Article.objects.published()
        if self.action == "list":
            # No relations here: each item's JSON is cached per article version, and the
            # list serializer loads relations for the items it serialises only.
            return queryset.defer("body").newest_first()
        return queryset.with_related().newest_first()

    def known_count(self):
        """The list's total from the kept counts (``articles.counts.kept_total``) when its
        filters are ones they hold, for anonymous clients: no COUNT query (it was ~24 of
        the 31 ms of ``/api/v1/articles/`` at 10,000 articles, and 0.9-1.8 s for a large
        subject at a million, even capped). None (count live) for other filters and for
        editors, who list every status. The kept count lags a due schedule until
        ``publish_due`` runs, so the rows, not this total, decide what a page holds
        (``CappedPaginator.set_kept_count``)."""
        if self.action != "list" or is_editor(self.request.user):
            return None
        return kept_total(self.request.query_params)

    def get_serializer_class(self):
        if self.action == "list":
            return ArticleSerializer
        if self.action in ("create", "update", "partial_update"):
            return ArticleWriteSerializer
        return ArticleDetailSerializer

    def moved_to(self, value):
        """The current slug of the article that had slug ``value``, if the client may see it."""
        visible = self.get_queryset().order_by()
        return (
            ArticleOldSlug.objects.filter(slug=value, article__in=visible.values("pk"))
            .values_list("article__slug", flat=True)
            .first()
        )

    @extend_schema(responses={200: ArticleDetailSerializer, 301: MOVED})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    def _respond(self, article, code=status.HTTP_200_OK):
        article = self.get_queryset().get(pk=article.pk)
        data = ArticleDetailSerializer(article, context=self.get_serializer_context()).data
        return Response(data, status=code)

    @extend_schema(request=ArticleWriteSerializer, responses={201: ArticleDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ArticleWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article = self._save(Article(), serializer.validated_data)
        return self._respond(article, status.HTTP_201_CREATED)

    @extend_schema(request=ArticleWriteSerializer, responses={200: ArticleDetailSerializer})
    def update(self, request, *args, partial=False, **kwargs):
        article = self.get_object()
        serializer = ArticleWriteSerializer(article, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)  # a bad body is a 400 whatever If-Match says
        matched = self.check_if_match(article)
        data = dict(serializer.validated_data)
        if "version" not in data:
            data["version"] = self._expected_version(article, matched)
        article = self._save(article, data)
        return self._respond(article)

    @extend_schema(request=ArticleWriteSerializer, responses={200: ArticleDetailSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @staticmethod
    def _expected_version(article, matched: bool) -> int:
        if not matched:
            raise PreconditionRequired()
        return article.version

    def _save(self, article, data):
        data = dict(data)
        version = data.pop("version", None)
        relations = {key: data.pop(key) for key in ("authors", "topics", "entities") if key in data}
        for field, value in data.items():
            setattr(article, field, value)
        try:
            article = article_save(
                article=article, user=self.request.user, expected_version=version, **relations
            )
        except VersionConflict as conflict:
            raise Conflict(str(conflict), current_version=conflict.current_version) from None
        except DjangoValidationError as error:
            raise django_to_drf(error) from None
        return article

    @extend_schema(request=TransitionSerializer, responses={200: ArticleDetailSerializer})
    @action(detail=True, methods=["post"], permission_classes=[CanTransition])
    def transition(self, request, slug=None):
        """Move the article through the workflow (submit, send_back, publish, ...)."""
        article = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        matched = self.check_if_match(article)
        data = serializer.validated_data
        version = data.get("version") or self._expected_version(article, matched)
        try:
            article = article_transition(
                article=article,
                user=request.user,
                action=data["action"],
                publish_at=data.get("publish_at"),
                expire_at=data.get("expire_at"),
                expected_version=version,
                comment=data.get("comment", ""),
            )
        except VersionConflict as conflict:
            raise Conflict(str(conflict), current_version=conflict.current_version) from None
        except DjangoValidationError as error:
            raise django_to_drf(error) from None
        return self._respond(article)


class TopicViewSet(ReadOnlySlugViewSet):
    """Subjects, with the number of their published articles."""

    serializer_class = TopicSerializer
    filterset_class = TopicFilter
    ordering_fields = ["name", "slug", "updated_at"]

    def get_queryset(self):
        return (
            Topic.objects.select_related("parent")
            .prefetch_related("related")
            .annotate(article_count=published_count())
            .order_by("name", "pk")
        )


class AuthorViewSet(ReadOnlySlugViewSet):
    """People and organisations that sign published articles, with their count.

    Editors also see authors known only from unpublished articles (count 0)."""

    serializer_class = AuthorSerializer
    filterset_class = AuthorFilter
    ordering_fields = ["name", "slug", "updated_at"]

    def get_queryset(self):
        queryset = Author.objects.annotate(article_count=published_count())
        if not is_editor(self.request.user):
            # An author known only from drafts is not public yet.
            queryset = queryset.filter(article_count__gt=0)
        return queryset.order_by("name", "pk")


class PublisherViewSet(ReadOnlySlugViewSet):
    """Who published the pages, with their published article count (for anonymous
    clients, only publishers of at least one published article)."""

    serializer_class = PublisherSerializer
    filterset_class = PublisherFilter
    ordering_fields = ["slug", "updated_at"]

    def get_queryset(self):
        queryset = Publisher.objects.annotate(article_count=published_count())
        if not is_editor(self.request.user):
            queryset = queryset.filter(article_count__gt=0)
        return queryset.order_by("name", "pk")
