"""The working-day calendar the site runs on: the core's official calendar plus the notices loaded in the DB."""

from __future__ import annotations

import threading
from datetime import date

from django.db.models import Count, Max

from gongkai.workdays import NoticeRow, WorkCalendar
from gongkai_web.applications.models import HolidayNotice

_lock = threading.Lock()
_cache: dict[str, object] = {}


def notice_rows(notice: HolidayNotice) -> list[NoticeRow]:
    """The stored rows of ``notice`` as the core's NoticeRow values."""
    return [
        NoticeRow(date.fromisoformat(r["date"]), r["kind"], r.get("name", ""), i)
        for i, r in enumerate(notice.rows, start=1)
    ]


def calendar_current() -> WorkCalendar:
    """A calendar of the official notices plus every notice loaded in the DB (rebuilt when those change).

    The returned calendar must not be modified by callers.
    """
    stamp = HolidayNotice.objects.aggregate(n=Count("id"), at=Max("loaded_at"), y=Max("year"))
    key = repr(sorted(stamp.items()))
    with _lock:
        if _cache.get("key") == key:
            cal = _cache["calendar"]
            assert isinstance(cal, WorkCalendar)
            return cal
    cal = WorkCalendar.official()
    for notice in HolidayNotice.objects.order_by("year"):
        cal.load_notice(notice.year, notice_rows(notice))
    with _lock:
        _cache["key"] = key
        _cache["calendar"] = cal
    return cal


def calendar_forget() -> None:
    """Drop the cached calendar (after a notice is loaded or deleted)."""
    with _lock:
        _cache.clear()
