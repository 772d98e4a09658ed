"""Records counted by the annual report changed: the one hook every writing service calls.

The report on a year is computed from the agency's records (applications, appeals, registers, published
items). A published report must never go stale silently, so every service that writes such a record calls
:func:`records_changed` in its own transaction, naming the agency and the years whose figures the record may
count in. Nothing is watched implicitly (no model signals): a write path that forgets the call is a bug its
test catches (``tests/web/annual_reports/test_flagging.py`` has one per path).

The apps that own the records sit below the annual reports and must not import them, so the report layer
registers its listener here when it starts (``AnnualReportsConfig.ready``): the call is explicit, the
dependency still points down. Without a listener (the app not installed) the call does nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils import timezone

from gongkai_web.common.hooks import Hook
from gongkai_web.common.permissions import Actor


@dataclass(frozen=True)
class Change:
    """Records of ``agency_id`` that may be counted in ``years`` changed (``record`` names them for the
    correction notice, e.g. ``applications.application#12`` or ``registers.rule import``)."""

    agency_id: int
    years: frozenset[int]
    record: str


#: Heard by the annual reports (connected in ``AnnualReportsConfig.ready``).
RECORDS_CHANGED: Hook[Change] = Hook("records_changed")


def records_changed(
    *, agency_id: int, years: Iterable[int], record: str | models.Model, acting_user: Actor = None
) -> None:
    """Tell the report layer that records of the agency counted in ``years`` changed (call it inside the
    transaction that writes them, after the write)."""
    name = record if isinstance(record, str) else f"{record._meta.label_lower}#{record.pk}"
    change = Change(agency_id, frozenset(years), name)
    if change.years:
        RECORDS_CHANGED.send(change, acting_user)


def years_between(first: date | int, last: date | int | None) -> range:
    """The years from ``first`` to ``last`` (inclusive; ``last`` None: to this year), for a record counted
    in every year it spans (a case open across years, a rule in force)."""
    start = first if isinstance(first, int) else first.year
    end = timezone.localdate().year if last is None else (last if isinstance(last, int) else last.year)
    return range(start, max(start, end) + 1)
