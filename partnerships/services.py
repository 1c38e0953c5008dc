"""Multi-step writes on memberships, called by the admin and the API alike: permission
checked on the server, ``full_clean()`` (constraints included) before saving, one
transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .models import DatePrecision, Membership
from .signals import membership_changed


def _require(user, permission: str) -> None:
    if user is None or not user.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))


@transaction.atomic
def membership_save(*, membership: Membership, user) -> Membership:
    """Validate and save ``membership``: the add permission for a new one, else change."""
    _require(
        user, "partnerships.change_membership" if membership.pk else "partnerships.add_membership"
    )
    action = "edit" if membership.pk else "create"
    changes = _changes(membership) if membership.pk else ""
    membership.full_clean()
    membership.save()
    membership_changed.send(
        sender=Membership, membership=membership, user=user, action=action, changes=changes
    )
    return membership


#: What an editor changes on a membership, for the audit trail's "what".
_TRACKED = ["member_id", "group_id", "role", "since", "until", "source_id", "note"]


def _changes(membership: Membership) -> str:
    stored = Membership.objects.filter(pk=membership.pk).values(*_TRACKED).first() or {}
    changed = [
        f"{name.removesuffix('_id')}: {stored.get(name)!s} → {getattr(membership, name)!s}"
        for name in _TRACKED
        if stored.get(name) != getattr(membership, name)
    ]
    return "; ".join(changed)


@transaction.atomic
def membership_delete(*, membership: Membership, user) -> None:
    """Delete a membership entered by mistake (ending one keeps it: ``membership_end``)."""
    _require(user, "partnerships.delete_membership")
    membership_changed.send(
        sender=Membership, membership=membership, user=user, action="delete", changes=""
    )
    membership.delete()


@transaction.atomic
def membership_end(
    *, membership: Membership, user, until: datetime.date, precision: str = DatePrecision.DAY
) -> Membership:
    """End ``membership`` on ``until`` (Finland stopped being a PfP partner in 2023).

    The row stays, closed: history is never deleted. Refused (``ValidationError``) when
    ``until`` comes before ``since``.
    """
    _require(user, "partnerships.change_membership")
    membership.until = until
    membership.until_precision = precision
    membership.full_clean()
    membership.save(update_fields=["until", "until_precision", "updated_at"])
    membership_changed.send(
        sender=Membership,
        membership=membership,
        user=user,
        action="end",
        changes=f"until {until.isoformat()} ({precision})",
    )
    return membership
