"""A record behind a published report changed: flag the report for correction (never silently)."""

from __future__ import annotations

from typing import Any


def _changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    from gongkai_web.annual_reports.models import AnnualReport, State
    from gongkai_web.annual_reports.services import reports_flag_changed

    agency_id = getattr(instance, "agency_id", None)
    if raw or agency_id is None:
        return
    if not AnnualReport.objects.filter(
        agency_id=agency_id, state=State.PUBLISHED, needs_correction=False
    ).exists():
        return
    reports_flag_changed(agency_id=agency_id, record_type=instance._meta.label_lower, record_id=instance.pk)


def connect() -> None:
    """Watch every model whose rows are counted in a report."""
    from django.db.models.signals import post_delete, post_save

    from gongkai_web.applications.models import Appeal, Application
    from gongkai_web.catalogue.models import Item
    from gongkai_web.registers.models import Decision, Fee, Procurement, Rule

    for model in (Application, Appeal, Rule, Decision, Fee, Procurement, Item):
        post_save.connect(_changed, sender=model, dispatch_uid=f"annual_reports:{model.__name__}:save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"annual_reports:{model.__name__}:delete")
