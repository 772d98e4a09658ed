"""Full-text search indexes, per database: SQLite FTS5 (trigram) kept in sync by triggers; PostgreSQL pg_trgm GIN."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE catalogue_item_fts USING fts5(title, body_text, content='catalogue_item', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER catalogue_item_fts_ai AFTER INSERT ON catalogue_item BEGIN "
    "INSERT INTO catalogue_item_fts(rowid, title, body_text) VALUES (new.id, new.title, new.body_text); END",
    "CREATE TRIGGER catalogue_item_fts_ad AFTER DELETE ON catalogue_item BEGIN "
    "INSERT INTO catalogue_item_fts(catalogue_item_fts, rowid, title, body_text) "
    "VALUES ('delete', old.id, old.title, old.body_text); END",
    "CREATE TRIGGER catalogue_item_fts_au AFTER UPDATE OF title, body_text ON catalogue_item BEGIN "
    "INSERT INTO catalogue_item_fts(catalogue_item_fts, rowid, title, body_text) "
    "VALUES ('delete', old.id, old.title, old.body_text); "
    "INSERT INTO catalogue_item_fts(rowid, title, body_text) VALUES (new.id, new.title, new.body_text); END",
    "INSERT INTO catalogue_item_fts(catalogue_item_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS catalogue_item_fts_ai",
    "DROP TRIGGER IF EXISTS catalogue_item_fts_ad",
    "DROP TRIGGER IF EXISTS catalogue_item_fts_au",
    "DROP TABLE IF EXISTS catalogue_item_fts",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS catalogue_item_title_trgm ON catalogue_item USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS catalogue_item_body_trgm ON catalogue_item USING gin (body_text gin_trgm_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS catalogue_item_title_trgm",
    "DROP INDEX IF EXISTS catalogue_item_body_trgm",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
