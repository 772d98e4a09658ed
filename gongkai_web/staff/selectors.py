"""Reads of the staff home: each app's tasks for the user and the agencies whose pages they may open."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from gongkai.workflow import State as CaseState
from gongkai_web.agencies.models import Agency, Role
from gongkai_web.agencies.scoping import scope, visible_agency_ids
from gongkai_web.agencies.selectors import agency_ids_managed_by, agency_list_for_user
from gongkai_web.annual_reports.models import (
    COUNTED_STATES,
    IN_PROGRESS_STATES,
    AnnualReport,
    ReportReturn,
)
from gongkai_web.annual_reports.selectors import reports_to_approve_by
from gongkai_web.annual_reports.services import report_deadline
from gongkai_web.annual_reports.workflow import CHECK as REPORT_CHECK
from gongkai_web.annual_reports.workflow import REPORT_MACHINE
from gongkai_web.applications.models import Application, Proposal
from gongkai_web.applications.permissions import can_load_calendar
from gongkai_web.applications.services import case_of
from gongkai_web.applications.workflow import APPROVE as PROPOSAL_APPROVE
from gongkai_web.applications.workflow import PROPOSAL_MACHINE
from gongkai_web.catalogue.models import EDITABLE_STATUSES, Item, Status
from gongkai_web.catalogue.selectors import HealthSummary, column_health, item_tasks_for_user
from gongkai_web.catalogue.workflow import ITEM_MACHINE, PUBLISH, SUBMIT
from gongkai_web.common.models import AuditEntry
from gongkai_web.common.permissions import Actor, signed_in
from gongkai_web.common.transitions import Machine
from gongkai_web.oversight.models import SupervisionNotice
from gongkai_web.oversight.selectors import agency_ids_overseen_by, notices_to_acknowledge

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Home:
    """What the staff home shows one user."""

    items: dict[str, QuerySet[Item]]
    reports_to_approve: list[AnnualReport]
    agencies: list[Agency]
    managed: set[int]
    overseen: set[int]
    #: Agencies whose members a superuser manages without belonging to them (listed apart: members page only).
    managed_elsewhere: list[Agency]
    can_load_calendar: bool
    #: 督办 notices on the user's agencies' cases awaiting their acknowledgement.
    notices: list[SupervisionNotice] = field(default_factory=list)
    #: Each of the user's agencies with the health of its catalogue's columns (blank and stale ones).
    columns: list[tuple[Agency, HealthSummary]] = field(default_factory=list)
    #: 我的待办: all the user's work, overdue first (:func:`worklist_for`).
    worklist: list[Task] = field(default_factory=list)

    @property
    def to_review(self) -> list[Task]:
        """待我审核: the work of the list awaiting the user's review or approval."""
        return [t for t in self.worklist if t.review]


def home_for(*, user: Actor) -> Home:
    agencies = list(agency_list_for_user(user=user))
    managed = agency_ids_managed_by(user=user)
    health = column_health(agency_ids=[a.pk for a in agencies], today=timezone.localdate())
    return Home(
        items=item_tasks_for_user(user=user),
        reports_to_approve=reports_to_approve_by(user=user),
        agencies=agencies,
        managed=managed,
        overseen=agency_ids_overseen_by(user=user),
        managed_elsewhere=list(Agency.objects.filter(id__in=managed - {a.pk for a in agencies})),
        can_load_calendar=can_load_calendar(user),
        notices=notices_to_acknowledge(user=user),
        columns=[(a, health[a.pk]) for a in agencies],
        worklist=worklist_for(user=user),
    )


def audit_entries_of(*, agency: Agency) -> QuerySet[AuditEntry]:
    """The audit rows of ``agency``, newest first."""
    return AuditEntry.objects.filter(agency=agency).select_related("actor")


# --- 我的待办: one list of all the work of a user, overdue first ---------------------------------------------
#
# The list is made of *work sources*: one function per kind of work, ``(user, today) -> Iterable[Task]``,
# each reading its records through the apps' named sets of states and machines (never a state list of its
# own). A new kind of work is one function appended to :data:`WORK_SOURCES`.


@dataclass(frozen=True)
class Task:
    """One piece of work on the staff home: what (``kind``'s label), on which record, by when, and where."""

    kind: str
    label: StrOrPromise
    title: str
    agency: Agency
    url: str
    due: date | None = None
    #: Whether this is something awaiting the user's review or approval (the 待我审核 list).
    review: bool = False
    note: str = ""
    today: date | None = None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.today is not None and self.due < self.today


WorkSource = Callable[[User, date], Iterable[Task]]

#: The most records one source lists (the page says how many more there are: see :class:`Worklist`).
SOURCE_LIMIT = 200


def _in_roles(qs: QuerySet[M], user: User, *roles: str, field: str = "agency") -> QuerySet[M]:
    return scope(qs, user, field=field, roles=set(roles))


def _sources_of(machine: Machine[Any], action: str) -> set[str]:
    """The states from which ``machine`` makes ``action`` (read from its table)."""
    return {m.source for m in machine.moves if m.action == action}


def _item_task(
    i: Item,
    kind: str,
    label: StrOrPromise,
    today: date,
    *,
    review: bool = False,
    due: date | None = None,
    note: str = "",
) -> Task:
    return Task(
        kind,
        label,
        i.title,
        i.agency,
        reverse("catalogue:item_detail", args=[i.pk]),
        due=due,
        note=note,
        review=review,
        today=today,
    )


def work_items_to_finish(user: User, today: date) -> Iterable[Task]:
    """The officer's own drafts and returned items (the editable states), to finish and submit."""
    qs = _in_roles(Item.objects.filter(author=user, status__in=EDITABLE_STATUSES), user, Role.OFFICER)
    for i in qs.select_related("agency").order_by("updated_at")[:SOURCE_LIMIT]:
        returned = i.status in _sources_of(ITEM_MACHINE, SUBMIT) - {Status.DRAFT}
        yield _item_task(
            i,
            "item_returned" if returned else "item_draft",
            _("Item returned to me") if returned else _("Draft to finish and submit"),
            today,
            note=i.return_reason if returned else "",
        )


def work_items_to_review(user: User, today: date) -> Iterable[Task]:
    """Items awaiting the leader's review (never items they wrote: the catalogue's own selector)."""
    for i in item_tasks_for_user(user=user)["to_review"][:SOURCE_LIMIT]:
        yield _item_task(i, "item_review", _("Item to review"), today, review=True)


def work_items_to_publish(user: User, today: date) -> Iterable[Task]:
    """Approved items the leader may publish now (the machine's publish move is available to them)."""
    qs = _in_roles(
        Item.objects.filter(status__in=_sources_of(ITEM_MACHINE, PUBLISH)), user, Role.LEADER
    ).select_related("agency")
    for i in qs.order_by("publish_at", "id")[:SOURCE_LIMIT]:
        if any(m.action == PUBLISH for m in ITEM_MACHINE.available(i, user)):
            due = timezone.localdate(i.publish_at) if i.publish_at else None
            yield _item_task(i, "item_publish", _("Item to publish"), today, review=True, due=due)


def _cases(user: User, state: CaseState) -> QuerySet[Application]:
    return _in_roles(Application.objects.open().filter(state=state.value), user, Role.OFFICER).select_related(
        "agency"
    )


def _case_task(app: Application, kind: str, label: StrOrPromise, due: date | None, today: date) -> Task:
    return Task(
        kind,
        label,
        f"{app.number} · {app.applicant_name}",
        app.agency,
        reverse("applications:detail", args=[app.pk]),
        due=due,
        note=app.description[:60],
        today=today,
    )


def work_cases_in_hand(user: User, today: date) -> Iterable[Task]:
    """Open cases whose reply clock runs (new applications among them), by their reply due date."""
    for app in _cases(user, CaseState.RECEIVED).order_by("due_date", "received_on", "id")[:SOURCE_LIMIT]:
        new = not app.events.exists()
        yield _case_task(
            app,
            "case_new" if new else "case_reply",
            _("New application") if new else _("Application to answer"),
            app.due_date,
            today,
        )


def work_corrections_awaited(user: User, today: date) -> Iterable[Task]:
    """Cases awaiting the applicant's correction, by the correction deadline (the core's case)."""
    for app in _cases(user, CaseState.AWAITING_CORRECTION).order_by("received_on", "id")[:SOURCE_LIMIT]:
        yield _case_task(app, "case_correction", _("Correction awaited"), case_of(app).correction_due, today)


def work_payments_awaited(user: User, today: date) -> Iterable[Task]:
    """Cases awaiting the fee, by the payment deadline (the core's case): past it, the case is to be closed."""
    for app in _cases(user, CaseState.AWAITING_PAYMENT).order_by("received_on", "id")[:SOURCE_LIMIT]:
        yield _case_task(app, "case_payment", _("Payment awaited"), case_of(app).payment_due, today)


def work_consultations(user: User, today: date) -> Iterable[Task]:
    """Cases in consultation, by the day the consulted party's answer is due (the core's case)."""
    for app in _cases(user, CaseState.IN_CONSULTATION).order_by("received_on", "id")[:SOURCE_LIMIT]:
        case = case_of(app)
        yield _case_task(
            app, "case_consultation", _("Consultation"), case.consultation_answer_due or app.due_date, today
        )


def work_proposals_to_approve(user: User, today: date) -> Iterable[Task]:
    """Events of cases proposed by another and awaiting the user's approval (the proposal machine)."""
    qs = _in_roles(
        Proposal.objects.filter(state__in=_sources_of(PROPOSAL_MACHINE, PROPOSAL_APPROVE)),
        user,
        Role.OFFICER,
        Role.LEADER,
        field="application__agency",
    ).select_related("application", "application__agency")
    for p in qs.order_by("id")[:SOURCE_LIMIT]:
        if any(m.action == PROPOSAL_APPROVE for m in PROPOSAL_MACHINE.available(p, user)):
            yield Task(
                "proposal",
                _("Proposal to approve"),
                f"{p.application.number} · {p.get_event_display()}",
                p.application.agency,
                reverse("applications:detail", args=[p.application.pk]) + f"#proposal-{p.pk}",
                due=p.application.due_date,
                review=True,
                today=today,
            )


def _report_task(r: AnnualReport, kind: str, label: StrOrPromise, today: date, *, review: bool) -> Task:
    return Task(
        kind,
        label,
        r.title,
        r.agency,
        reverse("annual_reports:detail", args=[r.pk]),
        due=report_deadline(r.agency, r.year),
        review=review,
        today=today,
    )


def work_reports_to_draft(user: User, today: date) -> Iterable[Task]:
    """Last year's annual report, where the officer's agency has none counting or in progress."""
    year = today.year - 1
    ids = visible_agency_ids(user, roles={Role.OFFICER})
    started = set(
        AnnualReport.objects.filter(
            agency_id__in=ids, year=year, state__in=COUNTED_STATES | IN_PROGRESS_STATES
        ).values_list("agency_id", flat=True)
    )
    for agency in Agency.objects.filter(id__in=ids - started).order_by("code"):
        yield Task(
            "report_draft",
            _("Annual report to draft"),
            _("%(agency)s: the annual report of %(year)d") % {"agency": agency.name, "year": year},
            agency,
            reverse("annual_reports:list", args=[agency.code]),
            due=report_deadline(agency, year),
            today=today,
        )


def work_reports_to_submit(user: User, today: date) -> Iterable[Task]:
    """Drafts of annual reports the officer may check and submit for approval (the report machine)."""
    qs = _in_roles(
        AnnualReport.objects.filter(state__in=_sources_of(REPORT_MACHINE, REPORT_CHECK)), user, Role.OFFICER
    ).select_related("agency")
    for r in qs.order_by("year", "id")[:SOURCE_LIMIT]:
        if REPORT_MACHINE.permits(REPORT_CHECK, user, r):
            yield _report_task(
                r, "report_submit", _("Annual report to check and submit"), today, review=False
            )


def work_reports_to_approve(user: User, today: date) -> Iterable[Task]:
    """Checked reports and imports the leader may approve (the annual reports' own selector)."""
    for r in reports_to_approve_by(user=user):
        yield _report_task(r, "report_approve", _("Annual report to approve"), today, review=True)


def work_report_returns(user: User, today: date) -> Iterable[Task]:
    """Reports returned by the superior office and not yet answered."""
    qs = _in_roles(ReportReturn.objects.open(), user, Role.OFFICER, Role.LEADER).select_related(
        "report", "agency"
    )
    for ret in qs.order_by("created_at")[:SOURCE_LIMIT]:
        yield Task(
            "report_return",
            _("Annual report returned by the superior office"),
            ret.report.title,
            ret.agency,
            reverse("annual_reports:detail", args=[ret.report_id]),
            due=report_deadline(ret.agency, ret.report.year),
            note=ret.reason[:80],
            today=today,
        )


def work_supervision_notices(user: User, today: date) -> Iterable[Task]:
    """督办 notices of the superior office awaiting acknowledgement, by the case's due date."""
    for n in notices_to_acknowledge(user=user):
        yield Task(
            "notice",
            _("督办 from the superior office"),
            f"{n.application.number} · {n.text[:40]}",
            n.application.agency,
            reverse("applications:detail", args=[n.application.pk]),
            due=n.application.due_date,
            today=today,
        )


def work_columns_to_update(user: User, today: date) -> Iterable[Task]:
    """The administrator's blank and stale columns of the catalogue (the catalogue's column health)."""
    ids = visible_agency_ids(user, roles={Role.ADMIN})
    if not ids:
        return
    agencies = {a.pk: a for a in Agency.objects.filter(id__in=ids)}
    for agency_id, health in column_health(agency_ids=sorted(ids), today=today).items():
        for c in [*health.blank, *health.stale]:
            due = c.last_update + timedelta(days=c.threshold) if c.last_update else None
            yield Task(
                "column",
                _("Column to update"),
                c.category.name,
                agencies[agency_id],
                reverse("catalogue:column_health", args=[agencies[agency_id].code]),
                due=due,
                today=today,
            )


#: Every kind of work, in the order of the list for records due on the same day. Append a source to add one.
WORK_SOURCES: list[WorkSource] = [
    work_items_to_finish,
    work_items_to_review,
    work_items_to_publish,
    work_cases_in_hand,
    work_corrections_awaited,
    work_payments_awaited,
    work_consultations,
    work_proposals_to_approve,
    work_reports_to_draft,
    work_reports_to_submit,
    work_reports_to_approve,
    work_report_returns,
    work_supervision_notices,
    work_columns_to_update,
]


def worklist_for(*, user: Actor, today: date | None = None) -> list[Task]:
    """我的待办: the work of every source for ``user``, overdue first, then by due date (none last)."""
    account = signed_in(user)
    if account is None:
        return []
    day = today or timezone.localdate()
    tasks = [t for source in WORK_SOURCES for t in source(account, day)]
    return sorted(tasks, key=lambda t: (not t.overdue, t.due is None, t.due or day))
