"""Reads for the superior office: the collection board of its departments' reports and their roll-up.

Reports are few (one per department and year), so the board is a few queries. What a department has
submitted is its report of record on the year (published, else an earlier report imported as history and
approved by a leader: :data:`~gongkai_web.annual_reports.models.COUNTED_STATES`), kept while a correction is
in progress; the roll-up sums those reports' cells with the core's :func:`gongkai.aggregate.rollup`, the one
definition of a roll-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gongkai.aggregate import rollup
from gongkai.checks import check_report
from gongkai.errors import GongkaiError
from gongkai.findings import Finding
from gongkai.model import Report
from gongkai_web.agencies.models import Agency, Role
from gongkai_web.agencies.permissions import has_role
from gongkai_web.agencies.scoping import get_scoped_or_404, user_memberships
from gongkai_web.annual_reports.models import IN_PROGRESS_STATES, AnnualReport
from gongkai_web.annual_reports.selectors import (
    ReviewCounts,
    reports_of_record,
    returns_open_by_agency,
    review_counts,
)
from gongkai_web.annual_reports.services import report_deadline
from gongkai_web.common.permissions import Actor

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
    """The roll-up of the departments' submitted reports on the board, named ``name``, checked like a report
    (the identities of parts 三 and 四 hold on a sum when they hold on every addend)."""
    reports = current.submitted
    included = [r.agency for r in reports]
    if not reports:
        return Rollup(None, [], included)
    try:
        total = rollup([r.to_report() for r in reports], agency=name, year=current.year)
    except GongkaiError as exc:
        return Rollup(None, [], included, exc)
    return Rollup(total, check_report(total), included)


def submitted_reports(current: Board) -> list[Report]:
    """The submitted reports as core reports, in board order (for the researcher's cells CSV)."""
    return [r.to_report() for r in current.submitted]
