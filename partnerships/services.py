"""Multi-step writes on memberships, called by the admin and the API alike: permission
checked on the server, ``full_clean()`` (constraints included) before saving, one
transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import DatePrecision, Membership


def _require(user, permission: str) -> None:
    if user is None or not user.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))


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
        raise ValidationError(_("This source already states this membership.")) from None
    return membership


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
    return membership
