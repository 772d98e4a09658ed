"""Reads of annual reports: every cell of a year computed in the database, the prose pre-filled from the year's
figures, the records behind each figure (drill-down), and scoped lists for staff and the public."""

from __future__ import annotations

import decimal
import functools
import operator
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Case, CharField, Count, Q, QuerySet, Sum, Value, When
from django.http import Http404

from gongkai.model import Prose, Report
from gongkai.templates import Template, get_template, template_for_year
from gongkai.workflow import Event, IssueFeeNotice, Outcome, outcome_row
from gongkai_web.agencies.models import Agency
from gongkai_web.annual_reports.models import PUBLIC_STATES, AnnualReport, State
from gongkai_web.applications.models import Appeal, Application, CaseEvent
from gongkai_web.catalogue.categories import ANNUAL_REPORT_CODE
from gongkai_web.catalogue.models import Item
from gongkai_web.catalogue.models import Status as ItemStatus
from gongkai_web.common.scoping import get_scoped_or_404, scope
from gongkai_web.registers.models import Decision, Fee, Procurement, Rule
from gongkai_web.registers.selectors import RULE_ROWS

# --- the cells ---------------------------------------------------------------------------------------


#: Placeholder year and agency ids of the compiled statements (never real values: reports start in 2008).
_SENTINEL_YEAR = 1901
_SENTINEL_AGENCY = -190101
_SQL: dict[tuple[str, str, int], tuple[str, tuple[Any, ...]]] = {}


def _sentinels(year: int, agency_ids: list[int]) -> dict[Any, Any]:
    """Each placeholder value (as the ORM passes it: date, ISO string or int) -> the real one."""
    real: dict[Any, Any] = {_SENTINEL_AGENCY - i: pk for i, pk in enumerate(agency_ids)}
    for shift in (0, 1):
        real[_SENTINEL_YEAR - shift] = year - shift
        for month, day in ((1, 1), (12, 31)):
            sentinel, actual = date(_SENTINEL_YEAR - shift, month, day), date(year - shift, month, day)
            real[sentinel] = actual
            real[sentinel.isoformat()] = actual.isoformat()
    return real


def _rows(name: str, build: Any, *, agency_ids: list[int] | None, year: int) -> list[tuple[Any, ...]]:
    """Run the query ``build(agency_ids, year)`` makes with the ORM, compiled once per process, database and
    number of agencies; rows as tuples in the order of ``FIELDS[name]``.

    Compiling a filtered GROUP BY with the ORM costs more than running it for one agency, so the SQL is built
    once with placeholder values and re-run with the real ones (as the applications' statistics do).
    """
    key = (connection.vendor, name, -1 if agency_ids is None else len(agency_ids))
    if key not in _SQL:
        placeholders = None if agency_ids is None else [_SENTINEL_AGENCY - i for i in range(len(agency_ids))]
        _SQL[key] = build(placeholders, _SENTINEL_YEAR).query.sql_with_params()
    sql, params = _SQL[key]
    real = _sentinels(year, agency_ids or [])
    with connection.cursor() as cur:
        cur.execute(sql, [real.get(p, p) if isinstance(p, int | str | date) else p for p in params])
        names = [d[0] for d in cur.description]
        pick = operator.itemgetter(*(names.index(f) for f in FIELDS[name]))
        return [pick(r) for r in cur.fetchall()]


def _decimal(value: Any) -> Decimal:
    """A sum of amounts as the ORM would return it (SQLite gives a float: 15 significant digits, as Django)."""
    if value is None:
        return Decimal(0)
    if isinstance(value, float):
        return decimal.Context(prec=15).create_decimal_from_float(value)
    return Decimal(value)


# Each query is grouped by agency, so one run serves one agency, several, or all of them (None).


def _of(model: Any, agency_ids: list[int] | None) -> QuerySet[Any]:
    qs: QuerySet[Any] = model.objects.all()
    return qs if agency_ids is None else qs.filter(agency_id__in=agency_ids)


def _rules_query(agency_ids: list[int] | None, year: int) -> QuerySet[Any]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    return (
        _of(Rule, agency_ids)
        .values("agency_id", "kind")
        .annotate(
            issued=Count("id", filter=Q(issued_on__range=(start, end))),
            repealed=Count("id", filter=Q(repealed_on__range=(start, end))),
            in_force=Count(
                "id", filter=Q(issued_on__lte=end) & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=end))
            ),
        )
        .order_by()
    )


def _decisions_query(agency_ids: list[int] | None, year: int) -> QuerySet[Any]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    return (
        _of(Decision, agency_ids)
        .filter(decided_on__range=(date(year - 1, 1, 1), end))
        .values("agency_id", "kind")
        .annotate(
            decisions=Count("id", filter=Q(decided_on__gte=start)),
            projects=Count("matter", distinct=True, filter=Q(decided_on__gte=start)),
            previous=Count("matter", distinct=True, filter=Q(decided_on__lt=start)),
        )
        .order_by()
    )


def _fees_query(agency_ids: list[int] | None, year: int) -> QuerySet[Any]:
    return (
        _of(Fee, agency_ids)
        .filter(year__in=(year - 1, year))
        .values("agency_id")
        .annotate(
            items=Count("id", filter=Q(year=year)),
            previous=Count("id", filter=Q(year=year - 1)),
            amount=Sum("amount", filter=Q(year=year)),
        )
        .order_by()
    )


def _procurement_query(agency_ids: list[int] | None, year: int) -> QuerySet[Any]:
    return (
        _of(Procurement, agency_ids)
        .filter(contracted_on__range=(date(year, 1, 1), date(year, 12, 31)))
        .values("agency_id")
        .annotate(count=Count("id"), amount=Sum("amount"))
        .order_by()
    )


def _applications_query(agency_ids: list[int] | None, year: int) -> QuerySet[Any]:
    """As ``applications.selectors.part3_rows_query``, grouped by agency too."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return (
        _of(Application, agency_ids)
        .filter(received_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .annotate(
            result=Case(When(closed_on__lte=end, then="outcome"), default=Value(""), output_field=CharField())
        )
        .values("agency_id", "applicant_category", "result")
        .annotate(
            new=Count("id", filter=Q(received_on__gte=start)),
            carried_over=Count("id", filter=Q(received_on__lt=start)),
            forward=Count("id", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
        )
        .order_by()
    )


def _appeals_query(agency_ids: list[int] | None, year: int) -> QuerySet[Any]:
    """As ``applications.selectors.part4_rows_query``, grouped by agency too."""
    end = date(year, 12, 31)
    return (
        _of(Appeal, agency_ids)
        .filter(filed_on__range=(date(year, 1, 1), end))
        .annotate(
            col=Case(
                When(decided_on__isnull=False, decided_on__lte=end, then="result"),
                default=Value("pending"),
                output_field=CharField(),
            )
        )
        .values("agency_id", "kind", "col")
        .annotate(n=Count("id"))
        .order_by()
    )


QUERIES = {
    "rules": _rules_query,
    "decisions": _decisions_query,
    "fees": _fees_query,
    "procurement": _procurement_query,
    "applications": _applications_query,
    "appeals": _appeals_query,
}
#: The columns each query's rows are read as (by name, whatever order the SQL selects them in).
FIELDS: dict[str, tuple[str, ...]] = {
    "rules": ("agency_id", "kind", "issued", "repealed", "in_force"),
    "decisions": ("agency_id", "kind", "decisions", "projects", "previous"),
    "fees": ("agency_id", "items", "previous", "amount"),
    "procurement": ("agency_id", "count", "amount"),
    "applications": ("agency_id", "applicant_category", "result", "new", "carried_over", "forward"),
    "appeals": ("agency_id", "kind", "col", "n"),
}

Rows = dict[str, list[tuple[Any, ...]]]


@functools.cache
def _layout(template_id: str) -> dict[str, Any]:
    """Key tables of one template, built once: every cell at zero in printed order, the keys of each applicant
    column, the key of each (outcome, column) and (appeal block, column), and the keys each total sums."""
    spec = get_template(template_id)
    table = spec.applications
    cols = [c.key for c in table.columns if c.key != "total"]

    def k(row: str, col: str) -> str:
        return f"applications.{row}.{col}"

    zero = {c.key: (Decimal(0) if c.kind == "amount" else 0) for c in spec.cells}
    return {
        "zero": zero,
        "flows": {c: (k("new", c), k("carried_over", c), k("carried_forward", c)) for c in cols},
        "result": {(o.value, c): k(outcome_row(o, template_id), c) for o in Outcome for c in cols},
        "appeal": {
            (b.key, c.key): (f"appeals.{b.key}.{c.key}", f"appeals.{b.key}.total")
            for b in spec.appeals.blocks
            for c in spec.appeals.columns
            if c.key != "total"
        },
        "results": [(k("results_total", c), [k(r, c) for r in table.result_rows]) for c in cols],
        "row_totals": [(k(r.key, "total"), [k(r.key, c) for c in cols]) for r in table.rows],
    }


def _cells_from_rows(template: Template, rows: Rows) -> dict[str, int | Decimal]:
    """Every cell of one agency from its grouped rows: part 二 as ``registers.selectors.proactive_cells``
    defines it, parts 三 and 四 as ``applications.selectors.part3``/``part4`` (tests hold them equal)."""
    lay = _layout(template.id)
    cells: dict[str, int | Decimal] = dict(lay["zero"])
    rules = {r[1]: r for r in rows["rules"]}
    for kind, row in RULE_ROWS.items():
        _, _, issued, repealed, in_force = rules.get(kind, (0, kind, 0, 0, 0))
        if template.id == "2019":
            cells[f"proactive.{row}.made"] = issued
            cells[f"proactive.{row}.published"] = issued
            cells[f"proactive.{row}.total_published"] = in_force
        else:
            cells[f"proactive.{row}.issued"] = issued
            cells[f"proactive.{row}.repealed"] = repealed
            cells[f"proactive.{row}.in_force"] = in_force
    decisions = {d[1]: d for d in rows["decisions"]}
    for kind in ("licensing", "other_services", "penalty", "enforcement"):
        _, _, count, projects, previous = decisions.get(kind, (0, kind, 0, 0, 0))
        if template.id == "2019":
            cells[f"proactive.{kind}.previous"] = previous
            cells[f"proactive.{kind}.change"] = projects - previous
            cells[f"proactive.{kind}.decisions"] = count
        elif kind != "other_services":
            cells[f"proactive.{kind}.decisions"] = count
    _, items, previous, amount = rows["fees"][0] if rows["fees"] else (0, 0, 0, None)
    if template.id == "2019":
        cells["proactive.fees.previous"] = previous
        cells["proactive.fees.change"] = items - previous
    else:
        cells["proactive.fees.amount"] = _decimal(amount).normalize()
    if template.id == "2019":
        _, count, amount = rows["procurement"][0] if rows["procurement"] else (0, 0, None)
        cells["proactive.procurement.count"] = count
        cells["proactive.procurement.amount"] = _decimal(amount).normalize()

    flows, result = lay["flows"], lay["result"]
    for _, col, outcome, new, over, forward in rows["applications"]:
        keys = flows.get(col)
        if keys is None:
            continue
        cells[keys[0]] += new
        cells[keys[1]] += over
        cells[keys[2]] += forward
        if outcome:
            cells[result[(outcome, col)]] += new + over - forward
    get = cells.__getitem__
    for total, parts in lay["results"]:
        cells[total] = sum(map(get, parts))
    for total, parts in lay["row_totals"]:
        cells[total] = sum(map(get, parts))
    appeal = lay["appeal"]
    for _, kind, col, n in rows["appeals"]:
        pair = appeal.get((kind, col))
        if pair is not None:
            cells[pair[0]] += n
            cells[pair[1]] += n
    return cells


def compute_cells(*, agency: Agency, year: int, template: Template | None = None) -> dict[str, int | Decimal]:
    """Every cell of the template covering ``year``, from six GROUP BYs: one per register for part 二 (as
    ``registers.selectors.proactive_cells`` defines them), one over applications for part 三 (applicant
    category × outcome if closed in the year, with new, carried over and carried forward counts, as
    ``applications.selectors.part3``), one over appeals for part 四. Totals are sums of the grouped rows;
    no loop runs over records. The SQL is compiled once per process."""
    spec = template or template_for_year(year)
    rows = {name: _rows(name, build, agency_ids=[agency.pk], year=year) for name, build in QUERIES.items()}
    return _cells_from_rows(spec, rows)


def compute_cells_many(*, agencies: list[Agency] | None, year: int) -> dict[int, dict[str, int | Decimal]]:
    """``compute_cells`` for several agencies at once, or for every agency (``None``): agency id -> cells. The
    same six GROUP BYs, each run once for all of them, grouped by agency."""
    spec = template_for_year(year)
    ids = list(Agency.objects.values_list("id", flat=True)) if agencies is None else [a.pk for a in agencies]
    per: dict[int, Rows] = {i: {name: [] for name in QUERIES} for i in ids}
    wanted = None if agencies is None else ids
    for name, build in QUERIES.items():
        for row in _rows(name, build, agency_ids=wanted, year=year):
            if row[0] in per:
                per[row[0]][name].append(row)
    return {i: _cells_from_rows(spec, rows) for i, rows in per.items()}


def proactive_cells_fast(*, agency: Agency, year: int, template: Template) -> dict[str, int | Decimal]:
    """Part 二 of ``compute_cells`` alone (for comparing with the registers' selector)."""
    return {
        k: v
        for k, v in compute_cells(agency=agency, year=year, template=template).items()
        if k.startswith("proactive.")
    }


def year_facts(*, agency: Agency, year: int) -> dict[str, Any]:
    """The year's figures the prose is pre-filled from: items published by category (annual reports themselves
    excluded; one GROUP BY), and the applications that paid an information-processing fee in the year with
    the total charged (元, from their fee notices)."""
    items = (
        Item.objects.filter(agency=agency, status=ItemStatus.PUBLISHED, published_at__year=year)
        .exclude(category__code=ANNUAL_REPORT_CODE)
        .values("category__name", "category__position")
        .annotate(n=Count("id"))
        .order_by("category__position", "category__name")
    )
    by_category = [[r["category__name"], r["n"]] for r in items]
    paid = CaseEvent.objects.filter(application__agency=agency, event=Event.RECEIVE_PAYMENT, at__year=year)
    # Only the fee notices of applications that paid this year (few): the quote is derived from its units.
    notices = CaseEvent.objects.filter(
        event=Event.ISSUE_FEE_NOTICE, application__in=paid.values("application")
    ).values_list("data", flat=True)
    quotes = (IssueFeeNotice.from_json(d).fee for d in notices)
    amount = sum(q.total for q in quotes if q is not None)
    return {
        "items_total": sum(n for _, n in by_category),
        "items_by_category": by_category,
        "fees_paid": paid.values("application").distinct().count(),
        "fees_amount": amount,
    }


def prefill_prose(*, agency: Agency, year: int, cells: dict[str, Any], facts: dict[str, Any]) -> Prose:
    """Part 一 (and a plain part 六) written from the year's figures, for the officer to edit."""
    lines = []
    if facts["items_total"]:
        parts = "、".join(f"{name}类{n}条" for name, n in facts["items_by_category"])
        lines.append(
            f"{year}年度，{agency.name}通过政府门户网站累计主动公开信息共{facts['items_total']}条，其中{parts}。"
        )
    else:
        lines.append(f"{year}年度，{agency.name}通过政府门户网站主动公开政府信息。")
    new = int(cells.get("applications.new.total", 0))
    over = int(cells.get("applications.carried_over.total", 0))
    done = int(cells.get("applications.results_total.total", 0))
    forward = int(cells.get("applications.carried_forward.total", 0))
    if new or over:
        lines.append(
            f"本年度新收政府信息公开申请{new}件，上年结转{over}件，办结{done}件，结转下年度继续办理{forward}件。"
        )
    else:
        lines.append("本年度未收到政府信息公开申请。")
    if facts["fees_paid"]:
        lines.append(
            f"本年度依法收取信息处理费的申请{facts['fees_paid']}件，共计{facts.get('fees_amount', 0)}元。"
        )
    else:
        lines.append("本年度未收取信息处理费。")
    recon = int(cells.get("appeals.reconsideration.total", 0))
    lit = int(cells.get("appeals.litigation_direct.total", 0)) + int(
        cells.get("appeals.litigation_after_review.total", 0)
    )
    if recon or lit:
        lines.append(f"因政府信息公开工作被申请行政复议{recon}件、提起行政诉讼{lit}件。")
    else:
        lines.append("本年度未发生政府信息公开行政复议和行政诉讼。")
    return Prose(overview="\n".join(lines), other="无其他需要报告的事项。")


def report_title(agency: Agency, year: int) -> str:
    return f"{agency.name}{year}年政府信息公开工作年度报告"


def compute_report(agency: Agency, year: int) -> Report:
    """The report of ``agency`` on ``year`` computed from the records, on the template covering the year,
    with the prose of part 一 pre-filled from the year's figures."""
    spec = template_for_year(year)
    cells = compute_cells(agency=agency, year=year, template=spec)
    facts = year_facts(agency=agency, year=year)
    return Report(
        agency=agency.name,
        year=year,
        template=spec.id,
        title=report_title(agency, year),
        prose=prefill_prose(agency=agency, year=year, cells=cells, facts=facts),
        cells=cells,
        source=f"gongkai:{agency.code}/{year}",
    )


# --- drill-down: the records behind a figure -----------------------------------------------------------


def _rule_records(agency: Agency, year: int, row: str, col: str) -> QuerySet[Any]:
    kind = {v: k for k, v in RULE_ROWS.items()}[row]
    start, end = date(year, 1, 1), date(year, 12, 31)
    qs = Rule.objects.filter(agency=agency, kind=kind)
    if col in ("made", "published", "issued"):
        return qs.filter(issued_on__range=(start, end))
    if col == "repealed":
        return qs.filter(repealed_on__range=(start, end))
    return qs.filter(issued_on__lte=end).filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=end))


def _proactive_records(agency: Agency, year: int, row: str, col: str) -> QuerySet[Any]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    prev = (date(year - 1, 1, 1), date(year - 1, 12, 31))
    if row in RULE_ROWS.values():
        return _rule_records(agency, year, row, col)
    if row == "fees":
        years = {"previous": (year - 1,), "change": (year - 1, year), "amount": (year,)}[col]
        return Fee.objects.filter(agency=agency, year__in=years)
    if row == "procurement":
        return Procurement.objects.filter(agency=agency, contracted_on__range=(start, end))
    qs = Decision.objects.filter(agency=agency, kind=row)
    if col == "decisions":
        return qs.filter(decided_on__range=(start, end))
    if col == "previous":
        return qs.filter(decided_on__range=prev)
    return qs.filter(decided_on__range=(prev[0], end))


def outcomes_in_row(row: str, template_id: str) -> list[str]:
    """The outcomes counted in result row ``row`` of the template."""
    return [o.value for o in Outcome if outcome_row(o, template_id) == row]


def _application_records(agency: Agency, year: int, template_id: str, row: str, col: str) -> QuerySet[Any]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    qs = Application.objects.filter(agency=agency, received_on__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )
    if col != "total":
        qs = qs.filter(applicant_category=col)
    if row == "new":
        return qs.filter(received_on__gte=start)
    if row == "carried_over":
        return qs.filter(received_on__lt=start)
    if row == "carried_forward":
        return qs.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    closed = qs.filter(closed_on__lte=end)
    if row == "results_total":
        rows = get_template(template_id).applications.result_rows
        return closed.filter(outcome__in=[o for r in rows for o in outcomes_in_row(r, template_id)])
    return closed.filter(outcome__in=outcomes_in_row(row, template_id))


def _appeal_records(agency: Agency, year: int, block: str, col: str) -> QuerySet[Any]:
    end = date(year, 12, 31)
    qs = Appeal.objects.filter(agency=agency, kind=block, filed_on__year=year)
    if col == "total":
        return qs
    if col == "pending":
        return qs.filter(Q(decided_on__isnull=True) | Q(decided_on__gt=end))
    return qs.filter(result=col, decided_on__isnull=False, decided_on__lte=end)


def records_for_cell(*, report: AnnualReport, key: str) -> QuerySet[Any]:
    """The records a cell of ``report`` counts (for a generated report; 404 for keys the template lacks)."""
    spec = get_template(report.template)
    if key not in spec.cell_index:
        raise Http404
    table, rest = key.split(".", 1)
    row, col = rest.rsplit(".", 1)
    if table == "proactive":
        return _proactive_records(report.agency, report.year, row, col)
    if table == "applications":
        return _application_records(report.agency, report.year, spec.id, row, col)
    return _appeal_records(report.agency, report.year, row, col)


# --- lists and look-ups -----------------------------------------------------------------------------------


def agency_get_for_user(*, user: Any, code: str) -> Agency:
    return get_scoped_or_404(Agency.objects.all(), user, field="id", code=code)


def report_list_for_user(*, user: Any, agency: Agency) -> QuerySet[AnnualReport]:
    return scope(AnnualReport.objects.filter(agency=agency), user).select_related(
        "agency", "author", "approver"
    )


def report_get_for_user(*, user: Any, pk: int) -> AnnualReport:
    """A report inside the user's scope (own agency, or a subordinate for a superior office), or 404."""
    return get_scoped_or_404(
        AnnualReport.objects.select_related("agency", "author", "approver", "supersedes"), user, pk=pk
    )


def reports_received_by(*, user: Any, agency: Agency) -> QuerySet[AnnualReport]:
    """Reports submitted to ``agency`` by the offices below it."""
    return scope(AnnualReport.objects.filter(submitted_to=agency), user, field="submitted_to").select_related(
        "agency"
    )


def report_current(*, agency: Agency, year: int) -> AnnualReport | None:
    """The latest version of the agency's report on ``year`` that is not superseded (any state)."""
    return (
        AnnualReport.objects.filter(agency=agency, year=year)
        .exclude(state=State.SUPERSEDED)
        .order_by("-version")
        .first()
    )


def report_previous_year(*, agency: Agency, year: int) -> AnnualReport | None:
    """Last year's report to compare with: published, else imported (the latest version)."""
    qs = AnnualReport.objects.filter(
        agency=agency, year=year - 1, state__in=(State.PUBLISHED, State.IMPORTED)
    )
    return qs.order_by(
        # A published report beats an imported one; then the newest version.
        "-state",
        "-version",
    ).first()


def reports_public(*, agency: Agency) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(agency=agency, state__in=PUBLIC_STATES).order_by("-year", "-version")


def report_public_get(*, pk: int) -> AnnualReport:
    try:
        return AnnualReport.objects.select_related("agency").get(pk=pk, state__in=PUBLIC_STATES)
    except AnnualReport.DoesNotExist as exc:
        raise Http404 from exc


def reports_for_charts(*, report: AnnualReport, years: int = 5) -> list[tuple[int, dict[str, Any]]]:
    """(year, cells) of this report and the agency's earlier published/imported reports, oldest first."""
    rows = (
        AnnualReport.objects.filter(
            agency=report.agency,
            year__lt=report.year,
            year__gte=report.year - years + 1,
            state__in=(State.PUBLISHED, State.IMPORTED),
        )
        .order_by("year", "-state", "-version")
        .values_list("year", "cells")
    )
    by_year: dict[int, dict[str, Any]] = {}
    for year, cells in rows:
        by_year.setdefault(year, cells)
    by_year[report.year] = report.cells
    return sorted(by_year.items())
