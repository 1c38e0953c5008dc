"""The SQL of the stored search index (see ``articles.search``), in one place: the
migration that creates it and the ``post_migrate`` repair below both read it.

Why a repair: on SQLite, Django alters a table by rebuilding it (create, copy, drop,
rename), and dropping a table drops its triggers. Any later migration that alters
``articles_article`` would silently stop the FTS index from following writes; after every
``migrate`` the triggers are put back if missing and the index rebuilt from the table.
"""

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


SQLITE_TRIGGERS = ("articles_search_insert", "articles_search_delete", "articles_search_update")


def repair_sqlite_index(sender, using, **kwargs):
    """``post_migrate``: recreate the FTS triggers a table rebuild dropped, then reindex."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s, %s)",
            SQLITE_TRIGGERS,
        )
        present = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles_search'"
        )
        if present == set(SQLITE_TRIGGERS) or cursor.fetchone() is None:
            return
        for statement in SQLITE_FORWARD[1:]:
            if not any(f"TRIGGER {name}" in statement for name in present):
                cursor.execute(statement)
