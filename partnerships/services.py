"""Multi-step writes on memberships, called by the admin and the API alike: permission
checked on the server, ``full_clean()`` (constraints included) before saving, one
transaction."""

from __future__ import annotations

import datetime

from django.db import transaction

from config import permissions

from .models import DatePrecision, Membership

_require = permissions.require  # the one permissions module


@transaction.atomic
def membership_save(*, membership: Membership, user) -> Membership:
    """Validate and save ``membership``: the add permission for a new one, else change."""
    _require(
        user, "partnerships.change_membership" if membership.pk else "partnerships.add_membership"
    )
    membership.full_clean()
    membership.save()
    return membership


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
