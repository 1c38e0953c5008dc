"""The three editorial roles, as Django groups, and the permissions each one holds.

The groups are created by a data migration (``0004_role_groups``) and re-synchronised by
``sync_role_groups()`` (the demo editor command calls it), so that a newly installed app's
permissions reach the roles. The services check these permissions on the server; the
admin only mirrors them.

- contributors: create and edit drafts, submit them for review; cannot publish.
- editors: everything contributors do, plus review, publish, schedule, archive, merge,
  curate subjects, authors, publishers and partnerships, read the audit trail.
- administrators: every permission of the editorial apps, and user and group management.
"""

from __future__ import annotations

CONTRIBUTORS = "contributors"
EDITORS = "editors"
ADMINISTRATORS = "administrators"

EDITORIAL_APPS = ("articles", "partnerships", "seeds", "webhooks")

#: (app_label, codename) pairs.
CONTRIBUTOR_PERMISSIONS = {
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_article"),
    ("articles", "add_articleauthor"),
    ("articles", "change_articleauthor"),
    ("articles", "delete_articleauthor"),
    ("articles", "view_articleauthor"),
    ("articles", "add_author"),
    ("articles", "view_author"),
    ("articles", "view_topic"),
    ("articles", "view_publisher"),
    ("partnerships", "view_entity"),
    ("partnerships", "view_source"),
}

#: Never granted to editors: the audit trail is written by the services only.
EDITOR_EXCLUDED = {
    ("articles", "add_auditevent"),
    ("articles", "change_auditevent"),
    ("articles", "delete_auditevent"),
}


def role_permissions(permissions):
    """Map each role to the subset of ``permissions`` (Permission rows) it holds."""
    roles = {CONTRIBUTORS: [], EDITORS: [], ADMINISTRATORS: []}
    for perm in permissions:
        key = (perm.content_type.app_label, perm.codename)
        if key[0] in EDITORIAL_APPS:
            roles[ADMINISTRATORS].append(perm)
            if key not in EDITOR_EXCLUDED:
                roles[EDITORS].append(perm)
            if key in CONTRIBUTOR_PERMISSIONS:
                roles[CONTRIBUTORS].append(perm)
        elif key[0] == "auth":
            roles[ADMINISTRATORS].append(perm)
    return roles


def sync_role_groups(group_model, permission_model) -> dict:
    """Create the three groups if needed and set their permissions; return them by name."""
    permissions = permission_model.objects.select_related("content_type").filter(
        content_type__app_label__in=(*EDITORIAL_APPS, "auth")
    )
    groups = {}
    for name, perms in role_permissions(permissions).items():
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.set(perms)
        groups[name] = group
    return groups


def sync_role_groups_migration(apps, schema_editor) -> None:
    """RunPython body: create any missing permissions now, then give the groups theirs.

    Django creates permissions after all migrations; a fresh database needs them earlier
    so the groups can hold them. Each app that adds permissions for the roles runs this.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    sync_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))
