"""Joins issue 12's ``schedule_due_at`` (publish_due) and issue 14's published-counts
checkpoint and indexes, both numbered from 0009."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_article_schedule_due_at"),
        ("articles", "0012_published_id_index"),
    ]

    operations = []
