"""Reads of annual reports: every cell of a year computed in the database, the prose pre-filled from the year's
figures, the records behind each figure (drill-down), and scoped lists for staff and the public."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language, gettext

from gongkai.checks import RULES, cell_label
from gongkai.compare import Comparison, compare
from gongkai.findings import Finding
from gongkai.model import Prose, Report
from gongkai.templates import Template, get_template, template_for_year
from gongkai.workflow import Event, IssueFeeNotice
from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.scoping import get_scoped_or_404, scope
from gongkai_web.annual_reports.models import (
    AnnualReport,
    FindingDecision,
    ReportReturn,
    State,
    Verdict,
    finding_key,
    fingerprint,
)
from gongkai_web.annual_reports.workflow import APPROVE, RECORD, REPORT_MACHINE
from gongkai_web.applications.figures import APPEALS, APPLICATIONS
from gongkai_web.applications.models import CaseEvent
from gongkai_web.catalogue.categories import ANNUAL_REPORT_CODE
from gongkai_web.catalogue.models import Item
from gongkai_web.catalogue.models import Status as ItemStatus
from gongkai_web.common.figures import CellValue
from gongkai_web.common.permissions import Actor
from gongkai_web.registers.figures import PROACTIVE

# --- the cells ---------------------------------------------------------------------------------------

#: Every figure of the report: part 二 from the registers, parts 三 and 四 from the applications and appeals,
#: each defined once by the app that owns the records.
REPORT_FIGURES = PROACTIVE + APPLICATIONS + APPEALS


def compute_cells(*, agency: Agency, year: int, template: Template | None = None) -> dict[str, CellValue]:
    """Every cell of the template covering ``year`` (or of ``template``), from six GROUP BYs (one per
    register for part 二, one over applications for part 三, one over appeals for part 四: see
    :data:`REPORT_FIGURES`). Totals are sums of cells; no loop runs over records."""
    spec = template or template_for_year(year)
    return REPORT_FIGURES.compute(agency_ids=[agency.pk], year=year, template=spec)[None]


def compute_cells_many(*, agencies: list[Agency] | None, year: int) -> dict[int, dict[str, CellValue]]:
    """``compute_cells`` for several agencies at once, or for every agency (``None``): agency id -> cells. The
    same six GROUP BYs, each run once for all of them, grouped by agency."""
    spec = template_for_year(year)
    ids = list(Agency.objects.values_list("id", flat=True)) if agencies is None else [a.pk for a in agencies]
    found = REPORT_FIGURES.compute(
        agency_ids=None if agencies is None else ids, year=year, template=spec, by_agency=True
    )
    zero = REPORT_FIGURES.zero(spec)
    return {i: found[i] if i in found else dict(zero) for i in ids}


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


def records_for_cell(*, report: AnnualReport, key: str) -> QuerySet[Any]:
    """The records a cell of a generated ``report`` counts (404 for a key its template lacks)."""
    spec = get_template(report.template)
    if key not in spec.cell_index:
        raise Http404
    return REPORT_FIGURES.records(key=key, agency_id=report.agency_id, year=report.year, template=spec)


# --- lists and look-ups -----------------------------------------------------------------------------------


def report_list_for_user(*, user: Actor, agency: Agency) -> QuerySet[AnnualReport]:
    return scope(AnnualReport.objects.filter(agency=agency), user).select_related(
        "agency", "author", "approver"
    )


def report_get_for_user(*, user: Actor, pk: int) -> AnnualReport:
    """A report inside the user's scope (own agency, or a subordinate for a superior office), or 404."""
    return get_scoped_or_404(
        AnnualReport.objects.select_related("agency", "author", "approver", "supersedes"), user, pk=pk
    )


def reports_received_by(*, user: Actor, agency: Agency) -> QuerySet[AnnualReport]:
    """Reports submitted to ``agency`` by the offices below it."""
    return scope(AnnualReport.objects.filter(submitted_to=agency), user, field="submitted_to").select_related(
        "agency"
    )


def reports_to_approve_by(*, user: Actor) -> list[AnnualReport]:
    """Checked reports and imports awaiting approval that ``user`` may approve (never one they wrote)."""
    waiting = scope(
        AnnualReport.objects.filter(state__in=(State.CHECKED, State.IMPORTED)), user
    ).select_related("agency")
    return [
        r
        for r in waiting.order_by("agency__code", "year", "version")[:100]
        if any(m.action in (APPROVE, RECORD) for m in REPORT_MACHINE.available(r, user))
    ]


def reports_of_record(*, agency_ids: list[int], year: int) -> dict[int, AnnualReport]:
    """The report that counts on ``year`` for each agency that has one: published, else an approved import
    (the newest version); kept while a correction is in progress, since a draft never counts."""
    found: dict[int, AnnualReport] = {}
    for report in AnnualReport.objects.filter(agency_id__in=agency_ids, year=year).counted().by_precedence():
        found.setdefault(report.agency_id, report)
    return found


def report_of_record(*, agency: Agency, year: int) -> AnnualReport | None:
    """The agency's report that counts on ``year`` (see :func:`reports_of_record`), or None."""
    return reports_of_record(agency_ids=[agency.pk], year=year).get(agency.pk)


def report_previous_year(*, agency: Agency, year: int) -> AnnualReport | None:
    """Last year's report to compare with: the one of record (published, else an approved import)."""
    return report_of_record(agency=agency, year=year - 1)


def reports_public(*, agency: Agency) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(agency=agency).public().order_by("-year", "-version")


def report_public_get(*, pk: int) -> AnnualReport:
    try:
        return AnnualReport.objects.public().select_related("agency").get(pk=pk)
    except AnnualReport.DoesNotExist as exc:
        raise Http404 from exc


def reports_for_charts(*, report: AnnualReport, years: int = 5) -> list[tuple[int, dict[str, Any]]]:
    """(year, cells) of this report and the agency's reports of record on the years before, oldest first."""
    rows = (
        AnnualReport.objects.filter(
            agency=report.agency, year__lt=report.year, year__gte=report.year - years + 1
        )
        .counted()
        .by_precedence()
        .values_list("year", "cells")
    )
    by_year: dict[int, dict[str, Any]] = {}
    for year, cells in rows:
        by_year.setdefault(year, cells)
    by_year[report.year] = report.cells
    return sorted(by_year.items())


# --- the review of findings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgedCell:
    """A cell a finding names, with its printed label, its value in the report and, for a rule across years,
    in last year's report (the cells on each side of the rule)."""

    key: str
    label: str
    value: Any
    previous: Any = None


@dataclass(frozen=True)
class ReviewedFinding:
    """A finding of a report with the decision that applies to it (its cells unchanged since), or the one that
    lapsed (a judged cell changed since: the finding is open again)."""

    finding: Finding
    cells: str
    rule_title: str
    rule_text: str
    across_years: bool
    judged_cells: list[JudgedCell]
    judged: dict[str, Any]
    fingerprint: str
    decision: FindingDecision | None = None
    lapsed: FindingDecision | None = None

    @property
    def status(self) -> str:
        """``open``, ``confirmed`` or ``dismissed`` (a lapsed decision leaves the finding open)."""
        return self.decision.verdict if self.decision is not None else "open"

    @property
    def changed(self) -> list[tuple[str, Any, Any]]:
        """For a lapsed decision: (what, value judged, value now) of every judged value that changed; what is a
        cell key (``key (-1)`` for its value last year), ``expected`` or ``found``."""
        if self.lapsed is None:
            return []
        return _differences(self.lapsed.judged, self.judged)

    @property
    def changed_shown(self) -> list[tuple[str, Any, Any]]:
        """:attr:`changed` with each cell named by its printed label (for the page)."""
        labels = {c.key: c.label for c in self.judged_cells}
        words = {"expected": gettext("expected value"), "found": gettext("found value")}
        out: list[tuple[str, Any, Any]] = []
        for what, old, new in self.changed:
            key, last_year = what.removesuffix(" (-1)"), what.endswith(" (-1)")
            label = words.get(what) or labels.get(key, key)
            if last_year:
                label = gettext("%(cell)s last year") % {"cell": label}
            out.append((label, old, new))
        return out


@dataclass(frozen=True)
class ReviewCounts:
    """A report's findings by where their review stands (the board's columns)."""

    open: int = 0
    confirmed: int = 0
    dismissed: int = 0

    @classmethod
    def of(cls, reviewed: list[ReviewedFinding]) -> ReviewCounts:
        """The counts of one report's reviewed findings (for its page; the board counts in the database)."""
        statuses = [r.status for r in reviewed]
        return cls(statuses.count("open"), statuses.count("confirmed"), statuses.count("dismissed"))


def _plain(value: Any) -> Any:
    """A value as stored in JSON and compared: ints and None stay, everything else (Decimal) is a string."""
    return value if value is None or isinstance(value, int) else str(value)


def _differences(before: dict[str, Any], now: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    out: list[tuple[str, Any, Any]] = []
    for side in ("cells", "previous"):
        old, new = before.get(side) or {}, now.get(side) or {}
        for key in sorted(set(old) | set(new)):
            if old.get(key) != new.get(key):
                out.append((key if side == "cells" else f"{key} (-1)", old.get(key), new.get(key)))
    for what in ("expected", "found"):
        if before.get(what) != now.get(what):
            out.append((what, before.get(what), now.get(what)))
    return out


def across_years(rule: str) -> bool:
    """Whether ``rule`` compares a report with last year's (its cells are judged in both years)."""
    found = RULES.get(rule)
    return found is not None and found.scope == "pair"


def judged_values(
    finding: Finding, *, cells: dict[str, Any], previous: dict[str, Any] | None
) -> dict[str, Any]:
    """What a decision about ``finding`` judges: the values of its cells in the report (``cells``) and, for a
    rule across years, in last year's report (``previous``), with the rule's expected and found values."""
    judged: dict[str, Any] = {
        "cells": {k: _plain(cells.get(k)) for k in finding.cells},
        "expected": _plain(finding.expected),
        "found": _plain(finding.found),
    }
    if across_years(finding.rule):
        judged["previous"] = {k: _plain((previous or {}).get(k)) for k in finding.cells}
    return judged


def _judged_print(
    report: AnnualReport, finding: Finding, cells: str, previous: dict[str, Any] | None
) -> tuple[dict[str, Any], str]:
    """What a decision about ``finding`` of ``report`` judges now (last year's cells ``previous``), and its
    fingerprint: a decision applies while its fingerprint is this one."""
    judged = judged_values(finding, cells=report.cells, previous=previous)
    fp = fingerprint(
        agency_id=report.agency_id, year=report.year, rule=finding.rule, cells=cells, judged=judged
    )
    return judged, fp


def _distinct(findings: list[Finding]) -> list[tuple[Finding, str]]:
    """Each finding once per (rule, cells) key: one decision covers them."""
    seen: set[tuple[str, str]] = set()
    out: list[tuple[Finding, str]] = []
    for f in findings:
        key = (f.rule, finding_key(f))
        if key not in seen:
            seen.add(key)
            out.append((f, key[1]))
    return out


def _rule_text(rule: str) -> tuple[str, str]:
    """The rule's short name (Chinese, or the first line of its statement in English) and its statement."""
    found = RULES.get(rule)
    if found is None:
        return rule, ""
    title = found.title_zh if get_language() != "en" else found.doc.splitlines()[0]
    return title, found.doc


def reviewed_findings(report: AnnualReport) -> list[ReviewedFinding]:
    """The report's findings (of its last check, or of the import), each with its review: the decision of its
    agency and year that applies (the judged values unchanged), or the one that lapsed."""
    distinct = _distinct(report.finding_objects())
    if not distinct:
        return []
    previous = None
    if any(across_years(f.rule) for f, _ in distinct):
        previous = report_previous_year(agency=report.agency, year=report.year)
    decisions = {
        (d.rule, d.cells): d
        for d in FindingDecision.objects.filter(agency_id=report.agency_id, year=report.year).select_related(
            "decided_by"
        )
    }
    spec = get_template(report.template)
    lang = "en" if get_language() == "en" else "zh"
    out: list[ReviewedFinding] = []
    for finding, cells in distinct:
        judged, fp = _judged_print(report, finding, cells, previous.cells if previous is not None else None)
        pair = across_years(finding.rule)
        shown = [
            JudgedCell(
                key,
                cell_label(spec, key, lang),
                report.cells.get(key),
                previous.cells.get(key) if pair and previous is not None else None,
            )
            for key in finding.cells
        ]
        decision = decisions.get((finding.rule, cells))
        applies = decision is not None and decision.fingerprint == fp
        title, text = _rule_text(finding.rule)
        out.append(
            ReviewedFinding(
                finding,
                cells,
                title,
                text,
                pair,
                shown,
                judged,
                fp,
                decision=decision if applies else None,
                lapsed=decision if decision is not None and not applies else None,
            )
        )
    return out


def decisions_resolved(report: AnnualReport, reviewed: list[ReviewedFinding]) -> list[FindingDecision]:
    """The decisions of the agency's year about findings ``report`` no longer has (corrected since, or found
    only by another version): listed on the review page, counted nowhere."""
    present = {(r.finding.rule, r.cells) for r in reviewed}
    found = FindingDecision.objects.filter(agency_id=report.agency_id, year=report.year).select_related(
        "report", "decided_by"
    )
    return [d for d in found if (d.rule, d.cells) not in present]


def review_counts(reports: list[AnnualReport]) -> dict[int, ReviewCounts]:
    """Open, confirmed and dismissed findings of each report (reports of different agencies, one year each),
    by report id: the decisions that apply are counted in the database, with one GROUP BY over the
    fingerprints of the reports' findings now."""
    if not reports:
        return {}
    need_previous = {r.agency_id for r in reports for f in r.finding_objects() if across_years(f.rule)}
    previous: dict[tuple[int, int], AnnualReport] = {}
    for year in {r.year for r in reports if r.agency_id in need_previous}:
        ids = [r.agency_id for r in reports if r.year == year and r.agency_id in need_previous]
        for agency_id, found in reports_of_record(agency_ids=ids, year=year - 1).items():
            previous[(agency_id, year)] = found
    prints: dict[int, list[str]] = {}
    for report in reports:
        before = previous.get((report.agency_id, report.year))
        last_year = before.cells if before is not None else None
        prints[report.pk] = [
            _judged_print(report, f, cells, last_year)[1] for f, cells in _distinct(report.finding_objects())
        ]
    every = [fp for fps in prints.values() for fp in fps]
    decided = {
        (row["agency_id"], row["year"]): row
        for row in FindingDecision.objects.filter(
            agency_id__in={r.agency_id for r in reports}, fingerprint__in=every
        )
        .values("agency_id", "year")
        .annotate(
            confirmed=Count("id", filter=Q(verdict=Verdict.CONFIRMED)),
            dismissed=Count("id", filter=Q(verdict=Verdict.DISMISSED)),
        )
        .order_by()
    }
    out: dict[int, ReviewCounts] = {}
    for report in reports:
        row = decided.get((report.agency_id, report.year), {"confirmed": 0, "dismissed": 0})
        total = len(prints[report.pk])
        out[report.pk] = ReviewCounts(
            total - row["confirmed"] - row["dismissed"], row["confirmed"], row["dismissed"]
        )
    return out


def returns_of(*, report: AnnualReport) -> QuerySet[ReportReturn]:
    """The returns of any version of the agency's report on the report's year, newest first."""
    return ReportReturn.objects.filter(agency_id=report.agency_id, report__year=report.year).select_related(
        "report", "returned_by", "answered_by"
    )


def open_returns_of(*, report: AnnualReport) -> QuerySet[ReportReturn]:
    """The returns of the agency's year still to answer (shown on the report page)."""
    return (
        ReportReturn.objects.open()
        .filter(agency_id=report.agency_id, report__year=report.year)
        .select_related("report")
    )


def open_returns_of_agency(*, user: Actor, agency: Agency) -> QuerySet[ReportReturn]:
    """The agency's returns still to answer (for its list of reports)."""
    return scope(ReportReturn.objects.open().filter(agency=agency), user).select_related("report")


def returns_open_by_agency(*, agency_ids: list[int], year: int) -> set[int]:
    """The agencies among ``agency_ids`` with a return on ``year`` still to answer (the board marks them)."""
    return set(
        ReportReturn.objects.open()
        .filter(agency_id__in=agency_ids, report__year=year)
        .values_list("agency_id", flat=True)
    )


def return_get_for_user(*, user: Actor, pk: int) -> ReportReturn:
    """A return inside the user's scope, or 404."""
    return get_scoped_or_404(ReportReturn.objects.select_related("report", "agency"), user, pk=pk)


# --- year-on-year comparison -------------------------------------------------------------------------


@dataclass(frozen=True)
class YearPair:
    """An agency's reports on ``year`` and on the year before, the core's comparison of the two (when both
    exist), and which one is missing."""

    agency: Agency
    year: int
    previous: AnnualReport | None
    current: AnnualReport | None
    comparison: Comparison | None


def report_for_comparison(*, agency: Agency, year: int) -> AnnualReport | None:
    """The report of ``year`` to compare: the one of record, else the newest version (a draft being written
    is compared with last year before it is published)."""
    found = report_of_record(agency=agency, year=year)
    if found is not None:
        return found
    return AnnualReport.objects.filter(agency=agency, year=year).order_by("-version").first()


def year_pair(*, agency: Agency, year: int) -> YearPair:
    """``year``'s report of ``agency`` beside last year's of record, compared by :func:`gongkai.compare.compare`
    (the one comparison: cells paired by the template correspondence, prose diffed, cross-year checks)."""
    current = report_for_comparison(agency=agency, year=year)
    previous = report_previous_year(agency=agency, year=year)
    comparison = None
    if current is not None and previous is not None:
        comparison = compare(previous.to_report(), current.to_report())
    return YearPair(agency, year, previous, current, comparison)
