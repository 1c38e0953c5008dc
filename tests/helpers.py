"""Helpers shared by several test packages (fixtures stay in the conftest files)."""

from django.contrib.auth.models import Permission

from tests.factories import UserFactory


def user_with_permissions(*codenames, **fields):
    """A user made by ``UserFactory(**fields)`` holding exactly the named permissions."""
    user = UserFactory(**fields)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user
