"""Reads on applications: staff reads scoped to the user's agencies; the public reads only by 查询码.

The statistics of parts 三 and 四 are computed in the database (one GROUP BY each).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404

from gongkai.errors import GongkaiError
from gongkai.templates import Template, template_for_year
from gongkai.workflow import TRANSITIONS, Event, RequestCorrection, State, decode, today_in_china
from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.scoping import get_scoped_or_404
from gongkai_web.applications.calendar import calendar_current
from gongkai_web.applications.figures import APPEALS, APPLICATIONS
from gongkai_web.applications.models import (
    Appeal,
    Application,
    Delivery,
    Letter,
    LetterDelivery,
    OnlineCorrection,
    Proposal,
    ProposalState,
)
from gongkai_web.applications.privacy import applicant_of, mask
from gongkai_web.common.figures import CellValue
from gongkai_web.common.models import AuditEntry
from gongkai_web.common.permissions import Actor

# --- staff -------------------------------------------------------------------------------------------


def application_get_for_user(*, user: Actor, pk: int) -> Application:
    """One application inside the user's scope, or 404 (another agency's staff see nothing)."""
    return get_scoped_or_404(Application.objects.select_related("agency"), user, pk=pk)


def letter_get_for_user(*, user: Actor, pk: int) -> Letter:
    return get_scoped_or_404(
        Letter.objects.select_related("application__agency"), user, field="application__agency", pk=pk
    )


def online_correction_get_for_user(*, user: Actor, pk: int) -> OnlineCorrection:
    """A correction the applicant answered online, of a case inside the user's scope, or 404."""
    return get_scoped_or_404(
        OnlineCorrection.objects.select_related("application__agency"),
        user,
        field="application__agency",
        pk=pk,
    )


def proposal_get_for_user(*, user: Actor, pk: int) -> Proposal:
    """A proposed event of a case inside the user's scope, or 404."""
    return get_scoped_or_404(
        Proposal.objects.select_related("application__agency", "author"),
        user,
        field="application__agency",
        pk=pk,
    )


def proposals_pending(*, application: Application) -> QuerySet[Proposal]:
    """The events proposed on the case that await a decision, oldest first."""
    return application.proposals.filter(state=ProposalState.PROPOSED).select_related(
        "author", "application__agency"
    )


def appeal_get_for_user(*, user: Actor, pk: int) -> Appeal:
    return get_scoped_or_404(Appeal.objects.select_related("application", "agency"), user, pk=pk)


def _open(agency: Agency) -> QuerySet[Application]:
    return Application.objects.filter(agency=agency).open()


#: "Due soon": a due date within this many working days (the queue, the reminders, the superior's 督办 list).
DUE_SOON_WORKING_DAYS = 3


def applications_due_soon(
    *, agency: Agency, today: date | None = None, horizon: int = DUE_SOON_WORKING_DAYS
) -> QuerySet[Application]:
    """Open applications whose due date falls within ``horizon`` working days from ``today`` (today included)."""
    day = today or today_in_china()
    limit = calendar_current().nth_working_day_after(day, horizon)
    return _open(agency).filter(due_date__gte=day, due_date__lte=limit).order_by("due_date", "id")


def applications_overdue(*, agency: Agency, today: date | None = None) -> QuerySet[Application]:
    day = today or today_in_china()
    return _open(agency).filter(due_date__lt=day).order_by("due_date", "id")


@dataclass(frozen=True)
class Queue:
    """The officer's queue of one agency."""

    due_soon: list[Application]
    overdue: list[Application]
    awaiting_correction: list[Application]
    awaiting_payment: list[Application]
    in_consultation: list[Application]
    no_due_date: list[Application]
    recent: list[Application]


def queue_for(*, agency: Agency, today: date | None = None) -> Queue:
    """The queue: due within 3 working days, overdue, awaiting correction or payment, in consultation."""
    day = today or today_in_china()

    def in_state(state: State) -> list[Application]:
        return list(_open(agency).filter(state=state).order_by("received_on", "id")[:200])

    return Queue(
        due_soon=list(applications_due_soon(agency=agency, today=day)[:200]),
        overdue=list(applications_overdue(agency=agency, today=day)[:200]),
        awaiting_correction=in_state(State.AWAITING_CORRECTION),
        awaiting_payment=in_state(State.AWAITING_PAYMENT),
        in_consultation=in_state(State.IN_CONSULTATION),
        no_due_date=list(_open(agency).filter(state=State.RECEIVED, due_date__isnull=True)[:200]),
        recent=list(Application.objects.filter(agency=agency).order_by("-received_on", "-id")[:50]),
    )


# --- the case list: filters, search, pages ----------------------------------------------------------

#: Cases per page of the case list.
CASES_PER_PAGE = 25
#: How much of the information sought the case list shows as the case's subject.
SUBJECT_CHARS = 40


@dataclass(frozen=True)
class CaseFilter:
    """What the case list is narrowed to: a state, only the overdue, a received-date range, a search of the
    number, the applicant's name and the information sought."""

    state: str = ""
    overdue: bool = False
    received_from: date | None = None
    received_to: date | None = None
    q: str = ""


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list, the applicant as the user may see them."""

    pk: int
    number: str
    applicant: str
    subject: str
    state: str
    received_on: date
    due_date: date | None
    overdue: bool


def cases_filtered(
    *, agency: Agency, filters: CaseFilter, today: date | None = None
) -> QuerySet[Application]:
    """The agency's cases narrowed by ``filters``, the most urgent first (open cases by due date, then the
    rest newest first)."""
    day = today or today_in_china()
    qs = Application.objects.filter(agency=agency)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.overdue:
        qs = qs.open().filter(due_date__lt=day)
    if filters.received_from:
        qs = qs.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_on__lte=filters.received_to)
    if filters.q.strip():
        term = filters.q.strip()
        qs = qs.filter(
            Q(number__icontains=term) | Q(applicant_name__icontains=term) | Q(description__icontains=term)
        )
    return qs.order_by("-received_on", "-id")


def case_page(
    *, agency: Agency, user: Actor, filters: CaseFilter, page: str | int | None, today: date | None = None
) -> tuple[Page[Application], list[CaseRow], int]:
    """One page of :func:`cases_filtered` (a page past the end is the last), its rows as ``user`` may see
    them, and the number of cases matching."""
    day = today or today_in_china()
    paginator = Paginator(cases_filtered(agency=agency, filters=filters, today=day), CASES_PER_PAGE)
    current = paginator.get_page(page)
    rows = []
    for app in current.object_list:
        subject = " ".join(app.description.split())
        rows.append(
            CaseRow(
                pk=app.pk,
                number=app.number,
                applicant=applicant_of(app, user).name,
                subject=subject if len(subject) <= SUBJECT_CHARS else subject[:SUBJECT_CHARS] + "…",
                state=app.state_label,
                received_on=app.received_on,
                due_date=app.due_date,
                overdue=app.is_open and app.due_date is not None and app.due_date < day,
            )
        )
    return current, rows, paginator.count


# --- letters awaiting review, deliveries -------------------------------------------------------------


def proposals_of(*, application: Application) -> QuerySet[Proposal]:
    """Every draft of the case, decided or not, newest first (the case page's review history)."""
    return application.proposals.select_related("author", "approver").order_by("-created_at", "-id")


@dataclass(frozen=True)
class DeliveryShown:
    """How one issued letter reached the applicant, as the applicant may read it (no proof file)."""

    letter_pk: int
    letter_title: str
    letter_number: str
    issued_on: date
    method: str
    delivered_on: date | None
    tracking_number: str


def deliveries_of(case: Application) -> list[DeliveryShown]:
    """Every issued letter of ``case`` with its delivery (送达), in issue order; ``delivered_on`` None while
    its delivery is not recorded. For the case page and the applicant's status page."""
    out = []
    for letter in case.letters.select_related("delivery").order_by("issued_on", "id"):
        d: LetterDelivery | None = getattr(letter, "delivery", None)
        out.append(
            DeliveryShown(
                letter_pk=letter.pk,
                letter_title=letter.title,
                letter_number=letter.number,
                issued_on=letter.issued_on,
                method=str(Delivery(d.method).label) if d is not None else "",
                delivered_on=d.delivered_on if d is not None else None,
                tracking_number=d.tracking_number if d is not None else "",
            )
        )
    return out


def delivery_get_for_user(*, user: Actor, pk: int) -> LetterDelivery:
    """A recorded delivery inside the user's scope, or 404."""
    return get_scoped_or_404(
        LetterDelivery.objects.select_related("letter__application__agency"),
        user,
        field="letter__application__agency",
        pk=pk,
    )


def case_audit(app: Application) -> QuerySet[AuditEntry]:
    """The audit rows of the case: its own, and those of its drafts, letters and deliveries."""
    ids = {
        "applications.proposal": list(app.proposals.values_list("pk", flat=True)),
        "applications.letter": list(app.letters.values_list("pk", flat=True)),
        "applications.letterdelivery": list(
            LetterDelivery.objects.filter(letter__application=app).values_list("pk", flat=True)
        ),
    }
    where = Q(object_type="applications.application", object_id=str(app.pk))
    for label, pks in ids.items():
        if pks:
            where |= Q(object_type=label, object_id__in=[str(pk) for pk in pks])
    return AuditEntry.objects.filter(where).select_related("actor").order_by("-at", "-id")


# --- public ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicLetter:
    """An issued letter as the applicant sees it: title, number, date, and its delivery if recorded."""

    pk: int
    issued_on: date
    title: str
    number: str
    #: (date, how) of its recorded delivery (送达), or None: never claimed unless recorded.
    delivered: tuple[date, str] | None


@dataclass(frozen=True)
class PublicStatus:
    """What the status page may show: no personal data beyond a masked name and contact, no description;
    dates, state, the letters issued (and their delivery only where recorded), what to correct and by when."""

    agency: str
    agency_code: str
    number: str
    query_code: str
    state: str
    received_on: date
    due_date: date | None
    closed_on: date | None
    steps: list[tuple[date, str]]
    letters: list[PublicLetter]
    applicant: str
    contact: str
    #: In 待补正: what the correction notice asks, and by when ("" / None otherwise).
    correction_points: str = ""
    correction_due: date | None = None
    #: Whether the applicant may answer the correction online now.
    may_correct: bool = False


def application_for_query_code(*, query_code: str) -> Application | None:
    """The application with this 查询码 (as :func:`forms.query_code_clean` normalised it), or None."""
    return Application.objects.select_related("agency").filter(query_code=query_code).first()


def application_status_public(*, query_code: str) -> PublicStatus:
    """The public status of the application with this 查询码, or 404."""
    code = query_code.strip().upper()
    app = application_for_query_code(query_code=code)
    if app is None:
        raise Http404
    letters = [
        PublicLetter(
            pk=d.letter_pk,
            issued_on=d.issued_on,
            title=d.letter_title,
            number=d.letter_number,
            delivered=(d.delivered_on, d.method) if d.delivered_on is not None else None,
        )
        for d in deliveries_of(app)
    ]
    points, due = "", None
    awaiting = app.state == State.AWAITING_CORRECTION
    if awaiting:
        request = app.events.filter(event=Event.REQUEST_CORRECTION).order_by("-seq").first()
        if request is not None:
            payload = decode(Event.REQUEST_CORRECTION, request.data)
            assert isinstance(payload, RequestCorrection)
            points = payload.points
            due = _correction_due(app)
    return PublicStatus(
        agency=app.agency.name,
        agency_code=app.agency.code,
        number=app.number,
        query_code=app.query_code,
        state=app.state_label,
        received_on=app.received_on,
        due_date=app.due_date,
        closed_on=app.closed_on,
        steps=[(e.at, e.label) for e in app.events.order_by("seq")],
        letters=letters,
        applicant=mask(app.applicant_name, "name"),
        contact=mask(app.phone, "phone") if app.phone.strip() else mask(app.email, "email"),
        correction_points=points,
        correction_due=due,
        may_correct=awaiting and (State(app.state), Event.RECEIVE_CORRECTION) in TRANSITIONS,
    )


def _correction_due(app: Application) -> date | None:
    """The day the correction is due, as the core's clock counts it (None if the calendar cannot say)."""
    from gongkai_web.applications.services import case_of

    try:
        return case_of(app).correction_due
    except GongkaiError:
        return None


def letter_get_public(*, query_code: str, pk: int) -> Letter:
    """An issued letter of the application with this 查询码, or 404 (never another case's letter)."""
    letter = (
        Letter.objects.select_related("application").filter(pk=pk, application__query_code=query_code).first()
    )
    if letter is None:
        raise Http404
    return letter


# --- statistics (parts 三 and 四) -------------------------------------------------------------------


@dataclass(frozen=True)
class Part3:
    """Part 三 as the report shows it: cells keyed ``applications.<row>.<column>``."""

    template: Template
    cells: dict[str, CellValue]

    def rows(self) -> list[tuple[str, str, list[CellValue]]]:
        cols = [c.key for c in self.template.applications.columns]
        return [
            (r.printed, " ".join(r.group), [self.cells[f"applications.{r.key}.{c}"] for c in cols])
            for r in self.template.applications.rows
        ]


def part3(*, agency_ids: list[int] | None, year: int) -> Part3:
    """Part 三 for the agencies (None: all) and year, on the template of that year's report, as
    :data:`gongkai_web.applications.figures.APPLICATIONS` defines it (one GROUP BY)."""
    template = template_for_year(year)
    return Part3(template, APPLICATIONS.compute(agency_ids=agency_ids, year=year, template=template)[None])


@dataclass(frozen=True)
class Part4:
    template: Template
    cells: dict[str, CellValue]

    def rows(self) -> list[tuple[str, list[CellValue]]]:
        cols = [c.key for c in self.template.appeals.columns]
        return [
            (b.label, [self.cells[f"appeals.{b.key}.{c}"] for c in cols])
            for b in self.template.appeals.blocks
        ]


def part4(*, agency_ids: list[int] | None, year: int) -> Part4:
    """Part 四 for the agencies (None: all) and year, as :data:`gongkai_web.applications.figures.APPEALS`
    defines it (one GROUP BY)."""
    template = template_for_year(year)
    return Part4(template, APPEALS.compute(agency_ids=agency_ids, year=year, template=template)[None])
