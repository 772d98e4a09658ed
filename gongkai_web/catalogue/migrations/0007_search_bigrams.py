"""Two-character search words served by an index: each item's character pairs, indexed per database.

``Item.search_bigrams`` holds the item's distinct pairs of adjacent letters or digits (see
``gongkai_web.catalogue.search_text``); existing items are filled here. SQLite: an FTS5 table of published
items over that column (``unicode61``: one token per pair), kept in sync by triggers like the trigram table
of 0006. Adding the column remakes catalogue_item on SQLite, which drops 0006's triggers: they are made
again. PostgreSQL: a GIN index on the pairs as an array (``string_to_array(search_bigrams, ' ')``), which the
search's ``@>`` uses.
"""

import importlib

from django.db import migrations, models

_COLS = "rowid, search_bigrams, agency_id"
_NEW = "new.id, new.search_bigrams, new.agency_id"
_OLD = "'delete', old.id, old.search_bigrams, old.agency_id"

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS catalogue_item_bigrams_ai",
    "DROP TRIGGER IF EXISTS catalogue_item_bigrams_ad",
    "DROP TRIGGER IF EXISTS catalogue_item_bigrams_au_del",
    "DROP TRIGGER IF EXISTS catalogue_item_bigrams_au_ins",
    "DROP TABLE IF EXISTS catalogue_item_bigrams",
]
SQLITE_UP = [
    "CREATE VIRTUAL TABLE catalogue_item_bigrams USING fts5(search_bigrams, agency_id UNINDEXED, "
    "content='catalogue_item', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER catalogue_item_bigrams_ai AFTER INSERT ON catalogue_item WHEN new.status = 'published' "
    f"BEGIN INSERT INTO catalogue_item_bigrams({_COLS}) VALUES ({_NEW}); END",
    "CREATE TRIGGER catalogue_item_bigrams_ad AFTER DELETE ON catalogue_item WHEN old.status = 'published' "
    f"BEGIN INSERT INTO catalogue_item_bigrams(catalogue_item_bigrams, {_COLS}) VALUES ({_OLD}); END",
    "CREATE TRIGGER catalogue_item_bigrams_au_del AFTER UPDATE OF search_bigrams, status, agency_id "
    "ON catalogue_item WHEN old.status = 'published' BEGIN "
    f"INSERT INTO catalogue_item_bigrams(catalogue_item_bigrams, {_COLS}) VALUES ({_OLD}); END",
    "CREATE TRIGGER catalogue_item_bigrams_au_ins AFTER UPDATE OF search_bigrams, status, agency_id "
    "ON catalogue_item WHEN new.status = 'published' BEGIN "
    f"INSERT INTO catalogue_item_bigrams({_COLS}) VALUES ({_NEW}); END",
    f"INSERT INTO catalogue_item_bigrams({_COLS}) SELECT id, search_bigrams, agency_id FROM catalogue_item "
    "WHERE status = 'published'",
]
POSTGRES_UP = [
    "CREATE INDEX IF NOT EXISTS catalogue_item_bigrams_gin ON catalogue_item "
    "USING gin (string_to_array(search_bigrams, ' '))",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS catalogue_item_bigrams_gin"]


def _fill(apps, schema_editor):
    """Every existing item's pairs (the model's own ``save`` keeps them from now on)."""
    from gongkai_web.catalogue.search_text import bigrams_of

    Item = apps.get_model("catalogue", "Item")
    batch = []
    for item in Item.objects.only("id", "title", "body_text").iterator(chunk_size=2000):
        item.search_bigrams = bigrams_of(item.title, item.body_text)
        batch.append(item)
        if len(batch) == 2000:
            Item.objects.bulk_update(batch, ["search_bigrams"])
            batch = []
    if batch:
        Item.objects.bulk_update(batch, ["search_bigrams"])


def _trigram_sqlite():
    return importlib.import_module("gongkai_web.catalogue.migrations.0006_search_published_only")


def _on(vendor_statements):
    def run(apps, schema_editor):
        for sql in vendor_statements().get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


# Forwards: the column's table remake may have dropped 0006's triggers, so the trigram table is made again,
# then the pair table. Backwards: the pair table goes before its column, the trigram table is made again after.
_UP = _on(
    lambda: {
        "sqlite": _trigram_sqlite().SQLITE_DOWN + _trigram_sqlite().SQLITE_UP + SQLITE_DOWN + SQLITE_UP,
        "postgresql": POSTGRES_UP,
    }
)
_DOWN = _on(lambda: {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})
_TRIGRAM_AGAIN = _on(lambda: {"sqlite": _trigram_sqlite().SQLITE_DOWN + _trigram_sqlite().SQLITE_UP})


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0006_search_published_only")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, _TRIGRAM_AGAIN),
        migrations.AddField(
            model_name="item",
            name="search_bigrams",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
        migrations.RunPython(_UP, _DOWN),
    ]
