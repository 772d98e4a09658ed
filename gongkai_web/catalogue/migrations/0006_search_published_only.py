"""SQLite search index holds published items only (drafts are never searchable, and queries need no join).

Supersedes the SQLite part of 0002/0004. Triggers add a row when an item becomes published and remove it when
it stops being published or changes; ``agency_id`` is stored unindexed so a search can be limited to one agency.
Any later migration that remakes catalogue_item on SQLite must re-run SQLITE_UP (a table remake drops triggers).
"""

from django.db import migrations

_COLS = "rowid, title, body_text, agency_id"
_NEW = "new.id, new.title, new.body_text, new.agency_id"
_OLD = "'delete', old.id, old.title, old.body_text, old.agency_id"

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS catalogue_item_fts_ai",
    "DROP TRIGGER IF EXISTS catalogue_item_fts_ad",
    "DROP TRIGGER IF EXISTS catalogue_item_fts_au",
    "DROP TRIGGER IF EXISTS catalogue_item_fts_au_del",
    "DROP TRIGGER IF EXISTS catalogue_item_fts_au_ins",
    "DROP TABLE IF EXISTS catalogue_item_fts",
]
SQLITE_UP = [
    "CREATE VIRTUAL TABLE catalogue_item_fts USING fts5(title, body_text, agency_id UNINDEXED, "
    "content='catalogue_item', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER catalogue_item_fts_ai AFTER INSERT ON catalogue_item WHEN new.status = 'published' BEGIN "
    f"INSERT INTO catalogue_item_fts({_COLS}) VALUES ({_NEW}); END",
    "CREATE TRIGGER catalogue_item_fts_ad AFTER DELETE ON catalogue_item WHEN old.status = 'published' BEGIN "
    f"INSERT INTO catalogue_item_fts(catalogue_item_fts, {_COLS}) VALUES ({_OLD}); END",
    "CREATE TRIGGER catalogue_item_fts_au_del AFTER UPDATE OF title, body_text, status, agency_id ON catalogue_item "
    "WHEN old.status = 'published' BEGIN "
    f"INSERT INTO catalogue_item_fts(catalogue_item_fts, {_COLS}) VALUES ({_OLD}); END",
    "CREATE TRIGGER catalogue_item_fts_au_ins AFTER UPDATE OF title, body_text, status, agency_id ON catalogue_item "
    f"WHEN new.status = 'published' BEGIN INSERT INTO catalogue_item_fts({_COLS}) VALUES ({_NEW}); END",
    f"INSERT INTO catalogue_item_fts({_COLS}) SELECT id, title, body_text, agency_id FROM catalogue_item "
    "WHERE status = 'published'",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_item_status_pub")]

    operations = [migrations.RunPython(_run(SQLITE_DOWN + SQLITE_UP), _run(SQLITE_DOWN))]
