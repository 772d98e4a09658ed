"""Items get 生成日期 (``generated_on``) and 主题分类 (``topic``).

On SQLite adding a column with a default remakes catalogue_item, which drops the search triggers of 0006 and
0007, so both are made again after it (and before, going backwards, for the same reason).
"""

import importlib

from django.db import migrations, models


def _again(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    trigram = importlib.import_module("gongkai_web.catalogue.migrations.0006_search_published_only")
    pairs = importlib.import_module("gongkai_web.catalogue.migrations.0007_search_bigrams")
    for sql in trigram.SQLITE_DOWN + trigram.SQLITE_UP + pairs.SQLITE_DOWN + pairs.SQLITE_UP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0007_search_bigrams")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, _again),
        migrations.AddField(
            model_name="item",
            name="generated_on",
            field=models.DateField(blank=True, null=True, verbose_name="date made (生成日期)"),
        ),
        migrations.AddField(
            model_name="item",
            name="topic",
            field=models.CharField(blank=True, default="", max_length=100, verbose_name="subject (主题分类)"),
        ),
        migrations.RunPython(_again, migrations.RunPython.noop),
    ]
