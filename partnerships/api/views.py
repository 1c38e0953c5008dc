"""Viewsets of the partnerships API. Entities and memberships are public reference data;
memberships are written through ``partnerships.services.membership_save`` and ended
through ``membership_end``, as in the admin."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.response import Response

from config.api_base import Conflict, EditableViewSet, ReadOnlySlugViewSet, django_to_drf
from config.api_errors import PreconditionRequired
from partnerships.models import Entity, Membership
from partnerships.services import (
    MembershipVersionConflict,
    membership_delete,
    membership_end,
    membership_save,
)

from .filters import EntityFilter, MembershipFilter
from .serializers import EntitySerializer, MembershipSerializer, MembershipWriteSerializer


class EntityViewSet(ReadOnlySlugViewSet):
    """States, organisations and frameworks, each with its memberships both ways."""

    serializer_class = EntitySerializer
    filterset_class = EntityFilter
    ordering_fields = ["name", "slug", "updated_at"]

    def get_queryset(self):
        return (
            Entity.objects.with_related()
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.select_related(
                        "group", "source", "until_source"
                    ).order_by("group__name", "since", "pk"),
                ),
                Prefetch(
                    "members",
                    queryset=Membership.objects.select_related(
                        "member", "source", "until_source"
                    ).order_by("member__name", "since", "pk"),
                ),
            )
            .order_by("name", "pk")
        )


class MembershipViewSet(mixins.DestroyModelMixin, EditableViewSet):
    """Who belongs to what, since when, until when, according to which source.

    Versioned like articles (``version`` in the body or ``If-Match``); a fact already stated
    by the same source is refused (400), so two identical POSTs make one row. Editors may
    delete a membership entered by mistake (ending one is a PATCH of ``until``).
    """

    filterset_class = MembershipFilter
    ordering_fields = ["since", "until", "id", "updated_at"]
    nullable_ordering_fields = ["since", "until"]
    multi_value_parameters = frozenset({"member", "group"})
    detail_serializer_class = MembershipSerializer

    def get_queryset(self):
        return Membership.objects.with_related().order_by("pk")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return MembershipWriteSerializer
        return MembershipSerializer

    def _expected_version(self, membership, data):
        matched = self.check_if_match(membership)
        if "version" in data:
            return data.pop("version")
        if not matched:
            raise PreconditionRequired()
        return membership.version

    def _save(self, membership, data, expected_version=None):
        data = dict(data)
        data.pop("version", None)
        end = _end_of(membership, data)
        try:
            with transaction.atomic():
                if data or not membership.pk:
                    for field, value in data.items():
                        setattr(membership, field, value)
                    membership = membership_save(
                        membership=membership,
                        user=self.request.user,
                        expected_version=expected_version,
                    )
                    expected_version = membership.version
                if end:  # the admin's service: the end needs the source that states it
                    membership = membership_end(
                        membership=membership,
                        user=self.request.user,
                        expected_version=expected_version,
                        **end,
                    )
        except MembershipVersionConflict as conflict:
            raise Conflict(str(conflict), current_version=conflict.current_version) from None
        except DjangoValidationError as error:
            raise django_to_drf(error) from None
        membership = self.get_queryset().get(pk=membership.pk)
        return MembershipSerializer(membership, context=self.get_serializer_context()).data

    @extend_schema(request=MembershipWriteSerializer, responses={201: MembershipSerializer})
    def create(self, request, *args, **kwargs):
        serializer = MembershipWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = self._save(Membership(), serializer.validated_data)
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MembershipWriteSerializer, responses={200: MembershipSerializer})
    def update(self, request, *args, partial=False, **kwargs):
        membership = self.get_object()
        serializer = MembershipWriteSerializer(membership, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = self._expected_version(membership, data)
        return Response(self._save(membership, data, expected_version=version))

    @extend_schema(request=MembershipWriteSerializer, responses={200: MembershipSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Delete a membership entered by mistake (If-Match honoured)."""
        membership = self.get_object()
        self.check_if_match(membership)
        try:
            membership_delete(membership=membership, user=request.user)
        except MembershipVersionConflict as conflict:
            raise Conflict(str(conflict), current_version=conflict.current_version) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


def _end_of(membership, data) -> dict | None:
    """The end a write states (``until`` set to a date, with ``until_source``), taken out
    of ``data`` for ``membership_end``; None when the write does not end the membership."""
    until = data.get("until")
    if until is None:
        return None
    source = data.pop("until_source", membership.until_source if membership.pk else None)
    data.pop("until")
    precision = data.pop("until_precision", membership.until_precision)
    if membership.pk and (until, source, precision) == (
        membership.until,
        membership.until_source,
        membership.until_precision,
    ):
        return None  # unchanged: nothing to end again
    return {"until": until, "source": source, "precision": precision}
