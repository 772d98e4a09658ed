"""Who may do what with applications: one table of who records each event of a case (and who approves it
first, where the law or the agency wants a second person), and the predicates of the other writes.

The core's table (:data:`gongkai.workflow.TRANSITIONS`) says which event may happen in which state and its
guards say when; :data:`EVENT_RULES` says who. ``applications.workflow.CASE_MACHINE`` joins the two, so the case
page offers exactly the events the user may record now and the services refuse any other, whoever calls them.

A row with ``approved_by`` makes its event two-step: whoever ``records`` it only proposes it (a ``Proposal``
holding the typed payload); it takes effect, and its letter is issued, when one of ``approved_by`` approves it
(never the proposer, whatever roles they hold), or it is returned with a reason. So "the leader approves an
extension" (条例第三十三条第二款) is the row ``Event.EXTEND: EventRule(can_handle, approved_by=is_leader)``, and
"the officer drafts the reply, the leader approves or returns it before it is issued" is
``Event.ANSWER: EventRule(is_officer, approved_by=is_leader)``: rows, not code paths.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from gongkai.letters import EVENT_LETTERS
from gongkai.workflow import Event
from gongkai_web.agencies.models import Role
from gongkai_web.agencies.permissions import has_role, is_leader, is_officer
from gongkai_web.common.permissions import Predicate, is_superuser

#: Officers register applications received off-line.
can_register: Predicate = has_role(Role.OFFICER)
#: Officers and leaders handle cases (record events and appeals; letters are issued through events).
can_handle: Predicate = is_officer | is_leader


@dataclass(frozen=True)
class EventRule:
    """Who records an event (``records``), and who approves it before it takes effect (``approved_by``; None:
    it takes effect at once)."""

    records: Predicate
    approved_by: Predicate | None = None


#: Who approves an event before it takes effect: the leader, for every event that issues a letter (the core's
#: ``EVENT_LETTERS``: 补正告知书, 延期答复告知书, 征求意见书/函, 收费通知书, 答复告知书, 终止告知书). Nothing goes out
#: unreviewed (预先审核): the officer drafts, a leader other than the drafter approves or returns it.
LETTER_REVIEWER: Predicate = is_leader

#: Who records each event of a case (every event of the core has a row; a test holds them equal). An event
#: that issues a letter is proposed and approved (its row has ``approved_by``); the others take effect at once.
EVENT_RULES: Mapping[Event, EventRule] = MappingProxyType(
    {e: EventRule(can_handle, approved_by=LETTER_REVIEWER if e in EVENT_LETTERS else None) for e in Event}
)


def event_rule(event: Event | str) -> EventRule:
    """The row of :data:`EVENT_RULES` for ``event`` (read when asked, so the table is the one source)."""
    return EVENT_RULES[Event(event)]


#: The State Council calendar is shared by all agencies and recomputes every agency's open cases: only a
#: superuser (the site's operator) loads notices, never one department's administrator (issue 14).
can_load_calendar: Predicate = is_superuser
