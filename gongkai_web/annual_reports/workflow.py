"""The life of an annual report as data: the table of allowed moves over its state.

draft → checked (every cross-check passes; errors block) → approved (by a leader, never the author) →
published (frozen files, portal column, submitted upward). checked → draft (reopened for edits).
published → superseded (by the system, when a corrected version is published). Imported reports have no moves.
"""

from __future__ import annotations

from typing import Any

from gongkai_web.agencies.models import Role
from gongkai_web.annual_reports.models import State
from gongkai_web.common.permissions import Predicate, has_role, predicate
from gongkai_web.common.transitions import Machine, Move

is_officer: Predicate = has_role(Role.OFFICER)
is_leader: Predicate = has_role(Role.LEADER)
can_import: Predicate = has_role(Role.OFFICER, Role.ADMIN)


@predicate
def is_system(user: Any, obj: Any) -> bool:
    return user is None


def no_errors(report: Any, user: Any) -> str | None:
    """A report with any error finding cannot be marked checked."""
    errors = [f for f in report.findings if f.get("severity") == "error"]
    if errors:
        return f"核对未通过：有 {len(errors)} 处错误，请先改正。首个错误：{errors[0]['message_zh']}"
    return None


def not_author(report: Any, user: Any) -> str | None:
    if user is not None and report.author_id == user.pk:
        return "审批人不能是年报的起草人：请由分管领导审批。"
    return None


def not_stale(report: Any, user: Any) -> str | None:
    if report.needs_correction:
        return "年报所依据的记录已改变，请重新生成数据并核对。"
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
    CHECK: "核对并提交审批",
    REOPEN: "退回修改",
    APPROVE: "审批通过并发布",
}
