"""Multi-step writes on partnerships, called by the admin and the API alike."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .models import DatePrecision, Membership


@transaction.atomic
def membership_end(
    *, membership: Membership, user, until: datetime.date, precision: str = DatePrecision.DAY
) -> Membership:
    """End ``membership`` on ``until`` (Finland stopped being a PfP partner in 2023).

    The row stays, closed: history is never deleted. Refused (``ValidationError``) when
    ``until`` comes before ``since``.
    """
    if user is None or not user.has_perm("partnerships.change_membership"):
        raise PermissionDenied(_("You do not have permission to do this."))
    membership.until = until
    membership.until_precision = precision
    membership.full_clean()
    membership.save(update_fields=["until", "until_precision", "updated_at"])
    return membership
