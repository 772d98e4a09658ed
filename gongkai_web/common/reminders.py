"""Reminders sent at most once per kind, agency and day (the reminder commands may be run again)."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from gongkai_web.common.models import SentReminder


def reminder_claim(*, kind: str, agency_id: int, day: date) -> bool:
    """Record that agency ``agency_id`` gets its ``kind`` reminder of ``day``; ``False`` if it already got it.

    Called inside the transaction that queues the mail: if that transaction rolls back, so does the claim.
    Two runs at once cannot both claim it (the unique constraint decides).
    """
    try:
        with transaction.atomic():
            _, created = SentReminder.objects.get_or_create(kind=kind, agency_id=agency_id, day=day)
    except IntegrityError:  # the other run inserted it between our read and our write
        return False
    return created


__all__ = ["reminder_claim"]
