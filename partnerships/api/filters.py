"""FilterSets of the partnerships API (explicit field names, a help text on every filter)."""

import django_filters as filters

from config.api_filters import SlugListFilter, UpdatedFilterSet
from partnerships.models import Entity, Membership


class EntityFilter(UpdatedFilterSet):
    kind = filters.ChoiceFilter(
        field_name="kind",
        lookup_expr="exact",
        choices=Entity.Kind.choices,
        help_text="Kind of entity (state, organisation, framework...).",
    )

    class Meta:
        model = Entity
        fields = []


class MembershipFilter(UpdatedFilterSet):
    member = SlugListFilter(
        field_name="member",
        queryset=Entity.objects.all(),
        help_text="Slug of the member entity; several values (repeated or comma-separated).",
    )
    group = SlugListFilter(
        field_name="group",
        queryset=Entity.objects.all(),
        help_text="Slug of the group entity (e.g. nato); several values mean any of them.",
    )
    role = filters.ChoiceFilter(
        field_name="role",
        lookup_expr="exact",
        choices=Membership.Role.choices,
        help_text="Role of the member in the group.",
    )
    active_on = filters.DateFilter(
        method="filter_active_on",
        help_text=(
            "Memberships in force on this date (YYYY-MM-DD), the rule of the entity pages "
            "and charts: started on or before it (the start is `since`, else the 'as of' "
            "date of the source stating it) and not ended by it. A membership no source "
            "dates is 'dates not stated' and never counted."
        ),
    )

    class Meta:
        model = Membership
        fields = []

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(value)
