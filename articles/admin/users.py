"""Accounts and role groups in the admin, with the rules of ``config.permissions``.

Administrators manage users, but only a superuser grants superuser or staff status or
gives permissions directly; an administrator changes only users who hold no right they
lack (never a superuser, so never to take one's rights away either), and gives or takes
only groups whose permissions are all their own. Group permissions are a superuser's to
change (otherwise adding a permission to one's own group would be an escalation).
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from config import permissions

User = get_user_model()

#: Only a superuser sets these on an account.
STATUS_FIELDS = ("is_superuser", "is_staff", "user_permissions")


class RoleGuardedUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not permissions.can_grant_status(request.user):
            readonly += [name for name in STATUS_FIELDS if name not in readonly]
        return readonly

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or permissions.can_manage_user(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or permissions.can_manage_user(request.user, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        actor = request.user
        if "groups" not in form.base_fields or permissions.can_grant_status(actor):
            return form

        class GuardedForm(form):
            def clean_groups(self):
                chosen = set(self.cleaned_data.get("groups") or [])
                before = set(obj.groups.all()) if obj is not None and obj.pk else set()
                for group in chosen ^ before:
                    if not permissions.can_grant_group(actor, group):
                        raise ValidationError(
                            _(
                                "Only a superuser may give or take the group “%(group)s”: "
                                "it carries permissions you do not have."
                            )
                            % {"group": group.name}
                        )
                return self.cleaned_data.get("groups")

        return GuardedForm

    def save_model(self, request, obj, form, change):
        """The rules again on the server side, whatever the form showed."""
        if not permissions.can_grant_status(request.user) and obj.pk:
            stored = User.objects.filter(pk=obj.pk).values("is_superuser", "is_staff").first()
            if stored is not None:
                obj.is_superuser, obj.is_staff = stored["is_superuser"], stored["is_staff"]
        elif not permissions.can_grant_status(request.user):
            obj.is_superuser = False
            obj.is_staff = False
        super().save_model(request, obj, form, change)


class RoleGuardedGroupAdmin(GroupAdmin):
    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not permissions.can_grant_status(request.user):
            readonly.append("permissions")
        return readonly


def _reregister(model, model_admin):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)


_reregister(User, RoleGuardedUserAdmin)
_reregister(Group, RoleGuardedGroupAdmin)
