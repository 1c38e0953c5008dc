"""Multi-step writes on articles, called by the admin, the API and commands alike."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction

EDITORIAL_APPS = ("articles", "partnerships", "seeds")


@transaction.atomic
def demo_editor_ensure(*, username: str, password: str):
    """A staff account with every editorial permission, its password reset to ``password``."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_staff = True
    user.is_active = True
    user.set_password(password)
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=EDITORIAL_APPS))
    return user
