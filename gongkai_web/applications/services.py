"""Writes on applications: intake, the ONE service that applies a workflow event, letters, appeals, notices.

Every write runs in one transaction with its audit row; e-mail goes out only after commit. State, due date,
outcome and closing date come from the core's Case (``gongkai.workflow``), never from the web layer.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai import letters
from gongkai.errors import CalendarNotCoveredError, GongkaiError
from gongkai.workdays import NoticeRow, validate_notice
from gongkai.workflow import (
    EVENT_LABELS,
    TRANSITIONS,
    Case,
    Event,
    Payload,
    ReceiveCorrection,
    State,
    decode,
    today_in_china,
)
from gongkai_web.agencies.models import Agency, Role
from gongkai_web.applications.calendar import calendar_current, calendar_forget
from gongkai_web.applications.case import case_replay, clock_of
from gongkai_web.applications.models import (
    MAX_PROOF_BYTES,
    PROOF_TYPES,
    Appeal,
    AppealResult,
    Application,
    CaseEvent,
    Channel,
    Delivery,
    HolidayNotice,
    Letter,
    LetterDelivery,
    OnlineCorrection,
    Proposal,
    ProposalState,
    RequestedForm,
)
from gongkai_web.applications.permissions import can_handle, can_load_calendar, can_register, event_rule
from gongkai_web.applications.workflow import APPROVE as PROPOSAL_APPROVE
from gongkai_web.applications.workflow import CASE_MACHINE, PROPOSAL_MACHINE
from gongkai_web.applications.workflow import RETURN as PROPOSAL_RETURN
from gongkai_web.common.audit import audit_record
from gongkai_web.common.changes import records_changed, years_between
from gongkai_web.common.errors import NotPermitted, Refused, ServiceError
from gongkai_web.common.i18n import in_document_language, label_pair_lazy
from gongkai_web.common.permissions import Actor, signed_in
from gongkai_web.common.reminders import reminder_claim
from gongkai_web.common.uploads import check_upload

#: 32 symbols without 0/O/1/I: 16 of them carry 80 bits, far beyond guessing.
QUERY_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 16


class IntakeError(ServiceError):
    """An application that cannot be registered as given (e.g. the date its channel needs is missing);
    ``field`` names the form field at fault, when there is one."""


class ConcurrentChangeError(Refused):
    """Someone else changed the application since the acting officer loaded it; nothing was saved."""


def query_code_new() -> str:
    """A fresh, unguessable 查询码 (16 symbols from :data:`QUERY_ALPHABET`)."""
    return "".join(secrets.choice(QUERY_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


@dataclass(frozen=True)
class Receipt:
    """The receipt date of an application under art. 31, and how it was fixed (in Chinese)."""

    on: date
    rule: str


def receipt_date(
    channel: str,
    *,
    submitted_on: date,
    signed_for_on: date | None = None,
    confirmed_on: date | None = None,
) -> Receipt:
    """The receipt date per 条例第三十一条: in person → the day submitted; post that is signed for → the day
    signed for; ordinary post → the day the agency confirms with the applicant; online, e-mail, fax → the day
    both sides confirm. Raises IntakeError when the date the channel needs is missing or precedes submission."""
    ch = Channel(channel)
    if ch is Channel.IN_PERSON:
        return Receipt(submitted_on, "当面提交，以提交之日为收到申请之日（条例第三十一条第（一）项）")
    if ch is Channel.REGISTERED_POST:
        if signed_for_on is None:
            raise IntakeError(
                "邮寄需签收的申请须填写签收日期",
                en="registered post needs the date it was signed for",
                field="signed_for_on",
            )
        day, rule = (
            signed_for_on,
            "以邮寄方式提交，以本机关签收之日为收到申请之日（条例第三十一条第（二）项）",
        )
    elif ch is Channel.ORDINARY_POST:
        if confirmed_on is None:
            raise IntakeError(
                "平常信函须填写与申请人确认之日",
                en="ordinary post needs the date the agency confirmed with the applicant",
                field="confirmed_on",
            )
        day, rule = (
            confirmed_on,
            "以平常信函提交，以与申请人确认之日为收到申请之日（条例第三十一条第（二）项）",
        )
    else:
        if confirmed_on is None:
            raise IntakeError(
                "通过互联网、电子邮件或传真提交的申请须填写双方确认之日",
                en="online, e-mail and fax applications need the date both sides confirmed",
                field="confirmed_on",
            )
        day, rule = (
            confirmed_on,
            "通过互联网渠道或传真提交，以双方确认之日为收到申请之日（条例第三十一条第（三）项）",
        )
    if day < submitted_on:
        raise IntakeError(
            "收到申请之日不能早于提交之日",
            en="the receipt date cannot precede submission",
            field="signed_for_on" if ch is Channel.REGISTERED_POST else "confirmed_on",
        )
    return Receipt(day, rule)


def _facts(app: Application) -> tuple[letters.Issuer, letters.Application]:
    """What the letters state about the issuing agency and the application (labels in Chinese)."""
    agency = app.agency
    issuer = letters.Issuer(name=agency.name, doc_prefix=agency.doc_prefix, review_body=agency.review_body)
    facts = letters.Application(
        applicant=app.applicant_name,
        case_number=app.number,
        query_code=app.query_code,
        received_on=app.received_on,
        channel=in_document_language(Channel(app.channel).label),
        receipt_rule=app.receipt_rule,
        description=str(app.description),
        requested_form=in_document_language(RequestedForm(app.requested_form).label),
        delivery=in_document_language(Delivery(app.delivery).label),
    )
    return issuer, facts


def _letter_compose(
    app: Application, kind: letters.LetterKind, case: Case, issued_on: date
) -> letters.LetterDocument:
    """The next letter of ``app`` (numbered after those issued), composed from ``case``; raises
    LetterRefusedError before anything is saved when the law's content is missing."""
    issuer, facts = _facts(app)
    number = letters.document_number(
        issuer,
        year=app.received_on.year,
        case_seq=int(app.number.rsplit("-", 1)[-1]),
        seq=app.letters.count() + 1,
    )
    return letters.compose(
        kind, case=case, issuer=issuer, application=facts, number=number, issued_on=issued_on
    )


def _letter_issue(
    *,
    app: Application,
    letter: letters.LetterDocument,
    event: CaseEvent | None,
    acting_user: Actor,
    proposal: Proposal | None = None,
) -> Letter:
    """Render the DOCX once and store it with its hash (call inside the caller's transaction)."""
    content = letters.render_docx(letter)
    user = signed_in(acting_user)
    stored = Letter.objects.create(
        application=app,
        event=event,
        kind=letter.kind,
        number=letter.number,
        issued_on=letter.issued_on,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        issued_by=user,
        proposal=proposal,
    )
    audit_record(
        acting_user=acting_user,
        action="letter_issue",
        obj=stored,
        agency=app.agency,
        changes={"application": app.pk, "kind": letter.kind.value, "sha256": stored.sha256},
    )
    if app.email:
        transaction.on_commit(functools.partial(_letter_mail, stored.pk))
    return stored


def _letter_mail(letter_pk: int) -> None:
    """Tell the applicant, at the e-mail address they gave, that a letter was issued (after commit). The mail
    names the agency, the letter and where to read it; never the 查询码 or the applicant's data."""
    letter = Letter.objects.select_related("application__agency").get(pk=letter_pk)
    app = letter.application
    with translation.override(settings.LANGUAGE_CODE):
        title = letter.title
        subject = _("%(agency)s: a document was issued on your application (%(title)s)") % {
            "agency": app.agency.name,
            "title": title,
        }
        site = str(settings.GONGKAI_SITE_URL).rstrip("/")
        body = "\n".join(
            [
                _(
                    "%(agency)s issued the document “%(title)s” (%(number)s) on %(day)s on your application %(case)s."
                )
                % {
                    "agency": app.agency.name,
                    "title": title,
                    "number": letter.number,
                    "day": letter.issued_on.isoformat(),
                    "case": app.number,
                },
                "",
                _("Read and download it on the status page of your application with your query code:"),
                f"{site}{reverse('applications_public:status_lookup')}",
            ]
        )
    # After commit the letter stands whatever the mail server does: a failed mail must not fail the page
    # (the applicant reads the letter on the status page anyway), as the site's other notices.
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [app.email], fail_silently=True)


def _number_next(agency: Agency, year: int) -> str:
    prefix = f"{year}-"
    last = Application.objects.filter(agency=agency, number__startswith=prefix).aggregate(m=Max("number"))[
        "m"
    ]
    seq = int(last.rsplit("-", 1)[-1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


def _application_create(
    *,
    agency: Agency,
    receipt: Receipt,
    channel: str,
    submitted_on: date,
    acting_user: Actor,
    fields: Mapping[str, Any],
) -> Application:
    cal = calendar_current()
    try:
        case = Case.receive(receipt.on, calendar=cal)
    except CalendarNotCoveredError as exc:
        raise IntakeError.of(exc) from exc
    due, gap = clock_of(case)
    user = signed_in(acting_user)
    for attempt in range(5):
        try:
            with transaction.atomic():
                app = Application.objects.create(
                    agency=agency,
                    number=_number_next(agency, receipt.on.year),
                    query_code=query_code_new(),
                    channel=channel,
                    submitted_on=submitted_on,
                    received_on=receipt.on,
                    receipt_rule=receipt.rule,
                    state=case.state,
                    due_date=due,
                    calendar_gap=gap,
                    created_by=user,
                    **fields,
                )
                audit_record(
                    acting_user=acting_user,
                    action="application_receive",
                    obj=app,
                    agency=agency,
                    changes={"channel": channel, "received_on": receipt.on, "due_date": due},
                )
                receipt_letter = _letter_compose(app, letters.LetterKind.RECEIPT, case, receipt.on)
                _letter_issue(app=app, letter=receipt_letter, event=None, acting_user=acting_user)
                _counted_changed(app, acting_user)
                return app
        except IntegrityError:
            token = fields.get("submission_token")
            if token:
                existing = Application.objects.filter(submission_token=token).first()
                if existing is not None:  # the same form posted twice: the case it filed, not a second
                    return existing
            if attempt == 4:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


APPLICANT_FIELDS = (
    "applicant_name",
    "applicant_category",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "description",
    "requested_form",
    "delivery",
)


def application_submit_online(
    *, agency: Agency, submission_token: str | None = None, **fields: Any
) -> Application:
    """A member of the public submits the online form. The system's immediate acknowledgement with the 查询码
    is taken as both sides' confirmation, so the receipt date is the day of submission in China [I].

    ``submission_token``: the one-time token of the form; the same token again (a refresh, a double click)
    returns the case it filed, never a second one (the column is unique, so this holds across workers)."""
    if submission_token:
        existing = Application.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    today = today_in_china()
    receipt = Receipt(
        today,
        "通过互联网在线申请平台提交，平台即时确认并发出查询码，以提交之日为收到申请之日（条例第三十一条第（三）项）",
    )
    return _application_create(
        agency=agency,
        receipt=receipt,
        channel=Channel.ONLINE,
        submitted_on=today,
        acting_user=None,
        fields={
            **{k: fields[k] for k in APPLICANT_FIELDS if k in fields},
            "submission_token": submission_token or None,
        },
    )


def application_register(
    *,
    agency: Agency,
    acting_user: Actor,
    channel: str,
    submitted_on: date,
    signed_for_on: date | None = None,
    confirmed_on: date | None = None,
    **fields: Any,
) -> Application:
    """Staff enter an application received in person, by post, fax, e-mail or online; the receipt date follows
    the channel's rule (:func:`receipt_date`). Refused for anyone but the agency's officers."""
    if not can_register(acting_user, agency):
        raise NotPermitted(gettext_lazy("Only the agency's officers may register applications."))
    receipt = receipt_date(
        channel, submitted_on=submitted_on, signed_for_on=signed_for_on, confirmed_on=confirmed_on
    )
    return _application_create(
        agency=agency,
        receipt=receipt,
        channel=channel,
        submitted_on=submitted_on,
        acting_user=acting_user,
        fields={k: fields[k] for k in APPLICANT_FIELDS if k in fields},
    )


def _counted_changed(app: Application, acting_user: Actor) -> None:
    """The application is counted in part 三 of each year from its receipt to its closing (or now)."""
    records_changed(
        agency_id=app.agency_id,
        years=years_between(app.received_on, app.closed_on),
        record=app,
        acting_user=acting_user,
    )


def case_of(app: Application) -> Case:
    """The core Case of ``app`` on the current calendar (its stored events replayed)."""
    events = app.events.order_by("seq").values_list("event", "at", "data")
    return case_replay(app.received_on, events, calendar_current())


def _conflict(seen: int, now: int) -> ConcurrentChangeError:
    return ConcurrentChangeError(
        f"该申请已被其他人更新（您打开时为第 {seen} 版，现为第 {now} 版），您的操作没有保存。"
        "请查看最新的办理记录后重新提交，您填写的内容已保留。",
        en=f"the application was changed by someone else (you saw version {seen}, it is now {now}); nothing was "
        "saved. Review the latest history and submit again; your input is kept.",
    )


def _fee_earlier(app: Application, at: date) -> int:
    """Items already charged by item to the same applicant in the same calendar month (109号)."""
    rows = (
        CaseEvent.objects.filter(
            event=Event.ISSUE_FEE_NOTICE,
            at__year=at.year,
            at__month=at.month,
            application__agency=app.agency,
            application__id_number=app.id_number,
        )
        .exclude(application=app)
        .values_list("data", flat=True)
    )
    return sum(
        int(d["fee"]["units"])
        for d in rows
        if isinstance(d.get("fee"), dict) and d["fee"]["method"] == "item"
    )


def application_apply_event(
    *,
    application: Application,
    payload: Payload,
    seen_version: int,
    acting_user: Actor,
    at: date | None = None,
) -> Application:
    """Apply the event ``payload`` (a typed payload of :mod:`gongkai.workflow.events`) to the application
    through the core (``Case.apply``), in one transaction: compose the event's letter, save the new state,
    due date, outcome and closing date with ``version + 1`` only if the version is still ``seen_version``
    (optimistic concurrency), record the event with its payload, issue the letter, write the audit row.

    Raises NotPermitted when the acting user may not record this event (its row of :data:`EVENT_RULES
    <gongkai_web.applications.permissions.EVENT_RULES>`), Refused when the event must be proposed and
    approved instead (:func:`application_event_propose`), TransitionRefusedError (the core's reason) when the
    workflow refuses, LetterRefusedError when the event's letter lacks what the law requires (or a date the
    calendar cannot compute yet), and ConcurrentChangeError when someone else changed the application first;
    nothing is saved then. The published report of every year the case is counted in is flagged if its
    figures change.
    """
    _may_record(application, payload, acting_user)
    if event_rule(payload.event).approved_by is not None:
        raise Refused(
            gettext_lazy("“%(event)s” takes effect once it is approved: propose it."),
            {"event": label_pair_lazy(EVENT_LABELS[payload.event])},
        )
    return _event_record(
        application=application, payload=payload, seen_version=seen_version, acting_user=acting_user, at=at
    )


def _may_record(application: Application, payload: Payload, acting_user: Actor) -> None:
    if not CASE_MACHINE.permits(payload.event.value, acting_user, application):
        raise NotPermitted(
            gettext_lazy("You may not record “%(event)s” on this application."),
            {"event": label_pair_lazy(EVENT_LABELS[payload.event])},
        )


def _event_record(
    *,
    application: Application,
    payload: Payload,
    seen_version: int,
    acting_user: Actor,
    at: date | None,
    proposal: Proposal | None = None,
) -> Application:
    """The event recorded, as :func:`application_apply_event` describes (its caller checked the right)."""
    e = payload.event
    day = at or today_in_china()
    with transaction.atomic():
        app = Application.objects.select_related("agency").get(pk=application.pk)
        if app.version != seen_version:
            raise _conflict(seen_version, app.version)
        before = case_of(app)
        try:
            after = before.apply(payload, at=day)
        except CalendarNotCoveredError as exc:
            raise Refused.of(exc) from exc
        kind = letters.letter_kind_after(after)
        letter = _letter_compose(app, kind, after, day) if kind is not None else None
        due, gap = clock_of(after)
        outcome = after.outcome.value if after.outcome is not None else ""
        updated = Application.objects.filter(pk=app.pk, version=seen_version).update(
            state=after.state,
            due_date=due,
            calendar_gap=gap,
            outcome=outcome,
            closed_on=after.closed_on,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if updated != 1:
            raise _conflict(
                seen_version, Application.objects.values_list("version", flat=True).get(pk=app.pk)
            )
        seq = app.events.count() + 1
        user = signed_in(acting_user)
        record = CaseEvent.objects.create(
            application=app, seq=seq, event=e, at=day, data=payload.to_json(), actor=user
        )
        app.refresh_from_db()
        audit_record(
            acting_user=acting_user,
            action=f"application_{e.value}",
            obj=app,
            agency=app.agency,
            changes={
                "state": [before.state, after.state],
                "due_date": [clock_of(before)[0], due],
                "version": [seen_version, app.version],
                "event": seq,
            },
        )
        if letter is not None:
            _letter_issue(app=app, letter=letter, event=record, acting_user=acting_user, proposal=proposal)
        _counted_changed(app, acting_user)
    return app


# --- events proposed by one person, approved by another --------------------------------------------------

#: What an ``approved_by`` of a draft holds until a leader approves it (the core wants a name to check it).
_AWAITING_APPROVER = "（待审核）"


def approver_name(user: Actor) -> str:
    """How a letter names the person who approved it: their full name, else their user name."""
    u = signed_in(user)
    if u is None:
        return ""
    return (u.get_full_name() or u.get_username()).strip()


def _as_approved(payload: Payload, name: str) -> Payload:
    """``payload`` as approved by ``name``: a payload that records who approved it (延期's 机构负责人同意,
    条例第三十三条第二款) names the approver in the system, never a name the drafter typed."""
    if any(f.name == "approved_by" for f in dataclasses.fields(payload)):
        return dataclasses.replace(payload, approved_by=name)
    return payload


def application_event_propose(
    *,
    application: Application,
    payload: Payload,
    seen_version: int,
    acting_user: Actor,
    at: date | None = None,
) -> Proposal:
    """Propose an event whose row of ``EVENT_RULES`` names who approves it: checked now as it would be
    recorded (the core's guards, the letter's content), stored as a ``Proposal``; nothing happens to the case
    until it is approved (:func:`proposal_approve`). Refused (NotPermitted) for anyone the row does not let
    record it, and for an event that needs no approval (record it instead)."""
    _may_record(application, payload, acting_user)
    if event_rule(payload.event).approved_by is None:
        raise Refused(
            gettext_lazy("“%(event)s” needs no approval: record it."),
            {"event": label_pair_lazy(EVENT_LABELS[payload.event])},
        )
    day = at or today_in_china()
    payload = _as_approved(payload, "")
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
        if app.version != seen_version:
            raise _conflict(seen_version, app.version)
        if app.proposals.filter(state=ProposalState.PROPOSED).exists():
            raise Refused(
                gettext_lazy(
                    "A draft on this application awaits review: wait for the decision before drafting another."
                )
            )
        try:
            after = case_of(app).apply(_as_approved(payload, _AWAITING_APPROVER), at=day)
        except CalendarNotCoveredError as exc:
            raise Refused.of(exc) from exc
        kind = letters.letter_kind_after(after)
        if kind is not None:
            _letter_compose(app, kind, after, day)  # refuses now what the letter would lack
        proposal = Proposal.objects.create(
            application=app,
            event=payload.event,
            at=day,
            data=payload.to_json(),
            seen_version=seen_version,
            author=signed_in(acting_user),
        )
        audit_record(
            acting_user=acting_user,
            action="proposal_create",
            obj=proposal,
            agency=app.agency,
            changes={"application": app.pk, "event": payload.event.value, "at": day},
        )
    return proposal


def proposal_approve(*, proposal: Proposal, acting_user: Actor) -> Application:
    """Approve a proposed event: it is recorded now, by the approver (its letter issued), as proposed. Refused
    for its proposer and for anyone its row does not let approve it; if the case changed since it was
    proposed, ConcurrentChangeError and nothing is saved (return it, and propose again)."""
    with transaction.atomic():
        approved = PROPOSAL_MACHINE.apply(
            proposal,
            action=PROPOSAL_APPROVE,
            acting_user=acting_user,
            updates={"approver": signed_in(acting_user)},
        )
        return _event_record(
            application=approved.application,
            payload=_as_approved(decode(approved.event, approved.data), approver_name(acting_user)),
            seen_version=approved.seen_version,
            acting_user=acting_user,
            at=approved.at,
            proposal=approved,
        )


def proposal_return(*, proposal: Proposal, acting_user: Actor, reason: str) -> Proposal:
    """Return a proposed event to its proposer with a reason (required); the case is untouched."""
    return PROPOSAL_MACHINE.apply(
        proposal,
        action=PROPOSAL_RETURN,
        acting_user=acting_user,
        updates={"return_reason": reason.strip(), "approver": signed_in(acting_user)},
    )


# --- the applicant's online 补正 ------------------------------------------------------------------------


def application_correct_online(
    *,
    application: Application,
    text: str,
    filename: str = "",
    content: bytes = b"",
    at: date | None = None,
) -> OnlineCorrection:
    """The applicant answers the correction notice on the site with the 查询码: recorded as 收到补正 through the
    case's one event path (the core restarts the clock), with their text and file kept beside the event, and
    audited with the applicant as the actor (no staff account: ``actor`` is empty, ``changes`` says who).
    Refused when the case awaits no correction (the core's table says what may follow the state)."""
    payload = ReceiveCorrection()
    if (State(application.state), payload.event) not in TRANSITIONS:
        raise Refused(gettext_lazy("This application is not awaiting a correction."))
    with transaction.atomic():
        app = _event_record(
            application=application,
            payload=payload,
            seen_version=application.version,
            acting_user=None,
            at=at,
        )
        event = app.events.order_by("-seq").first()
        assert event is not None
        correction = OnlineCorrection.objects.create(
            application=app,
            event=event,
            text=text,
            filename=filename[:200],
            content=content,
            sha256=hashlib.sha256(content).hexdigest() if content else "",
        )
        audit_record(
            acting_user=None,
            action="application_correct_online",
            obj=app,
            agency=app.agency,
            changes={
                "actor": "applicant",
                "event": event.seq,
                "characters": len(text),
                "attachment": correction.sha256,
            },
        )
    return correction


def proposal_draft(*, proposal: Proposal) -> letters.LetterDocument | None:
    """The letter a pending draft would issue if approved now, for its review (composed, never stored; the
    文号 is the one it would take). None: the event issues no letter, or the case moved on."""
    app = proposal.application
    if app.version != proposal.seen_version:
        return None
    payload = _as_approved(decode(proposal.event, proposal.data), _AWAITING_APPROVER)
    try:
        after = case_of(app).apply(payload, at=proposal.at)
        kind = letters.letter_kind_after(after)
        return _letter_compose(app, kind, after, proposal.at) if kind is not None else None
    except GongkaiError:
        return None


# --- delivery (送达) ---------------------------------------------------------------------------------


def letter_delivery_record(
    *,
    letter: Letter,
    method: str,
    delivered_on: date,
    tracking_number: str = "",
    proof: bytes = b"",
    proof_name: str = "",
    acting_user: Actor,
) -> LetterDelivery:
    """Record how and when an issued letter was delivered (送达), with its proof: a tracking or receipt number,
    or a scan (PDF, JPG or PNG up to :data:`MAX_PROOF_BYTES`), at least one. Refused (NotPermitted) for anyone
    but the agency's officers and leaders; Refused for a second delivery of the same letter, a date before
    the letter was issued or after today, or a proof missing, too large or of another type."""
    app = letter.application
    if not can_handle(acting_user, app):
        raise NotPermitted(gettext_lazy("Only the agency's officers and leaders may record deliveries."))
    if method not in Delivery.values:
        raise Refused(gettext_lazy("Choose the means of delivery."), field="method")
    tracking = tracking_number.strip()
    if delivered_on < letter.issued_on:
        raise Refused(
            gettext_lazy("The delivery date cannot precede the letter's issue (%(issued)s)."),
            {"issued": letter.issued_on.isoformat()},
            field="delivered_on",
        )
    if delivered_on > today_in_china():
        raise Refused(gettext_lazy("The delivery date cannot be in the future."), field="delivered_on")
    if not tracking and not proof:
        raise Refused(
            gettext_lazy("Give the proof of delivery: a tracking or receipt number, or a scan."),
            field="tracking_number",
        )
    content_type = ""
    if proof:
        ext = check_upload(
            name=proof_name or "proof",
            size=len(proof),
            data=io.BytesIO(proof),
            max_bytes=MAX_PROOF_BYTES,
            allowed=tuple(PROOF_TYPES),
            field="proof",
        )
        content_type = PROOF_TYPES[ext]
    with transaction.atomic():
        Letter.objects.select_for_update().get(pk=letter.pk)
        if LetterDelivery.objects.filter(letter=letter).exists():
            raise Refused(gettext_lazy("The delivery of this letter is already recorded."))
        delivery = LetterDelivery.objects.create(
            letter=letter,
            method=method,
            delivered_on=delivered_on,
            tracking_number=tracking,
            proof=proof,
            proof_name=proof_name[-200:] if proof else "",
            proof_type=content_type,
            proof_sha256=hashlib.sha256(proof).hexdigest() if proof else "",
            recorded_by=signed_in(acting_user),
        )
        audit_record(
            acting_user=acting_user,
            action="letter_delivery_record",
            obj=delivery,
            agency=app.agency,
            changes={
                "letter": letter.number,
                "method": method,
                "delivered_on": delivered_on,
                "tracking_number": tracking,
                "proof_sha256": delivery.proof_sha256,
            },
        )
    return delivery


# --- appeals -----------------------------------------------------------------------------------------


def _appeal_changed(appeal: Appeal, acting_user: Actor) -> None:
    """An appeal is counted in part 四 of the year it was filed."""
    records_changed(
        agency_id=appeal.agency_id, years=[appeal.filed_on.year], record=appeal, acting_user=acting_user
    )


def appeal_record(
    *, application: Application, kind: str, filed_on: date, body: str = "", acting_user: Actor
) -> Appeal:
    """Record a reconsideration or a lawsuit about the application's reply (pending until decided)."""
    if not can_handle(acting_user, application):
        raise NotPermitted(gettext_lazy("Only the agency's officers and leaders may record appeals."))
    with transaction.atomic():
        appeal = Appeal.objects.create(
            application=application, agency=application.agency, kind=kind, filed_on=filed_on, body=body
        )
        audit_record(
            acting_user=acting_user,
            action="appeal_record",
            obj=appeal,
            agency=application.agency,
            changes={"application": application.pk, "kind": kind, "filed_on": filed_on},
        )
        _appeal_changed(appeal, acting_user)
    return appeal


def appeal_decide(
    *, appeal: Appeal, result: str, decided_on: date, note: str = "", acting_user: Actor
) -> Appeal:
    """Record the decision of an appeal: upheld, corrected or other (part 四's columns)."""
    if not can_handle(acting_user, appeal):
        raise NotPermitted(gettext_lazy("Only the agency's officers and leaders may record appeals."))
    r = AppealResult(result)
    if r is AppealResult.PENDING:
        raise Refused(gettext_lazy("Choose the result of the reconsideration or lawsuit."), field="result")
    if decided_on < appeal.filed_on:
        raise Refused(
            gettext_lazy("The decision cannot precede the filing (%(filed)s)."),
            {"filed": appeal.filed_on.isoformat()},
            field="decided_on",
        )
    with transaction.atomic():
        old = [appeal.result, appeal.decided_on]
        Appeal.objects.filter(pk=appeal.pk).update(result=r, decided_on=decided_on, note=note)
        appeal.refresh_from_db()
        audit_record(
            acting_user=acting_user,
            action="appeal_decide",
            obj=appeal,
            agency=appeal.agency,
            changes={"result": [old[0], r.value], "decided_on": [old[1], decided_on]},
        )
        _appeal_changed(appeal, acting_user)
    return appeal


# --- the calendar ------------------------------------------------------------------------------------


def _must_load_calendar(acting_user: Actor) -> None:
    if acting_user is not None and not can_load_calendar(acting_user):
        raise NotPermitted(
            gettext_lazy("Only the site's operator (a superuser) may load the working-day calendar.")
        )


def holiday_notice_load(*, year: int, rows: Iterable[NoticeRow], acting_user: Actor) -> int:
    """Store (or replace) the holiday notice for ``year`` after the core validated it, then recompute the due
    dates of open applications. Returns how many due dates changed. Raises CalendarNoticeError."""
    _must_load_calendar(acting_user)
    validated = validate_notice(year, list(rows))
    stored = [{"date": r.day.isoformat(), "kind": r.kind, "name": r.name} for r in validated]
    user = signed_in(acting_user)
    with transaction.atomic():
        notice, created = HolidayNotice.objects.update_or_create(
            year=year, defaults={"rows": stored, "loaded_by": user}
        )
        audit_record(
            acting_user=acting_user,
            action="holiday_notice_load",
            obj=notice,
            agency=None,
            changes={"year": year, "rows": len(stored), "created": created},
        )
        transaction.on_commit(calendar_forget)
    calendar_forget()
    return due_dates_recompute(acting_user=acting_user)


def due_dates_recompute(*, acting_user: Actor = None) -> int:
    """Recompute the due date of every open application on the current calendar; returns how many changed.

    Each change bumps the version (an officer's form opened before then gets a conflict, not a stale write).
    The report layer hears of the changed applications once per agency, at the end (a due date is counted in
    no figure, so one check per agency and year is enough, however many cases a calendar moves).
    """
    _must_load_calendar(acting_user)
    changed = 0
    years_of: dict[int, set[int]] = {}
    open_ids = list(Application.objects.open().values_list("pk", flat=True))
    for pk in open_ids:
        with transaction.atomic():
            app = Application.objects.select_related("agency").get(pk=pk)
            try:
                due, gap = clock_of(case_of(app))
            except GongkaiError:
                continue
            if (due, gap) == (app.due_date, app.calendar_gap):
                continue
            n = Application.objects.filter(pk=pk, version=app.version).update(
                due_date=due, calendar_gap=gap, version=F("version") + 1, updated_at=timezone.now()
            )
            if n:
                changed += 1
                audit_record(
                    acting_user=acting_user,
                    action="application_due_recompute",
                    obj=app,
                    agency=app.agency,
                    changes={"due_date": [app.due_date, due]},
                )
                years_of.setdefault(app.agency_id, set()).update(
                    years_between(app.received_on, app.closed_on)
                )
    with transaction.atomic():
        for agency_id, years in years_of.items():
            records_changed(
                agency_id=agency_id,
                years=years,
                record="applications.application due dates",
                acting_user=acting_user,
            )
    return changed


# --- reminders ---------------------------------------------------------------------------------------


def reminders_send(*, today: date | None = None, horizon: int = 3) -> int:
    """E-mail each officer of each agency the open applications due within ``horizon`` working days or overdue.

    Only case numbers, states and due dates are sent (no applicant data). Mail goes out after commit, at
    most once per agency and day (run again the same day, it sends nothing new). Returns the number of
    messages queued.
    """
    from gongkai_web.applications.selectors import applications_due_soon, applications_overdue

    day = today or today_in_china()
    sent = 0
    # Written in the site's language: the recipients chose none.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        with_open = Application.objects.open().values("agency_id")
        for agency in Agency.objects.filter(id__in=with_open).order_by("code"):
            soon = list(applications_due_soon(agency=agency, today=day, horizon=horizon))
            late = list(applications_overdue(agency=agency, today=day))
            if not soon and not late:
                continue
            lines = [
                _("%(agency)s: reminder of applications for disclosure (%(day)s)")
                % {"agency": agency.name, "day": day.isoformat()},
                "",
            ]
            row = _("  %(number)s  %(state)s  due %(due)s")
            if late:
                lines.append(_("Overdue:"))
                lines += [row % {"number": a.number, "state": a.state_label, "due": a.due_date} for a in late]
            if soon:
                lines.append(_("Due within %(days)d working days:") % {"days": horizon})
                lines += [row % {"number": a.number, "state": a.state_label, "due": a.due_date} for a in soon]
            recipients = sorted(
                {
                    m.user.email
                    for m in agency.memberships.filter(role=Role.OFFICER).select_related("user")
                    if m.user.email
                }
            )
            if not recipients or not reminder_claim(kind="applications", agency_id=agency.pk, day=day):
                continue
            subject = _("[Reminder] %(agency)s: %(late)d overdue, %(soon)d due soon") % {
                "agency": agency.name,
                "late": len(late),
                "soon": len(soon),
            }
            body = "\n".join(lines)
            transaction.on_commit(
                functools.partial(send_mail, subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
            )
            sent += 1
    return sent


__all__ = [
    "ConcurrentChangeError",
    "IntakeError",
    "appeal_decide",
    "appeal_record",
    "application_apply_event",
    "application_correct_online",
    "application_event_propose",
    "application_register",
    "application_submit_online",
    "case_of",
    "due_dates_recompute",
    "holiday_notice_load",
    "letter_delivery_record",
    "proposal_approve",
    "proposal_draft",
    "proposal_return",
    "query_code_new",
    "receipt_date",
    "reminders_send",
]
