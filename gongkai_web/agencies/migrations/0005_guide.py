import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0004_rollup"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AgencyGuide",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("office", models.CharField(blank=True, max_length=200, verbose_name="receiving office (受理机构)")),
                ("address", models.CharField(blank=True, max_length=300, verbose_name="address")),
                ("postcode", models.CharField(blank=True, max_length=10, verbose_name="postcode")),
                ("hours", models.CharField(blank=True, max_length=200, verbose_name="office hours")),
                ("phone", models.CharField(blank=True, max_length=60, verbose_name="telephone")),
                ("email", models.CharField(blank=True, max_length=200, verbose_name="e-mail")),
                ("how_to_apply", models.TextField(blank=True, verbose_name="how to apply")),
                ("fees", models.TextField(blank=True, verbose_name="fees")),
                ("remedies", models.TextField(blank=True, verbose_name="remedies")),
                ("rules", models.TextField(blank=True, verbose_name="disclosure rules (公开制度)")),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                ("pending", models.JSONField(blank=True, default=dict)),
                ("pending_at", models.DateTimeField(blank=True, null=True)),
                ("return_reason", models.TextField(blank=True, verbose_name="reason for return")),
                ("agency", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="guide", to="agencies.agency")),
                ("approver", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("pending_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={"verbose_name": "disclosure guide", "verbose_name_plural": "disclosure guides"},
        ),
    ]
