"""Reads of an entity's page: who belongs to it, what it belongs to, the frameworks it runs
with their partners, as of a date or over the whole history. Every "as of" question goes
through ``MembershipQuerySet.active_on()``; undated facts are listed as "dates not stated".

A page's worth of facts costs three queries whatever their number: the entity with the
bodies it runs, every membership of the three kinds in one query, and the aliases of every
entity named (for names in the reader's language).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, prefetch_related_objects

from .models import Entity, Membership


def _newest_source_first(membership, other: str):
    """By the other side's name, then the newest source first: two sources that disagree
    (a 2017 page says partner, a 2023 one member) are both shown, the newest first."""
    as_of = membership.source.as_of if membership.source_id else None
    return (
        getattr(membership, other).name,
        as_of is None,
        -as_of.toordinal() if as_of else 0,
        -membership.pk,
    )


def _sorted(memberships, other: str) -> list:
    return sorted(memberships, key=lambda m: _newest_source_first(m, other))


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


def entity_with_bodies(slug: str) -> Entity | None:
    """The entity of ``slug`` (with its parent) and, as ``.body_list``, the bodies it runs
    sorted by name: one query for both."""
    rows = list(
        Entity.objects.select_related("parent")
        .filter(Q(slug=slug) | Q(parent__slug=slug))
        .order_by("name", "pk")
    )
    entity = next((e for e in rows if e.slug == slug), None)
    if entity is not None:
        entity.body_list = [e for e in rows if e.parent_id == entity.pk and e is not entity]
    return entity


def entity_facts(entity: Entity, on: datetime.date | None = None, bodies=None) -> EntityFacts:
    """The memberships shown on ``entity``'s page, all of them or those in force ``on``
    (with, then, those no source dates). ``bodies``: the entities it runs, if loaded."""
    if bodies is None:
        bodies = list(entity.bodies.order_by("name", "pk"))
    body_ids = [body.pk for body in bodies]
    related = Membership.objects.filter(Q(group=entity) | Q(member=entity) | Q(group__in=body_ids))
    if on:
        own = Q(group=entity) | Q(member=entity)
        wanted = Q(pk__in=related.active_on(on).values("pk")) | Q(
            pk__in=related.filter(own).undated().values("pk")
        )
        related = Membership.objects.filter(wanted)
    rows = list(related.select_related("member", "group", "source", "until_source"))
    undated_ids = set()
    if on:
        undated_ids = {
            m.pk for m in rows if m.since is None and (m.source is None or m.source.as_of is None)
        }
    dated = [m for m in rows if m.pk not in undated_ids]
    for body in bodies:
        body.partners = _sorted([m for m in dated if m.group_id == body.pk], "member")
    names = [entity, *bodies, *(m.member for m in rows), *(m.group for m in rows)]
    if entity.parent_id:
        names.append(entity.parent)
    prefetch_related_objects(names, "aliases")
    undated = [m for m in rows if m.pk in undated_ids]
    return EntityFacts(
        on=on,
        members=_sorted([m for m in dated if m.group_id == entity.pk], "member"),
        belongs_to=_sorted([m for m in dated if m.member_id == entity.pk], "group"),
        bodies=bodies,
        undated=_sorted([m for m in undated if m.group_id == entity.pk], "member")
        + _sorted([m for m in undated if m.member_id == entity.pk], "group"),
    )
