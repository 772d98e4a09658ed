"""Helpers of the member-management tests: the audit rows of membership changes."""

from __future__ import annotations

from typing import Any

from gongkai_web.common.models import AuditEntry


def audit_rows(action: str, agency: Any) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action, agency=agency).order_by("id"))
