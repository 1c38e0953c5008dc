"""Multi-step writes on memberships, called by the admin and the API alike: permission
checked on the server, ``full_clean()`` (constraints included) before saving, one
transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from config import permissions

from .models import DatePrecision, Membership, Source
from .signals import membership_changed

_require = permissions.require  # the one permissions module


class MembershipVersionConflict(Exception):
    """The membership was saved by someone else since the editor read it."""

    def __init__(self, current_version: int):
        self.current_version = current_version
        super().__init__(
            _("This membership was changed by someone else since you read it (now version %s).")
            % current_version
        )


@transaction.atomic
def membership_save(
    *, membership: Membership, user, expected_version: int | None = None
) -> Membership:
    """Validate and save ``membership``: the add permission for a new one, else change.

    Versioned like articles: a save based on ``expected_version`` older than the stored one
    raises ``MembershipVersionConflict``. A duplicate of a stated fact is a
    ``ValidationError`` (also when two identical requests race: the constraint decides).
    """
    _require(
        user, "partnerships.change_membership" if membership.pk else "partnerships.add_membership"
    )
    action = "edit" if membership.pk else "create"
    changes = _changes(membership) if membership.pk else ""
    membership.full_clean()
    if membership.pk:
        current = (
            Membership.objects.select_for_update()
            .values_list("version", flat=True)
            .get(pk=membership.pk)
        )
        if expected_version is not None and expected_version != current:
            raise MembershipVersionConflict(current)
        membership.version = current + 1
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        raise ValidationError(
            _("This source already states this membership."), code="duplicate"
        ) from None
    membership_changed.send(
        sender=Membership, membership=membership, user=user, action=action, changes=changes
    )
    return membership


#: What an editor changes on a membership, for the audit trail's "what".
_TRACKED = [
    "member_id",
    "group_id",
    "role",
    "since",
    "until",
    "source_id",
    "until_source_id",
    "evidence",
    "note",
]


def _changes(membership: Membership) -> str:
    stored = Membership.objects.filter(pk=membership.pk).values(*_TRACKED).first() or {}
    changed = [
        f"{name.removesuffix('_id')}: {stored.get(name)!s} → {getattr(membership, name)!s}"
        for name in _TRACKED
        if stored.get(name) != getattr(membership, name)
    ]
    return "; ".join(changed)


@transaction.atomic
def membership_delete(*, membership: Membership, user, expected_version: int | None = None):
    """Delete a membership entered by mistake (ending one is ``membership_end``)."""
    _require(user, "partnerships.delete_membership")
    current = (
        Membership.objects.select_for_update()
        .values_list("version", flat=True)
        .get(pk=membership.pk)
    )
    if expected_version is not None and expected_version != current:
        raise MembershipVersionConflict(current)
    membership_changed.send(
        sender=Membership, membership=membership, user=user, action="delete", changes=""
    )
    membership.delete()


@transaction.atomic
def membership_end(
    *,
    membership: Membership,
    user,
    until: datetime.date,
    source: Source | None,
    precision: str = DatePrecision.DAY,
    expected_version: int | None = None,
) -> Membership:
    """End ``membership`` on ``until`` (Finland stopped being a PfP partner in 2023), as
    stated by ``source``: the end is a fact of its own and never attributed to the page
    that stated the start (a 2017 fact sheet cannot say what happened in 2023).

    The row stays, closed: history is never deleted. Refused (``ValidationError``) without
    a source, when ``until`` comes before ``since``, or when the source's "as of" date
    comes before ``until`` (it cannot state an end that had not happened yet). Versioned
    like ``membership_save`` (``expected_version``, the API's If-Match).
    """
    _require(user, "partnerships.change_membership")
    if source is None:
        raise ValidationError({"until_source": _("Give the source that states the end.")})
    if source.as_of and source.as_of < until:
        raise ValidationError(
            {"until_source": _("This source is dated before the end it would state.")}
        )
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if expected_version is not None and expected_version != membership.version:
        raise MembershipVersionConflict(membership.version)
    membership.until = until
    membership.until_precision = precision
    membership.until_source = source
    membership.full_clean()
    membership.version += 1
    membership.save(
        update_fields=["until", "until_precision", "until_source", "version", "updated_at"]
    )
    membership_changed.send(
        sender=Membership,
        membership=membership,
        user=user,
        action="end",
        changes=f"until {until.isoformat()} ({precision})",
    )
    return membership
