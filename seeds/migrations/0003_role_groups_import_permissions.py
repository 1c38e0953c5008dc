"""Give the editorial roles the importer's permissions (editors may import pages)."""

from django.db import migrations

from articles.roles import sync_role_groups_migration


class Migration(migrations.Migration):
    dependencies = [
        ("seeds", "0002_provenance_unique_item"),
        ("articles", "0004_role_groups"),
    ]

    operations = [migrations.RunPython(sync_role_groups_migration, migrations.RunPython.noop)]
