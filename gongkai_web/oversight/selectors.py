"""Reads for the superior office: the collection board of its departments' reports and their roll-up.

Reports are few (one per department and year), so the board is a few queries. What a department has
submitted is its report of record on the year (published, else an earlier report imported as history and
approved by a leader: :data:`~gongkai_web.annual_reports.models.COUNTED_STATES`), kept while a correction is
in progress; the roll-up sums those reports' cells with the core's :func:`gongkai.aggregate.rollup`, the one
definition of a roll-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from gongkai.aggregate import check_rollup, rollup
from gongkai.checks import check_report
from gongkai.errors import GongkaiError
from gongkai.findings import Finding
from gongkai.indicators import INDICATORS, Indicator, IndicatorValue, evaluate
from gongkai.model import Report
from gongkai_web.agencies.models import Agency, Role
from gongkai_web.agencies.permissions import has_role
from gongkai_web.agencies.scoping import (
    agency_descendant_ids,
    get_scoped_or_404,
    user_memberships,
    visible_agency_ids,
)
from gongkai_web.annual_reports.models import IN_PROGRESS_STATES, AnnualReport
from gongkai_web.annual_reports.selectors import (
    ReviewCounts,
    reports_of_record,
    returns_open_by_agency,
    review_counts,
)
from gongkai_web.annual_reports.services import report_deadline
from gongkai_web.applications.calendar import calendar_current
from gongkai_web.applications.models import (
    ANSWERED_LATE,
    ANSWERED_ON_TIME,
    ANSWERED_WITH_DUE_DATE,
    Application,
)
from gongkai_web.applications.privacy import mask_name
from gongkai_web.applications.selectors import DUE_SOON_WORKING_DAYS
from gongkai_web.common.permissions import Actor
from gongkai_web.oversight.models import SupervisionNotice

may_oversee = has_role(Role.SUPERIOR, Role.ADMIN)


@dataclass(frozen=True)
class BoardRow:
    """One department on the board: its report of record on the year (if any), the version in progress (a
    draft or a correction not yet published, if any), and where it stands."""

    agency: Agency
    report: AnnualReport | None
    deadline: date
    status: str  # one of STATUSES
    errors: int
    warnings: int
    in_progress: AnnualReport | None = None
    #: Its findings' review: open, confirmed, dismissed (of the report shown: of record, else in progress).
    review: ReviewCounts = field(default_factory=ReviewCounts)
    #: The superior office returned its report and awaits a corrected version.
    returned: bool = False

    @property
    def status_label(self) -> StrOrPromise:
        """Where it stands, in words (:data:`STATUS_LABELS`)."""
        return STATUS_LABELS[self.status]


@dataclass
class Board:
    """The collection board of ``office`` for ``year``."""

    office: Agency
    year: int
    today: date
    rows: list[BoardRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def submitted(self) -> list[AnnualReport]:
        """The departments' reports of record, in board order (what the roll-up sums)."""
        return [r.report for r in self.rows if r.report is not None]


#: Where a department stands. ``on_time``/``late``: published by / after the deadline; ``on_record``: an
#: earlier published report uploaded as history and approved (its publication date unknown);
#: ``in_progress``: a report exists but none counts yet; ``overdue``: none counts and the deadline has
#: passed; ``not_started``: no report yet and still time.
STATUSES = ("on_time", "late", "on_record", "in_progress", "overdue", "not_started")
ON_RECORD = ("on_time", "late", "on_record")
#: The standings that are late: published after the deadline, or still missing past it.
LATE = ("late", "overdue")
#: Each standing as the board and the hierarchy name it.
STATUS_LABELS: dict[str, StrOrPromise] = {
    "on_time": gettext_lazy("published on time"),
    "late": gettext_lazy("published late"),
    "on_record": gettext_lazy("on record (imported; publication date unknown)"),
    "in_progress": gettext_lazy("in progress"),
    "overdue": gettext_lazy("overdue"),
    "not_started": gettext_lazy("not started"),
}


def office_get_for_user(*, user: Actor, code: str) -> Agency:
    """The office ``code`` if the user may oversee it: 404 outside the user's agencies, 403 without the
    superior-office or administrator role there."""
    office = get_scoped_or_404(Agency.objects.all(), user, field="id", code=code)
    if not may_oversee(user, office):
        raise PermissionDenied
    return office


def agency_ids_overseen_by(*, user: Actor) -> set[int]:
    """Agencies with departments below them where ``user`` is the superior office or an administrator: the
    ones whose board the user may open."""
    if user is None or not user.is_authenticated:
        return set()
    held = user_memberships(user=user).filter(role__in=(Role.SUPERIOR, Role.ADMIN)).values("agency_id")
    return set(
        Agency.objects.filter(id__in=held, children__isnull=False).distinct().values_list("id", flat=True)
    )


def _status(report: AnnualReport | None, pending: AnnualReport | None, deadline: date, today: date) -> str:
    if report is not None:
        if report.published_at is None:
            return "on_record"  # an earlier report uploaded as history: when it was published is not known
        return "late" if timezone.localdate(report.published_at) > deadline else "on_time"
    if today > deadline:
        return "overdue"
    return "in_progress" if pending is not None else "not_started"


def board(*, office: Agency, year: int, today: date) -> Board:
    """Every department directly below ``office``, with its report of record on ``year`` and the version in
    progress, if any."""
    departments = list(Agency.objects.filter(parent=office).order_by("code"))
    ids = [a.pk for a in departments]
    of_record = reports_of_record(agency_ids=ids, year=year)
    pending: dict[int, AnnualReport] = {}
    for waiting in AnnualReport.objects.filter(
        agency_id__in=ids, year=year, state__in=IN_PROGRESS_STATES
    ).order_by("agency_id", "-version"):
        pending.setdefault(waiting.agency_id, waiting)
    result = Board(office=office, year=year, today=today)
    shown_reports = [r for r in (of_record.get(i) or pending.get(i) for i in ids) if r is not None]
    reviews = review_counts(shown_reports)
    returned = returns_open_by_agency(agency_ids=ids, year=year)
    for agency in departments:
        report, draft = of_record.get(agency.pk), pending.get(agency.pk)
        for version in (report, draft):
            if version is not None:
                version.agency = agency  # already loaded: spare one query per row
        deadline = report_deadline(agency, year)
        shown = report or draft
        errors, warnings = (len(shown.errors), len(shown.warnings)) if shown is not None else (0, 0)
        result.rows.append(
            BoardRow(
                agency,
                report,
                deadline,
                _status(report, draft, today=today, deadline=deadline),
                errors,
                warnings,
                in_progress=draft,
                review=reviews.get(shown.pk, ReviewCounts()) if shown is not None else ReviewCounts(),
                returned=agency.pk in returned,
            )
        )
    return result


@dataclass(frozen=True)
class Rollup:
    """The sum of the submitted reports, its findings, and why it could not be made (if it could not)."""

    report: Report | None
    findings: list[Finding]
    included: list[Agency]
    problem: GongkaiError | None = None


def board_rollup(current: Board, *, name: str) -> Rollup:
    """The roll-up of every report below the office on the board's year, named ``name``, checked like a report
    (the identities of parts 三 and 四 hold on a sum when they hold on every addend). It reaches every level
    (:func:`hierarchy`): a department's subordinates count with it, except below an office that reports a
    roll-up itself (``Agency.reports_rollup``), whose report stands for them."""
    root = hierarchy(office=current.office, year=current.year, today=current.today)
    pairs = [
        pair for child in root.children for pair in zip(child.contributors, child.contributed, strict=True)
    ]
    included = [agency for agency, _report in pairs]
    if not pairs:
        return Rollup(None, [], included)
    try:
        total = rollup([report for _agency, report in pairs], agency=name, year=current.year)
    except GongkaiError as exc:
        return Rollup(None, [], included, exc)
    return Rollup(total, check_report(total), included)


def submitted_reports(current: Board) -> list[Report]:
    """The submitted reports as core reports, in board order (for the researcher's cells CSV)."""
    return [r.to_report() for r in current.submitted]


# --- indicators of the departments --------------------------------------------------------------------

#: 按期办结率 from the case register: cases answered by their due date over every case answered (with a due
#: date) in the year. "Late" is the core's ``Case.answered_late``, as the model's :data:`ANSWERED_LATE`.
ON_TIME_RATE = Indicator(
    key="on_time_rate",
    kind="rate",
    label_zh="按期办结率",
    label_en="answered on time",
    numerator=("answered_on_time",),
    denominator=("answered",),
    note_zh="本年答复日不晚于答复期限的申请数 ÷ 本年答复且有答复期限的申请数（逾期：答复日晚于答复期限）",
    note_en="of the applications answered in the year with a due date, those answered by it",
)
#: What the indicators page shows per department: every report indicator, then the one from cases.
SITE_INDICATORS: dict[str, Indicator] = {**INDICATORS, ON_TIME_RATE.key: ON_TIME_RATE}
#: The indicator a ranking is by unless the user picks another.
DEFAULT_RANKING = "substantive_disclosure_rate"


def cases_answered(*, agency_ids: list[int], years: list[int]) -> dict[tuple[int, int], dict[str, int]]:
    """(agency id, year answered) → ``answered``, ``answered_on_time``, ``answered_late``: one GROUP BY over the
    cases answered in ``years`` with a due date (:data:`~gongkai_web.applications.models.ANSWERED_WITH_DUE_DATE`)."""
    if not agency_ids or not years:
        return {}
    rows = (
        Application.objects.filter(ANSWERED_WITH_DUE_DATE)
        .filter(
            agency_id__in=agency_ids,
            closed_on__gte=date(min(years), 1, 1),
            closed_on__lte=date(max(years), 12, 31),
        )
        .annotate(year=ExtractYear("closed_on"))
        .values("agency_id", "year")
        .annotate(
            answered=Count("id"),
            answered_on_time=Count("id", filter=ANSWERED_ON_TIME),
            answered_late=Count("id", filter=ANSWERED_LATE),
        )
        .order_by()
    )
    return {
        (r["agency_id"], r["year"]): {
            "answered": r["answered"],
            "answered_on_time": r["answered_on_time"],
            "answered_late": r["answered_late"],
        }
        for r in rows
    }


def _values(report: AnnualReport | None, cases: Mapping[str, int] | None) -> dict[str, IndicatorValue]:
    cells = report.cells if report is not None else {}
    values = {key: evaluate(indicator, cells) for key, indicator in INDICATORS.items()}
    # A department with no case answered in the year has 0 over 0: no rate, not a missing input.
    counts = cases or {"answered": 0, "answered_on_time": 0, "answered_late": 0}
    values[ON_TIME_RATE.key] = evaluate(ON_TIME_RATE, counts)
    return values


@dataclass(frozen=True)
class DepartmentIndicators:
    """One department's indicators on a year: from its report of record (none without one) and its cases."""

    agency: Agency
    report: AnnualReport | None
    values: dict[str, IndicatorValue]
    late: int
    rank: int | None = None


@dataclass(frozen=True)
class Trend:
    """One indicator over the years for every department: ``values[agency id]`` one value per year."""

    indicator: Indicator
    years: list[int]
    values: dict[int, list[IndicatorValue]]


@dataclass(frozen=True)
class IndicatorBoard:
    """The departments of ``office`` side by side on ``year``, ranked by ``ranking``, and their trends."""

    office: Agency
    year: int
    ranking: str
    rows: list[DepartmentIndicators]
    trends: list[Trend]


def _rank(rows: list[DepartmentIndicators], key: str) -> list[DepartmentIndicators]:
    """Best first (highest value; for a count, the largest); departments without a value last, unranked.
    Ties share a rank (competition ranking: 1, 1, 3)."""
    with_value = sorted(
        (r for r in rows if r.values[key].value is not None),
        key=lambda r: (-(r.values[key].value or 0), r.agency.code),
    )
    ranked: list[DepartmentIndicators] = []
    for position, row in enumerate(with_value, start=1):
        previous = ranked[-1] if ranked else None
        same = previous is not None and previous.values[key].value == row.values[key].value
        rank = previous.rank if same and previous is not None else position
        ranked.append(DepartmentIndicators(row.agency, row.report, row.values, row.late, rank))
    return ranked + sorted((r for r in rows if r.values[key].value is None), key=lambda r: r.agency.code)


#: The indicators drawn as trends over the years.
TREND_INDICATORS = ("new_applications", "substantive_disclosure_rate", "on_time_rate")


def indicator_board(
    *, office: Agency, year: int, ranking: str = DEFAULT_RANKING, span: int = 5
) -> IndicatorBoard:
    """The departments directly below ``office``: every indicator on ``year`` with a ranking by ``ranking``, and
    the trend indicators over ``span`` years to ``year``. One query per year for the reports of record and one
    GROUP BY for every year's cases."""
    if ranking not in SITE_INDICATORS:
        ranking = DEFAULT_RANKING
    departments = list(Agency.objects.filter(parent=office).order_by("code"))
    ids = [a.pk for a in departments]
    years = list(range(year - span + 1, year + 1))
    cases = cases_answered(agency_ids=ids, years=years)
    by_year = {y: reports_of_record(agency_ids=ids, year=y) for y in years}
    values = {
        (a.pk, y): _values(by_year[y].get(a.pk), cases.get((a.pk, y))) for a in departments for y in years
    }
    rows = [
        DepartmentIndicators(
            a,
            by_year[year].get(a.pk),
            values[(a.pk, year)],
            cases.get((a.pk, year), {}).get("answered_late", 0),
        )
        for a in departments
    ]
    trends = [
        Trend(
            SITE_INDICATORS[key], years, {a.pk: [values[(a.pk, y)][key] for y in years] for a in departments}
        )
        for key in TREND_INDICATORS
    ]
    return IndicatorBoard(office, year, ranking, _rank(rows, ranking), trends)


# --- 督办: the departments' overdue and nearly-due cases -------------------------------------------------


@dataclass(frozen=True)
class SupervisedCase:
    """A department's case as the superior office sees it: no ID number, phone, e-mail or address, the
    applicant's name masked, and the 督办 notices already issued on it."""

    pk: int
    agency: Agency
    number: str
    applicant: str
    state: str
    received_on: date
    due_date: date | None
    overdue: bool
    notices: list[SupervisionNotice]


def supervision_cases(
    *, office: Agency, today: date, horizon: int = DUE_SOON_WORKING_DAYS
) -> list[SupervisedCase]:
    """Every open case of the agencies below ``office`` (at every level) that is overdue or due within
    ``horizon`` working days, most urgent first; one query for the tree's levels, one for the cases, one for
    their notices."""
    below = agency_descendant_ids(agency_ids={office.pk}) - {office.pk}
    limit = calendar_current().nth_working_day_after(today, horizon)
    cases = list(
        Application.objects.open()
        .filter(agency_id__in=below, due_date__isnull=False, due_date__lte=limit)
        .select_related("agency")
        .only("id", "agency", "number", "applicant_name", "state", "received_on", "due_date")
        .order_by("due_date", "id")[:500]
    )
    notices: dict[int, list[SupervisionNotice]] = {}
    for n in SupervisionNotice.objects.filter(application__in=cases).select_related(
        "issued_by", "acknowledged_by"
    ):
        notices.setdefault(n.application_id, []).append(n)
    return [
        SupervisedCase(
            pk=c.pk,
            agency=c.agency,
            number=c.number,
            applicant=mask_name(c.applicant_name),
            state=c.state_label,
            received_on=c.received_on,
            due_date=c.due_date,
            overdue=c.due_date is not None and c.due_date < today,
            notices=notices.get(c.pk, []),
        )
        for c in cases
    ]


def supervised_application_get(*, office: Agency, pk: int) -> Application:
    """An open or closed case of an agency below ``office`` (404 elsewhere)."""
    below = agency_descendant_ids(agency_ids={office.pk}) - {office.pk}
    try:
        return Application.objects.select_related("agency").get(pk=pk, agency_id__in=below)
    except Application.DoesNotExist as exc:
        raise Http404 from exc


def notices_to_acknowledge(*, user: Actor) -> list[SupervisionNotice]:
    """督办 notices not yet acknowledged on cases of the agencies where ``user`` is an officer or a leader."""
    ids = visible_agency_ids(user, roles={Role.OFFICER, Role.LEADER})
    if not ids:
        return []
    return list(
        SupervisionNotice.objects.unacknowledged()
        .filter(application__agency_id__in=ids)
        .select_related("application", "application__agency", "office")
        .order_by("issued_at", "id")[:200]
    )


def notice_get_for_user(*, user: Actor, pk: int) -> SupervisionNotice:
    """A notice on a case of an agency the user may read (404 elsewhere)."""
    return get_scoped_or_404(
        SupervisionNotice.objects.select_related("application", "application__agency"),
        user,
        field="application__agency",
        pk=pk,
    )


# --- the hierarchy: roll-ups and who is late at every level ---------------------------------------------

#: Levels read below an office at most (province → city → county → department → unit, with room to spare).
MAX_LEVELS = 8


@dataclass
class TreeNode:
    """One agency of the tree below an office on a year: its report of record and standing, its
    subordinates, the roll-up of everything below it, and (where it declares its report a roll-up of its
    subordinates: ``Agency.reports_rollup``) the cells where its report is not their sum."""

    agency: Agency
    depth: int
    report: AnnualReport | None
    status: str
    children: list[TreeNode] = field(default_factory=list)
    rollup: Rollup | None = None
    #: What the node contributes to the roll-up above it: its own report where it reports a roll-up, else
    #: its own report (if any) and everything below it.
    contributed: list[Report] = field(default_factory=list)
    #: The agency of each report in ``contributed``.
    contributors: list[Agency] = field(default_factory=list)
    #: ``rollup_equals_sum`` findings (empty when it declares none, or they agree).
    sum_check: list[Finding] = field(default_factory=list)
    sum_problem: GongkaiError | None = None

    @property
    def status_label(self) -> StrOrPromise:
        """Where it stands, in words (:data:`STATUS_LABELS`)."""
        return STATUS_LABELS[self.status]

    def walk(self) -> list[TreeNode]:
        """This node and every node below it, depth first, in code order."""
        out = [self]
        for child in self.children:
            out += child.walk()
        return out

    @property
    def late_below(self) -> list[TreeNode]:
        """Its direct subordinates that published late or are overdue."""
        return [c for c in self.children if c.status in LATE]


def tree_below(*, office: Agency) -> list[list[Agency]]:
    """The agencies below ``office`` level by level (the office's departments first), one query per level."""
    levels: list[list[Agency]] = []
    frontier = [office.pk]
    seen = {office.pk}
    for _level in range(MAX_LEVELS):
        found = [
            a for a in Agency.objects.filter(parent_id__in=frontier).order_by("code") if a.pk not in seen
        ]
        if not found:
            break
        levels.append(found)
        seen |= {a.pk for a in found}
        frontier = [a.pk for a in found]
    return levels


def hierarchy(*, office: Agency, year: int, today: date) -> TreeNode:
    """The tree below ``office`` on ``year``: one query per level for the agencies, one for every report of
    record, one for the versions in progress; the roll-ups and checks are summed bottom-up in memory with
    the core's :func:`~gongkai.aggregate.rollup` and :func:`~gongkai.aggregate.check_rollup`."""
    levels = tree_below(office=office)
    agencies = [office, *(a for level in levels for a in level)]
    ids = [a.pk for a in agencies]
    of_record = reports_of_record(agency_ids=ids, year=year)
    pending: dict[int, AnnualReport] = {}
    for waiting in AnnualReport.objects.filter(
        agency_id__in=ids, year=year, state__in=IN_PROGRESS_STATES
    ).order_by("agency_id", "-version"):
        pending.setdefault(waiting.agency_id, waiting)
    by_id = {a.pk: a for a in agencies}
    nodes: dict[int, TreeNode] = {}
    for depth, agency in [(0, office), *((d + 1, a) for d, level in enumerate(levels) for a in level)]:
        report = of_record.get(agency.pk)
        if report is not None:
            report.agency = agency  # already loaded: spare a query per node
        status = _status(report, pending.get(agency.pk), report_deadline(agency, year), today)
        nodes[agency.pk] = TreeNode(agency, depth, report, status)
        if depth > 0 and agency.parent_id in by_id:
            nodes[agency.parent_id].children.append(nodes[agency.pk])
    for level in reversed([[office], *levels]):
        for agency in level:
            _sum_up(nodes[agency.pk], year)
    return nodes[office.pk]


def _sum_up(node: TreeNode, year: int) -> None:
    below = [r for child in node.children for r in child.contributed]
    below_by = [a for child in node.children for a in child.contributors]
    if below:
        try:
            total = rollup(
                below,
                agency=_("%(office)s, roll-up of the agencies below") % {"office": node.agency.name},
                year=year,
            )
            node.rollup = Rollup(
                total, check_report(total), [c.agency for c in node.children if c.contributed]
            )
        except GongkaiError as exc:
            node.rollup = Rollup(None, [], [], exc)
    own = node.report.to_report() if node.report is not None else None
    if node.agency.reports_rollup and own is not None:
        parts = [r for child in node.children for r in child.contributed]
        if parts:
            try:
                node.sum_check = check_rollup(own, parts)
            except GongkaiError as exc:
                node.sum_problem = exc
        node.contributed, node.contributors = [own], [node.agency]
    else:
        node.contributed = ([own] if own is not None else []) + below
        node.contributors = ([node.agency] if own is not None else []) + below_by
