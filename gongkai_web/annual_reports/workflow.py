"""The life of an annual report as data: the table of allowed moves over its state.

draft → checked (every cross-check passes; errors block) → approved (by a leader, never the author) →
published (frozen files, portal column, submitted upward). checked → draft (reopened for edits).
published → superseded (by the system, when a corrected version is published). Imported reports have no moves.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Role
from gongkai_web.annual_reports.models import State
from gongkai_web.common.i18n import pick
from gongkai_web.common.permissions import Predicate, has_role, predicate
from gongkai_web.common.transitions import Machine, Move

is_officer: Predicate = has_role(Role.OFFICER)
is_leader: Predicate = has_role(Role.LEADER)
can_import: Predicate = has_role(Role.OFFICER, Role.ADMIN)


@predicate
def is_system(user: Any, obj: Any) -> bool:
    return user is None


def no_errors(report: Any, user: Any) -> str | None:
    """A report with any error finding cannot be marked checked (refusals are in the active language)."""
    errors = [f for f in report.findings if f.get("severity") == "error"]
    if errors:
        first = pick(errors[0]["message_zh"], errors[0]["message_en"])
        return ngettext(
            "The check failed: %(count)d error; correct it first. The first error: %(first)s",
            "The check failed: %(count)d errors; correct them first. The first error: %(first)s",
            len(errors),
        ) % {"count": len(errors), "first": first}
    return None


def not_author(report: Any, user: Any) -> str | None:
    if user is not None and report.author_id == user.pk:
        return gettext(
            "The approver cannot be the author of the report: another leader in charge must approve it."
        )
    return None


def not_stale(report: Any, user: Any) -> str | None:
    if report.needs_correction:
        return gettext(
            "The records the report is based on have changed: regenerate the figures and check again."
        )
    return None


CHECK, REOPEN, APPROVE, PUBLISH, SUPERSEDE = "check", "reopen", "approve", "publish", "supersede"

REPORT_MOVES = (
    Move(CHECK, State.DRAFT, State.CHECKED, is_officer, (no_errors,)),
    Move(REOPEN, State.CHECKED, State.DRAFT, is_officer | is_leader),
    Move(APPROVE, State.CHECKED, State.APPROVED, is_leader, (not_author, no_errors, not_stale)),
    Move(PUBLISH, State.APPROVED, State.PUBLISHED, is_leader, (not_author,)),
    Move(SUPERSEDE, State.PUBLISHED, State.SUPERSEDED, None),
)

REPORT_MACHINE = Machine(REPORT_MOVES, status_field="state")

#: Button labels of the moves a user makes from the report page (publish and supersede follow approval).
ACTION_LABELS = {
    CHECK: _("Check and submit for approval"),
    REOPEN: _("Return for changes"),
    APPROVE: _("Approve and publish"),
}
