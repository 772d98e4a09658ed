"""Writing the audit log; call it inside the transaction that makes the change."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from gongkai_web.common.models import AuditEntry


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
    acting_user: Any,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    agency: Any = None,
) -> AuditEntry:
    """Write one audit row for ``obj``; ``changes`` maps field -> [old, new] (or any JSON-able value)."""
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    if agency is None:
        agency = getattr(obj, "agency", None)
    clean = {
        k: [_jsonable(x) for x in v] if isinstance(v, list | tuple) else _jsonable(v)
        for k, v in (changes or {}).items()
    }
    return AuditEntry.objects.create(
        actor=user,
        agency=agency,
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
