"""Re-create the SQLite search table and triggers: 0003 remade catalogue_item on SQLite, which drops triggers.

Any later migration that alters catalogue_item on SQLite must end with the same step (see 0002).
"""

from django.db import migrations


from importlib import import_module

_search_0002 = import_module("gongkai_web.catalogue.migrations.0002_search")


def resync(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in _search_0002.SQLITE_DOWN + _search_0002.SQLITE_UP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_item_author_optional")]

    operations = [migrations.RunPython(resync, migrations.RunPython.noop)]
