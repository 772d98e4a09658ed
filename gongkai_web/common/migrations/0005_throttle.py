"""The throttle counter of public submissions and look-ups per client address (common.throttle)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0004_audit_action_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="Throttle",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=120)),
                ("window", models.BigIntegerField()),
                ("count", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("key", "window"), name="one_throttle_row_per_window")
                ],
            },
        ),
    ]
