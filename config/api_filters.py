"""Filter building blocks shared by the FilterSets of ``articles.api`` and ``partnerships.api``."""

import datetime

import django_filters as filters
from django import forms
from django.db.models import Exists, ManyToManyField, OuterRef
from django_filters import ModelMultipleChoiceFilter
from django_filters.fields import ModelMultipleChoiceField
from rest_framework.exceptions import ValidationError


class CommaSeparatedModelMultipleChoiceField(ModelMultipleChoiceField):
    """Accepts ``?x=a&x=b`` as well as ``?x=a,b``; any unknown value is a validation error."""

    def clean(self, value):
        if value is not None and not isinstance(value, list | tuple):
            value = [value]
        if value:
            value = [part.strip() for item in value for part in str(item).split(",")]
            if any(not part for part in value):
                raise forms.ValidationError("Empty value in the list.", code="invalid_list")
        return super().clean(value)


class SlugListFilter(ModelMultipleChoiceFilter):
    """Several slugs mean any of them (OR); an unknown slug is a 400 naming it."""

    field_class = CommaSeparatedModelMultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("distinct", True)
        super().__init__(*args, **kwargs)

    def get_filter_predicate(self, v):
        # Filter on the object (its primary key), not on ``field_name=<slug>``.
        return {self.field_name: v}

    def filter(self, qs, value):
        """A many-to-many filter as ``EXISTS`` on the link table: a join would repeat rows
        and need ``SELECT DISTINCT`` over every column, which sorts every match."""
        field = qs.model._meta.get_field(self.field_name)
        if not value or self.method or not isinstance(field, ManyToManyField):
            return super().filter(qs, value)
        links = field.remote_field.through._default_manager.filter(
            **{
                field.m2m_field_name(): OuterRef("pk"),
                f"{field.m2m_reverse_field_name()}__in": list(value),
            }
        )
        return qs.filter(Exists(links))


class UtcDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 time compared in UTC: any offset the parser accepts (PostgreSQL refuses
    those beyond ±15:59), and a moment outside the years 1–9999 once in UTC is a 400."""

    def filter(self, qs, value):
        if value is not None:
            try:
                value = value.astimezone(datetime.UTC)
            except (OverflowError, ValueError):
                raise ValidationError(
                    {self.label or "updated": ["Out of range once converted to UTC."]}
                ) from None
        return super().filter(qs, value)


class UpdatedFilterSet(filters.FilterSet):
    """``updated_after`` / ``updated_before`` on every list: a client that keeps the time of
    its last sync asks for what changed since (with ``ordering=updated_at``)."""

    updated_after = UtcDateTimeFilter(
        label="updated_after",
        field_name="updated_at",
        lookup_expr="gt",
        help_text="Changed after this time (ISO 8601, e.g. 2025-06-25T12:00:00Z).",
    )
    updated_before = UtcDateTimeFilter(
        label="updated_before",
        field_name="updated_at",
        lookup_expr="lte",
        help_text="Changed at or before this time (ISO 8601).",
    )
