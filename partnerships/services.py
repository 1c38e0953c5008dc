"""Writes on memberships, shared by the API (and any other caller): permission checked on
the server, ``full_clean()`` (constraints included) before saving, one transaction."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Membership


@transaction.atomic
def membership_save(*, membership: Membership, user) -> Membership:
    """Validate and save ``membership``: the add permission for a new one, else change."""
    permission = (
        "partnerships.change_membership" if membership.pk else "partnerships.add_membership"
    )
    if user is None or not user.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))
    membership.full_clean()
    membership.save()
    return membership
