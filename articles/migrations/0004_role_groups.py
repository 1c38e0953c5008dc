"""Create the editorial roles as groups: contributors, editors, administrators."""

from django.db import migrations

from articles.roles import sync_role_groups_migration


def remove_groups(apps, schema_editor):
    from articles.roles import ADMINISTRATORS, CONTRIBUTORS, EDITORS

    apps.get_model("auth", "Group").objects.filter(
        name__in=[CONTRIBUTORS, EDITORS, ADMINISTRATORS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_audit_and_review_queue"),
        ("partnerships", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_role_groups_migration, remove_groups)]
