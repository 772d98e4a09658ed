"""Writing the audit log; call it inside the transaction that makes the change."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from gongkai_web.common.models import AuditEntry
from gongkai_web.common.permissions import Actor, signed_in


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def audit_record(
    *,
    acting_user: Actor,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    agency: models.Model | None = None,
) -> AuditEntry:
    """Write one audit row for ``obj`` (``agency``: the Agency it concerns, by default ``obj.agency``);
    ``changes`` maps field -> [old, new] (or any JSON-able value)."""
    user = signed_in(acting_user)
    if agency is None:
        agency = getattr(obj, "agency", None)
    agency_id = agency.pk if agency is not None else None
    clean = {
        k: [_jsonable(x) for x in v] if isinstance(v, list | tuple) else _jsonable(v)
        for k, v in (changes or {}).items()
    }
    return AuditEntry.objects.create(
        actor=user,
        agency_id=agency_id,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        changes=clean,
    )


def diff(instance: models.Model, new_values: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields of ``new_values`` that differ from ``instance``, as ``{field: [old, new]}``."""
    return {
        name: [getattr(instance, name), value]
        for name, value in new_values.items()
        if getattr(instance, name) != value
    }
