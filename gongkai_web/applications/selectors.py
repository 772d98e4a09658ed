"""Reads on applications: staff reads scoped to the user's agencies; the public reads only by 查询码.

The statistics of parts 三 and 四 are computed in the database (one GROUP BY each).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.http import Http404

from gongkai.templates import Template, template_for_year
from gongkai.workflow import OPEN_STATES, State, outcome_row, today_in_china
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.calendar import calendar_current
from gongkai_web.applications.models import Appeal, Application, Letter
from gongkai_web.common.scoping import get_scoped_or_404, scope

OPEN = [s.value for s in OPEN_STATES]


# --- staff -------------------------------------------------------------------------------------------


def agency_get_for_user(*, user: Any, code: str) -> Agency:
    """An agency the user may read, or 404."""
    return get_scoped_or_404(Agency.objects.all(), user, field="id", code=code)


def application_list_for_user(*, user: Any, agency: Agency) -> QuerySet[Application]:
    return scope(Application.objects.filter(agency=agency), user).select_related("agency")


def application_get_for_user(*, user: Any, pk: int) -> Application:
    """One application inside the user's scope, or 404 (another agency's staff see nothing)."""
    return get_scoped_or_404(Application.objects.select_related("agency"), user, pk=pk)


def letter_get_for_user(*, user: Any, pk: int) -> Letter:
    return get_scoped_or_404(
        Letter.objects.select_related("application__agency"), user, field="application__agency", pk=pk
    )


def appeal_get_for_user(*, user: Any, pk: int) -> Appeal:
    return get_scoped_or_404(Appeal.objects.select_related("application", "agency"), user, pk=pk)


def _open(agency: Agency) -> QuerySet[Application]:
    return Application.objects.filter(agency=agency, state__in=OPEN)


def applications_due_soon(
    *, agency: Agency, today: date | None = None, horizon: int = 3
) -> QuerySet[Application]:
    """Open applications whose due date falls within ``horizon`` working days from ``today`` (today included)."""
    day = today or today_in_china()
    limit = calendar_current().nth_working_day_after(day, horizon)
    return _open(agency).filter(due_date__gte=day, due_date__lte=limit).order_by("due_date", "id")


def applications_overdue(*, agency: Agency, today: date | None = None) -> QuerySet[Application]:
    day = today or today_in_china()
    return _open(agency).filter(due_date__lt=day).order_by("due_date", "id")


@dataclass(frozen=True)
class Queue:
    """The officer's queue of one agency."""

    due_soon: list[Application]
    overdue: list[Application]
    awaiting_correction: list[Application]
    awaiting_payment: list[Application]
    in_consultation: list[Application]
    no_due_date: list[Application]
    recent: list[Application]


def queue_for(*, agency: Agency, today: date | None = None) -> Queue:
    """The queue: due within 3 working days, overdue, awaiting correction or payment, in consultation."""
    day = today or today_in_china()

    def in_state(state: State) -> list[Application]:
        return list(_open(agency).filter(state=state).order_by("received_on", "id")[:200])

    return Queue(
        due_soon=list(applications_due_soon(agency=agency, today=day)[:200]),
        overdue=list(applications_overdue(agency=agency, today=day)[:200]),
        awaiting_correction=in_state(State.AWAITING_CORRECTION),
        awaiting_payment=in_state(State.AWAITING_PAYMENT),
        in_consultation=in_state(State.IN_CONSULTATION),
        no_due_date=list(_open(agency).filter(state=State.RECEIVED, due_date__isnull=True)[:200]),
        recent=list(Application.objects.filter(agency=agency).order_by("-received_on", "-id")[:50]),
    )


# --- public ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicStatus:
    """What the status page may show: no personal data, no description, only dates, state and letter titles."""

    agency: str
    number: str
    state: str
    received_on: date
    due_date: date | None
    closed_on: date | None
    steps: list[tuple[date, str]]
    letters: list[tuple[date, str]]


def application_status_public(*, query_code: str) -> PublicStatus:
    """The public status of the application with this 查询码, or 404."""
    code = query_code.strip().upper()
    app = Application.objects.select_related("agency").filter(query_code=code).first()
    if app is None:
        raise Http404
    return PublicStatus(
        agency=app.agency.name,
        number=app.number,
        state=app.state_label,
        received_on=app.received_on,
        due_date=app.due_date,
        closed_on=app.closed_on,
        steps=[(e.at, e.label) for e in app.events.order_by("seq")],
        letters=[(letter.issued_on, letter.title) for letter in app.letters.order_by("issued_on", "id")],
    )


# --- statistics (parts 三 and 四) -------------------------------------------------------------------


#: Placeholder year and agency id of the cached statements (never real values: statistics start in 2008).
_SENTINEL_YEAR = 1901
_SENTINEL_AGENCY = -190101
_SQL: dict[tuple[str, str, bool], tuple[str, tuple[Any, ...]]] = {}


def _rows(name: str, build: Any, *, agency_ids: list[int] | None, year: int) -> list[dict[str, Any]]:
    """Run the GROUP BY that ``build`` makes with the ORM, compiled once per process and shape.

    Compiling the ORM query costs ~2 ms, more than the query itself for one agency; so the SQL is built once
    with placeholder values (a sentinel year and agency id) and re-run with the real ones. Several agencies
    at once (a superior's roll-up) go through the ORM each time.
    """
    if agency_ids is not None and len(agency_ids) != 1:
        return list(build(agency_ids=agency_ids, year=year))
    key = (connection.vendor, name, agency_ids is not None)
    if key not in _SQL:
        qs = build(agency_ids=None if agency_ids is None else [_SENTINEL_AGENCY], year=_SENTINEL_YEAR)
        _SQL[key] = qs.query.sql_with_params()
    sql, params = _SQL[key]
    real: dict[Any, Any] = {}
    for month, day in ((1, 1), (12, 31)):
        sentinel, actual = date(_SENTINEL_YEAR, month, day), date(year, month, day)
        real[sentinel] = actual
        real[sentinel.isoformat()] = actual.isoformat()
    if agency_ids is not None:
        real[_SENTINEL_AGENCY] = agency_ids[0]
    with connection.cursor() as cur:
        cur.execute(sql, [real.get(p, p) if isinstance(p, int | str | date) else p for p in params])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


@dataclass(frozen=True)
class Part3:
    """Part 三 as the report shows it: cells keyed ``applications.<row>.<column>``."""

    template: Template
    cells: dict[str, int]

    def rows(self) -> list[tuple[str, str, list[int]]]:
        cols = [c.key for c in self.template.applications.columns]
        return [
            (r.printed, " ".join(r.group), [self.cells[f"applications.{r.key}.{c}"] for c in cols])
            for r in self.template.applications.rows
        ]


def part3_rows_query(*, agency_ids: list[int] | None, year: int) -> QuerySet[Any]:
    """The one GROUP BY of part 三: (applicant category × outcome if closed in ``year``) with the counts of new,
    carried over, closed and carried forward applications, all derived from the receipt and closing dates."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    qs = Application.objects.filter(received_on__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return (
        qs.annotate(
            result=Case(When(closed_on__lte=end, then="outcome"), default=Value(""), output_field=CharField())
        )
        .values("applicant_category", "result")
        .annotate(
            new=Count("id", filter=Q(received_on__gte=start)),
            carried_over=Count("id", filter=Q(received_on__lt=start)),
            forward=Count("id", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
        )
        .order_by()
    )


def part3(*, agency_ids: list[int] | None, year: int) -> Part3:
    """Part 三 for the agencies (None: all) and year, on the template of that year's report."""
    template = template_for_year(year)
    table = template.applications
    cols = [c.key for c in table.columns if c.key != "total"]
    cells = {f"applications.{r.key}.{c.key}": 0 for r in table.rows for c in table.columns}
    for row in _rows("part3", part3_rows_query, agency_ids=agency_ids, year=year):
        col = row["applicant_category"]
        if col not in cols:
            continue
        cells[f"applications.new.{col}"] += row["new"]
        cells[f"applications.carried_over.{col}"] += row["carried_over"]
        cells[f"applications.carried_forward.{col}"] += row["forward"]
        if row["result"]:
            n = row["new"] + row["carried_over"] - row["forward"]
            cells[f"applications.{outcome_row(row['result'], template.id)}.{col}"] += n
    for col in cols:
        cells[f"applications.results_total.{col}"] = sum(
            cells[f"applications.{r}.{col}"] for r in table.result_rows
        )
    for r in table.rows:
        cells[f"applications.{r.key}.total"] = sum(cells[f"applications.{r.key}.{c}"] for c in cols)
    return Part3(template, cells)


@dataclass(frozen=True)
class Part4:
    template: Template
    cells: dict[str, int]

    def rows(self) -> list[tuple[str, list[int]]]:
        cols = [c.key for c in self.template.appeals.columns]
        return [
            (b.label, [self.cells[f"appeals.{b.key}.{c}"] for c in cols])
            for b in self.template.appeals.blocks
        ]


def part4_rows_query(*, agency_ids: list[int] | None, year: int) -> QuerySet[Any]:
    """The GROUP BY of part 四: appeals filed in ``year`` by kind × result as it stood at the year's end."""
    end = date(year, 12, 31)
    qs = Appeal.objects.filter(filed_on__year=year)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    return (
        qs.annotate(
            col=Case(
                When(decided_on__isnull=False, decided_on__lte=end, then="result"),
                default=Value("pending"),
                output_field=CharField(),
            )
        )
        .values("kind", "col")
        .annotate(n=Count("id"))
        .order_by()
    )


def part4(*, agency_ids: list[int] | None, year: int) -> Part4:
    template = template_for_year(year)
    table = template.appeals
    cells = {f"appeals.{b.key}.{c.key}": 0 for b in table.blocks for c in table.columns}
    for row in _rows("part4", part4_rows_query, agency_ids=agency_ids, year=year):
        key = f"appeals.{row['kind']}.{row['col']}"
        if key in cells:
            cells[key] += row["n"]
            cells[f"appeals.{row['kind']}.total"] += row["n"]
    return Part4(template, cells)
