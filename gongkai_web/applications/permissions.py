"""Who may do what with applications: one table of who records each event of a case, and the predicates of
the other writes (composed from the agencies' role predicates).

The core's table (:data:`gongkai.workflow.TRANSITIONS`) says which event may happen in which state and its
guards say when; :data:`EVENT_PERMISSIONS` says who records it. :data:`CASE_MACHINE` joins the two, so the
case page offers exactly the events the user may record now and
:func:`~gongkai_web.applications.services.application_apply_event` refuses any other, whoever calls it.
Changing who may record an event (say, only a leader records an extension, the approval 条例第三十三条第二款
asks for) is a change of one row here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from gongkai.workflow import TRANSITIONS, Event
from gongkai_web.agencies.models import Membership, Role
from gongkai_web.agencies.permissions import has_role, is_leader, is_officer
from gongkai_web.applications.models import Application
from gongkai_web.common.permissions import Actor, Predicate, is_superuser, predicate
from gongkai_web.common.transitions import Machine, Move

#: Officers register applications received off-line.
can_register: Predicate = has_role(Role.OFFICER)
#: Officers and leaders handle cases (record events and appeals; issue letters through events).
can_handle: Predicate = is_officer | is_leader

#: Who may record each event (every event of the core has a row; a test holds them equal).
EVENT_PERMISSIONS: Mapping[Event, Predicate] = MappingProxyType(
    {
        Event.REQUEST_CORRECTION: can_handle,
        Event.RECEIVE_CORRECTION: can_handle,
        Event.CORRECTION_DEADLINE_PASSED: can_handle,
        Event.EXTEND: can_handle,
        Event.START_CONSULTATION: can_handle,
        Event.END_CONSULTATION: can_handle,
        Event.ISSUE_FEE_NOTICE: can_handle,
        Event.RECEIVE_PAYMENT: can_handle,
        Event.PAYMENT_DEADLINE_PASSED: can_handle,
        Event.ANSWER: can_handle,
        Event.WITHDRAW: can_handle,
    }
)

#: The events of a case as moves: the core's transitions, each allowed to whom the table above names. The
#: state a move leads to is the core's (``Case.apply`` computes it with the due date); the web layer uses this
#: machine only to authorise and to offer the events (``authorize``, ``available``), never to write.
CASE_MACHINE: Machine[Application] = Machine(
    Application,
    [Move(e.value, s.value, t.value, EVENT_PERMISSIONS[e]) for (s, e), t in TRANSITIONS.items()],
    entity="application",
    status_field="state",
)


@predicate
def is_any_agency_admin(user: Actor, obj: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and Membership.objects.filter(user=user, role=Role.ADMIN).exists()
    )


#: The State Council calendar is shared by all agencies: an agency administrator or a superuser loads notices.
can_load_calendar: Predicate = is_superuser | is_any_agency_admin
