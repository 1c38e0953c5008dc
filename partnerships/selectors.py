"""Reads of an entity's page: who belongs to it, what it belongs to, the frameworks it runs
with their partners, as of a date or over the whole history. Every "as of" question goes
through ``MembershipQuerySet.active_on()``; undated facts are listed as "dates not stated".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Prefetch

from .models import Entity, Membership


def _ordered(queryset, other: str):
    """By the other side's name, then the newest source first: two sources that disagree
    (a 2017 page says partner, a 2023 one member) are both shown, the newest first."""
    return queryset.with_related().order_by(
        f"{other}__name", F("source__as_of").desc(nulls_last=True), "-pk"
    )


@dataclass
class EntityFacts:
    on: datetime.date | None
    members: list
    belongs_to: list
    bodies: list  # frameworks, commissions... the entity runs, each with ``.partners``
    undated: list = field(default_factory=list)  # facts whose dates no source states

    @property
    def everyone(self) -> list:
        """Members and the partners of its frameworks (for the diagram's right side)."""
        return self.members + [m for body in self.bodies for m in body.partners]


def entity_facts(entity: Entity, on: datetime.date | None = None) -> EntityFacts:
    """The memberships shown on ``entity``'s page, all of them or those in force ``on``."""

    def scope(queryset):
        return queryset.active_on(on) if on else queryset

    members = list(scope(_ordered(Membership.objects.filter(group=entity), "member")))
    belongs_to = list(scope(_ordered(Membership.objects.filter(member=entity), "group")))
    partners = scope(_ordered(Membership.objects.all(), "member"))
    bodies = list(
        entity.bodies.order_by("name").prefetch_related(
            Prefetch("members", queryset=partners, to_attr="partners"), "aliases"
        )
    )
    undated = []
    if on:
        undated = list(
            _ordered(Membership.objects.filter(group=entity).undated(), "member")
        ) + list(_ordered(Membership.objects.filter(member=entity).undated(), "group"))
    return EntityFacts(
        on=on, members=members, belongs_to=belongs_to, bodies=bodies, undated=undated
    )
