"""Each event's data is its typed payload (gongkai.workflow.events): the letter-only facts that were kept
apart in ``details`` (an answer's reasons and reconsideration body, a fee notice's way to pay) move into
``data``; consultations with another agency get their own letter kind (征求意见函)."""

from typing import Any

from django.db import migrations, models

#: event → the ``details`` keys that are now fields of its payload.
MOVED = {"answer": ("reasons", "review_body"), "issue_fee_notice": ("how_to_pay",)}


def details_into_data(apps: Any, schema_editor: Any) -> None:
    CaseEvent = apps.get_model("applications", "CaseEvent")
    for row in CaseEvent.objects.exclude(details={}).iterator():
        data = dict(row.data or {})
        for key in MOVED.get(row.event, ()):
            value = (row.details or {}).get(key)
            if isinstance(value, str) and value and key not in data:
                data[key] = value
        if data != row.data:
            CaseEvent.objects.filter(pk=row.pk).update(data=data)


def data_into_details(apps: Any, schema_editor: Any) -> None:
    CaseEvent = apps.get_model("applications", "CaseEvent")
    for row in CaseEvent.objects.all().iterator():
        keys = MOVED.get(row.event, ())
        details = {k: row.data[k] for k in keys if k in (row.data or {})}
        if details:
            data = {k: v for k, v in row.data.items() if k not in keys}
            CaseEvent.objects.filter(pk=row.pk).update(data=data, details=details)


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0003_email_label"),
    ]

    operations = [
        migrations.RunPython(details_into_data, data_into_details),
        migrations.RemoveField(
            model_name="caseevent",
            name="details",
        ),
        migrations.AlterField(
            model_name="letter",
            name="kind",
            field=models.CharField(
                choices=[
                    ("receipt", "政府信息公开申请受理回执"),
                    ("correction", "政府信息公开申请补正告知书"),
                    ("extension", "政府信息公开申请延期答复告知书"),
                    ("consultation", "政府信息公开征求第三方意见书"),
                    ("consultation_agency", "政府信息公开征求意见函"),
                    ("fee", "信息处理费收费通知书"),
                    ("answer", "政府信息公开申请答复告知书"),
                    ("termination", "政府信息公开申请终止处理告知书"),
                ],
                max_length=20,
            ),
        ),
    ]
