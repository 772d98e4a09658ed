"""The life of an annual report as data: the table of allowed moves over its state.

A generated report: draft → checked (every cross-check passes; errors block) → approved (by a leader) →
published (frozen files, portal column, submitted upward). checked → draft (returned for changes).
published → superseded (by the system, when a corrected version is published).

A report uploaded as history: imported → recorded (approved by a leader: only then does it count anywhere) |
rejected.

Whoever generated, edited, checked, corrected or imported any version of the agency's report on the year
never approves or publishes it, whatever roles they hold (条例第十七条: review is a second person's).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from gongkai_web.agencies.models import Role
from gongkai_web.agencies.permissions import has_role, is_leader, is_officer
from gongkai_web.annual_reports.models import AnnualReport, ReportReturn, ReturnState, State
from gongkai_web.annual_reports.permissions import can_return
from gongkai_web.common.errors import Refused
from gongkai_web.common.i18n import message
from gongkai_web.common.permissions import Actor, Predicate
from gongkai_web.common.transitions import Machine, Move, not_a_contributor

CHECK, REOPEN, APPROVE, PUBLISH, SUPERSEDE = "check", "reopen", "approve", "publish", "supersede"
RECORD, REJECT = "record", "reject"

#: The audit actions that write a report (their actors never approve any version of it).
AUTHORING = (
    "annual_report_generate",
    "annual_report_refresh",
    "annual_report_update_prose",
    "annual_report_check",
    "annual_report_correct",
    "annual_report_import",
)

#: Who generates, edits, checks and corrects the agency's report.
can_write: Predicate = is_officer
#: Who uploads earlier reports as history.
can_import: Predicate = has_role(Role.OFFICER, Role.ADMIN)


def versions_of(report: AnnualReport) -> Iterable[AnnualReport]:
    """Every version of the agency's report on the report's year."""
    return AnnualReport.objects.filter(agency_id=report.agency_id, year=report.year)


not_a_writer = not_a_contributor(
    authoring=AUTHORING,
    versions=versions_of,
    message=_(
        "You generated, edited, checked, corrected or imported a version of this report: another leader in "
        "charge must approve it."
    ),
)


def no_errors(report: AnnualReport, user: Actor) -> None:
    """A report with any error finding cannot be marked checked or approved."""
    errors = report.errors
    if errors:
        raise Refused(
            ngettext_lazy(
                "The check failed: %(count)d error; correct it first. The first error: %(first)s",
                "The check failed: %(count)d errors; correct them first. The first error: %(first)s",
                "count",
            ),
            {"count": len(errors), "first": message(errors[0])},
        )


def not_stale(report: AnnualReport, user: Actor) -> None:
    if report.needs_correction:
        raise Refused(
            _("The records the report is based on have changed: regenerate the figures and check again.")
        )


REPORT_MOVES: tuple[Move[AnnualReport], ...] = (
    Move(CHECK, State.DRAFT, State.CHECKED, can_write, checks=(no_errors,)),
    Move(REOPEN, State.CHECKED, State.DRAFT, can_write | is_leader),
    Move(APPROVE, State.CHECKED, State.APPROVED, is_leader, (not_a_writer, no_errors, not_stale)),
    Move(PUBLISH, State.APPROVED, State.PUBLISHED, is_leader, (not_a_writer,)),
    Move(SUPERSEDE, State.PUBLISHED, State.SUPERSEDED, None),
    Move(RECORD, State.IMPORTED, State.RECORDED, is_leader, (not_a_writer,)),
    Move(REJECT, State.IMPORTED, State.REJECTED, is_leader, (not_a_writer,)),
)

REPORT_MACHINE: Machine[AnnualReport] = Machine(
    AnnualReport,
    REPORT_MOVES,
    entity="annual_report",
    status_field="state",
    labels={
        CHECK: _("Check and submit for approval"),
        REOPEN: _("Return for changes"),
        APPROVE: _("Approve and publish"),
        RECORD: _("Approve the imported report"),
        REJECT: _("Reject the imported report"),
    },
)
#: The moves a user makes from the report page (publish and supersede follow approval).
PAGE_MOVES = frozenset({CHECK, REOPEN, APPROVE, RECORD, REJECT})


# --- the return of a report by the superior office ---------------------------------------------------------


def returnable(report: AnnualReport, user: Actor) -> None:
    """A report is returned only while it counts (published, or an approved import) and once until answered
    (the guard of ``services.annual_report_return``; the review page offers the form when it passes)."""
    if not report.counts:
        raise Refused(
            _("Only a report that counts can be returned; this report is %(state)s."),
            {"state": report.state_label_lazy},
        )
    if ReportReturn.objects.open().filter(report=report).exists():
        raise Refused(_("This report has already been returned and is awaiting an answer."))


ANSWER, WITHDRAW = "answer", "withdraw"

#: A return is opened by ``services.annual_report_return`` (audited ``annual_report_return``); it is answered
#: by the system when a later version of the year's report counts, or withdrawn by the superior office.
RETURN_MOVES: tuple[Move[ReportReturn], ...] = (
    Move(ANSWER, ReturnState.OPEN, ReturnState.ANSWERED, None),
    Move(WITHDRAW, ReturnState.OPEN, ReturnState.WITHDRAWN, can_return),
)

RETURN_MACHINE: Machine[ReportReturn] = Machine(
    ReportReturn,
    RETURN_MOVES,
    entity="report_return",
    status_field="state",
    labels={WITHDRAW: _("Withdraw the return")},
)
