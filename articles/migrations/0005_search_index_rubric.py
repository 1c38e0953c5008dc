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

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'search_fr') THEN
        CREATE TEXT SEARCH CONFIGURATION search_fr (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION search_fr
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'search_en') THEN
        CREATE TEXT SEARCH CONFIGURATION search_en (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION search_en
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
      END IF;
    END $$
    """,
    "ALTER TABLE articles_article ADD COLUMN search_vector tsvector",
    """
    CREATE FUNCTION articles_article_search_vector() RETURNS trigger AS $$
    DECLARE
      config regconfig := CASE WHEN NEW.language = 'fr' THEN 'search_fr'::regconfig
                               ELSE 'search_en'::regconfig END;
    BEGIN
      NEW.search_vector :=
        setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector(config, coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector(config, coalesce(NEW.body, '')), 'C') ||
        setweight(to_tsvector(config, coalesce(NEW.source_name, '')), 'D');
      RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER articles_article_search_vector
    BEFORE INSERT OR UPDATE OF title, summary, body, source_name, language
    ON articles_article FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector()
    """,
    "UPDATE articles_article SET title = title",
    "CREATE INDEX articles_article_search_gin ON articles_article USING gin (search_vector)",
]

POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_article_search_vector ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_vector()",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
]

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE articles_search USING fts5(
      title, summary, body, source_name,
      content='articles_article', content_rowid='id',
      tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER articles_search_insert AFTER INSERT ON articles_article BEGIN
      INSERT INTO articles_search(rowid, title, summary, body, source_name)
      VALUES (new.id, new.title, new.summary, new.body, new.source_name);
    END
    """,
    """
    CREATE TRIGGER articles_search_delete AFTER DELETE ON articles_article BEGIN
      INSERT INTO articles_search(articles_search, rowid, title, summary, body, source_name)
      VALUES ('delete', old.id, old.title, old.summary, old.body, old.source_name);
    END
    """,
    """
    CREATE TRIGGER articles_search_update
    AFTER UPDATE OF title, summary, body, source_name ON articles_article BEGIN
      INSERT INTO articles_search(articles_search, rowid, title, summary, body, source_name)
      VALUES ('delete', old.id, old.title, old.summary, old.body, old.source_name);
      INSERT INTO articles_search(rowid, title, summary, body, source_name)
      VALUES (new.id, new.title, new.summary, new.body, new.source_name);
    END
    """,
    "INSERT INTO articles_search(articles_search) VALUES ('rebuild')",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_search_insert",
    "DROP TRIGGER IF EXISTS articles_search_delete",
    "DROP TRIGGER IF EXISTS articles_search_update",
    "DROP TABLE IF EXISTS articles_search",
]


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
