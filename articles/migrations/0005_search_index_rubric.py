"""The stored search index of articles, kept in sync by the database itself (triggers), so
that every write path (services, admin, API, import, a fixture, a raw UPDATE) updates it.

PostgreSQL: ``articles_article.search_vector`` (tsvector) with a GIN index, filled by a
trigger with the article's language configuration (``search_fr``/``search_en``: the French
or English stemmer behind ``unaccent``), title weighted A, summary B, body C, source D.

SQLite: ``articles_search``, an FTS5 table over the article's columns (external content),
``porter`` stemming on ``unicode61`` with diacritics removed, kept in sync by triggers.

Also ``Rubric``: a publisher's labels kept as rubrics (tags) and mapped to subjects by editors.

The column and the virtual table are not model fields: only ``articles/search.py`` reads
them, with SQL of its own.
"""

import django.db.models.deletion
from django.db import migrations, models

from articles.roles import sync_role_groups_migration
from articles.search_index import (
    POSTGRES_BACKWARD,
    POSTGRES_FORWARD,
    SQLITE_BACKWARD,
    SQLITE_FORWARD,
)

def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_role_groups")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
        migrations.CreateModel(
            name='Rubric',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('slug', models.SlugField(max_length=200, verbose_name='slug')),
                ('language', models.CharField(blank=True, choices=[('en', 'English'), ('fr', 'French')], max_length=2, verbose_name='language')),
                ('articles', models.ManyToManyField(blank=True, related_name='rubrics', to='articles.article', verbose_name='articles')),
                ('publisher', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='rubrics', to='articles.publisher', verbose_name='publisher')),
                ('topic', models.ForeignKey(blank=True, help_text="The subject this rubric's items belong to. Saving files its existing items under it; later imports follow.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='rubrics', to='articles.topic', verbose_name='subject')),
            ],
            options={
                'verbose_name': 'rubric',
                'verbose_name_plural': 'rubrics',
                'ordering': ['name'],
                'constraints': [models.UniqueConstraint(fields=('publisher', 'slug'), name='rubric_unique_per_publisher')],
            },
        ),
    
        # Editors map rubrics to subjects: give the role groups the new permissions.
        migrations.RunPython(sync_role_groups_migration, migrations.RunPython.noop),
    ]
