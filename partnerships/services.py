"""Multi-step writes on memberships, called by the admin and the API alike: permission
checked on the server, ``full_clean()`` (constraints included) before saving, one
transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from config import permissions

from .models import DatePrecision, Membership, Source

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
    *,
    membership: Membership,
    user,
    until: datetime.date,
    source: Source,
    precision: str = DatePrecision.DAY,
) -> Membership:
    """End ``membership`` on ``until`` (Finland stopped being a PfP partner in 2023), as
    stated by ``source``: the end is a fact of its own and never attributed to the page
    that stated the start (a 2017 fact sheet cannot say what happened in 2023).

    The row stays, closed: history is never deleted. Refused (``ValidationError``) without
    a source, when ``until`` comes before ``since``, or when the source's "as of" date
    comes before ``until`` (it cannot state an end that had not happened yet).
    """
    _require(user, "partnerships.change_membership")
    if source is None:
        raise ValidationError({"until_source": _("Give the source that states the end.")})
    if source.as_of and source.as_of < until:
        raise ValidationError(
            {"until_source": _("This source is dated before the end it would state.")}
        )
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    membership.until = until
    membership.until_precision = precision
    membership.until_source = source
    membership.full_clean()
    membership.save(update_fields=["until", "until_precision", "until_source", "updated_at"])
    return membership
