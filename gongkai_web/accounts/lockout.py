"""How long django-axes locks an account or an address out: 15 minutes after the fifth wrong password,
doubling with each further failure, never more than a day."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest

FIRST_COOL_OFF = timedelta(minutes=15)
LONGEST_COOL_OFF = timedelta(days=1)


def cool_off_after(failures: int, *, limit: int) -> timedelta:
    """The wait after ``failures`` failed attempts when ``limit`` lock out: 15 min, 30 min, 1 h … up to a day."""
    doublings = max(0, failures - limit)
    if doublings >= 7:  # 15 min x 2**7 is past a day already
        return LONGEST_COOL_OFF
    wait: timedelta = FIRST_COOL_OFF * (2**doublings)
    return min(wait, LONGEST_COOL_OFF)


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """``AXES_COOLOFF_TIME``: the back-off for the failures axes counted on ``request``."""
    limit = int(settings.AXES_FAILURE_LIMIT)
    failures = int(getattr(request, "axes_failures_since_start", 0) or 0) if request is not None else 0
    return cool_off_after(failures, limit=limit)
