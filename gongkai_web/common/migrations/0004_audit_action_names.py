"""Audit actions named as the services that write them (``<entity>_<verb>``), in every app alike."""

from __future__ import annotations

from typing import Any

from django.db import migrations

ITEM = "catalogue.item"
REPORT = "annual_reports.annualreport"
#: (object type or None for any, old name) -> new name
RENAMES = {
    **{
        (ITEM, old): f"item_{old}"
        for old in ("create", "update", "attach", "submit", "approve", "return", "publish", "withdraw", "revise")
    },
    (None, "import_published"): "items_import_published",
    **{
        (REPORT, old): f"annual_report_{old}"
        for old in ("generate", "refresh", "check", "reopen", "approve", "publish", "supersede", "correct", "import")
    },
    (REPORT, "edit_prose"): "annual_report_update_prose",
    (REPORT, "flag_correction"): "annual_report_flag",
}
REGISTERS = ("rules", "decisions", "fees", "procurement")


def forward(apps: Any, schema_editor: Any) -> None:
    entry = apps.get_model("common", "AuditEntry")
    for (object_type, old), new in RENAMES.items():
        rows = entry.objects.filter(action=old)
        if object_type is not None:
            rows = rows.filter(object_type=object_type)
        rows.update(action=new)
    for key in REGISTERS:
        for row in entry.objects.filter(action=f"import_{key}"):
            row.action = "register_import"
            row.changes = {"register": key, **row.changes}
            row.save(update_fields=["action", "changes"])


def backward(apps: Any, schema_editor: Any) -> None:
    entry = apps.get_model("common", "AuditEntry")
    for (object_type, old), new in RENAMES.items():
        rows = entry.objects.filter(action=new)
        if object_type is not None:
            rows = rows.filter(object_type=object_type)
        rows.update(action=old)
    for row in entry.objects.filter(action="register_import"):
        row.action = f"import_{row.changes.get('register', 'rules')}"
        row.save(update_fields=["action"])


class Migration(migrations.Migration):
    dependencies = [("common", "0003_sent_reminder")]

    operations = [migrations.RunPython(forward, backward)]
