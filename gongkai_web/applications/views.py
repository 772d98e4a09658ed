"""Pages of applications (the public ones are in ``views_public``): the officer's queue, case page, statistics, calendar.

Views validate and call one service; reads go through selectors scoped to the user's agency (404 outside).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.errors import GongkaiError
from gongkai.workflow import EVENT_LABELS, Event, outcome_label, today_in_china
from gongkai_web.agencies.scoping import agency_get_for_user
from gongkai_web.applications import selectors, services
from gongkai_web.applications.calendar import calendar_current
from gongkai_web.applications.forms import (
    EVENT_FORMS,
    AppealDecideForm,
    AppealForm,
    CaseFilterForm,
    DeliveryForm,
    EventForm,
    FeeForm,
    HolidayNoticeForm,
    ProposalReturnForm,
    StaffApplicationForm,
)
from gongkai_web.applications.models import MAX_PROOF_BYTES, Application, HolidayNotice, ProposalState
from gongkai_web.applications.permissions import can_handle, can_load_calendar, can_register, event_rule
from gongkai_web.applications.privacy import applicant_of
from gongkai_web.applications.workflow import CASE_MACHINE, PROPOSAL_MACHINE, RETURN
from gongkai_web.common.downloads import file_response
from gongkai_web.common.errors import NotPermitted, to_form, to_messages
from gongkai_web.common.i18n import core_lang, label_pair, message

# --- public: gongkai_web.applications.views_public ----------------------------------------------------


# --- staff -------------------------------------------------------------------------------------------


@login_required
def queue(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, code=code)
    filter_form = CaseFilterForm(request.GET or None)
    filters = filter_form.filters() if request.GET else selectors.CaseFilter()
    page, rows, count = selectors.case_page(
        agency=agency, user=request.user, filters=filters, page=request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "applications/queue.html",
        {
            "agency": agency,
            "q": selectors.queue_for(agency=agency),
            "today": today_in_china(),
            "can_register": can_register(request.user, agency),
            "filter_form": filter_form,
            "page": page,
            "rows": rows,
            "count": count,
            "query": query.urlencode(),
        },
    )


@login_required
def register(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, code=code)
    if not can_register(request.user, agency):
        raise NotPermitted(_("Only the agency's officers may register applications."))
    form = StaffApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            app = services.application_register(agency=agency, acting_user=request.user, **data)
        except GongkaiError as exc:
            to_form(form, exc)
        else:
            messages.success(request, _("Application %(number)s registered.") % {"number": app.number})
            return redirect("applications:detail", pk=app.pk)
    return render(request, "applications/register.html", {"agency": agency, "form": form})


def _detail_context(
    request: HttpRequest, app: Application, *, bound: EventForm | None = None
) -> dict[str, Any]:
    handle = can_handle(request.user, app)
    reviews = list(selectors.proposals_of(application=app))
    returned = reviews[0] if reviews and reviews[0].state == ProposalState.RETURNED else None
    pending = any(p.state == ProposalState.PROPOSED for p in reviews)
    forms: list[tuple[str, str, EventForm, bool]] = []
    for move in CASE_MACHINE.available(app, request.user):
        event = Event(move.action)
        if pending and event_rule(event).approved_by is not None:
            continue  # one draft at a time: the service refuses another while one awaits review
        if bound is not None and bound.event == event:
            form = bound
        else:
            initial: dict[str, Any] = {"version": app.version}
            if returned is not None and returned.event == event.value:
                # The returned draft, to revise: its input again, for the officer to change.
                fields = EVENT_FORMS[event].base_fields
                initial |= {k: v for k, v in returned.data.items() if k in fields and k != "version"}
                initial["at"] = returned.at
            form = EVENT_FORMS[event](initial=initial, prefix=event.value)
        proposed = event_rule(event).approved_by is not None
        forms.append((event.value, label_pair(EVENT_LABELS[event]), form, proposed))
    proposals = [
        (
            p,
            [
                (m.action, PROPOSAL_MACHINE.label(m.action))
                for m in PROPOSAL_MACHINE.available(p, request.user)
            ],
            services.proposal_draft(proposal=p),
        )
        for p in selectors.proposals_pending(application=app)
    ]
    try:
        explain = services.case_of(app).explain_due(core_lang())
    except GongkaiError as exc:
        explain = message(exc)
    audit = selectors.case_audit(app)
    events = list(app.events.select_related("actor").order_by("seq"))
    return {
        "app": app,
        "outcome_text": outcome_label(app.outcome) if app.outcome else "",
        "events": events,
        "letters": [
            (
                letter,
                DeliveryForm(
                    initial={"method": app.delivery, "delivered_on": today_in_china()},
                    auto_id=f"id_delivery{letter.pk}_%s",
                ),
            )
            for letter in app.letters.select_related("delivery", "proposal__author", "issued_by").order_by(
                "issued_on", "id"
            )
        ],
        "applicant": applicant_of(app, request.user),
        "reviews": [p for p in reviews if p.state == ProposalState.RETURNED],
        "appeals": app.appeals.all(),
        "forms": forms,
        "proposals": proposals,
        "return_form": ProposalReturnForm(),
        "can_handle": handle,
        "explain": explain,
        "audit": audit[:100],
        "appeal_form": AppealForm(),
        "decide_form": AppealDecideForm(),
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    return render(request, "applications/detail.html", _detail_context(request, app))


@login_required
@require_POST
def event(request: HttpRequest, pk: int, event: str) -> HttpResponse:
    """Apply one workflow event; a refusal or a concurrent change re-shows the case with the input kept."""
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    try:
        e = Event(event)
    except ValueError:
        raise Http404 from None
    if not CASE_MACHINE.permits(e.value, request.user, app):
        raise NotPermitted(_("You may not record this event."))
    form = EVENT_FORMS[e](request.POST, prefix=e.value)
    if isinstance(form, FeeForm):
        form.earlier = services._fee_earlier(app, today_in_china())
    status = 400
    proposed = event_rule(e).approved_by is not None
    if form.is_valid():
        try:
            record = services.application_event_propose if proposed else services.application_apply_event
            record(
                application=app,
                payload=form.payload(),
                seen_version=form.cleaned_data["version"],
                acting_user=request.user,
                at=form.cleaned_data.get("at") or None,
            )
        except services.ConcurrentChangeError as exc:
            messages.error(request, message(exc))
            status = 409
        except NotPermitted:
            raise
        except GongkaiError as exc:
            messages.error(request, message(exc))
        else:
            done = _("Proposed, awaiting approval: %(event)s.") if proposed else _("Done: %(event)s.")
            messages.success(request, done % {"event": label_pair(EVENT_LABELS[e])})
            return redirect("applications:detail", pk=app.pk)
    app.refresh_from_db()
    return render(
        request, "applications/detail.html", _detail_context(request, app, bound=form), status=status
    )


@login_required
@require_POST
def proposal_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Approve a proposed event (it is recorded now, its letter issued) or return it with a reason."""
    proposal = selectors.proposal_get_for_user(user=request.user, pk=pk)
    if action not in PROPOSAL_MACHINE.actions():
        raise Http404
    try:
        if action == RETURN:
            form = ProposalReturnForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.proposal_return(proposal=proposal, acting_user=request.user, reason=reason)
        else:
            services.proposal_approve(proposal=proposal, acting_user=request.user)
    except NotPermitted:
        raise
    except GongkaiError as exc:
        messages.error(request, message(exc))
    else:
        messages.success(request, _("Done: %(event)s.") % {"event": proposal.label})
    return redirect("applications:detail", pk=proposal.application_id)


@login_required
@require_POST
def delivery_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the delivery (送达) of an issued letter: means, date, proof."""
    letter = selectors.letter_get_for_user(user=request.user, pk=pk)
    if not can_handle(request.user, letter.application):
        raise NotPermitted(_("Only the agency's officers and leaders may record deliveries."))
    form = DeliveryForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("applications:detail", pk=letter.application_id)
    upload = form.cleaned_data.get("proof")
    d = form.cleaned_data
    to_messages(
        request,
        lambda: services.letter_delivery_record(
            letter=letter,
            method=d["method"],
            delivered_on=d["delivered_on"],
            tracking_number=d["tracking_number"],
            proof=upload.read(MAX_PROOF_BYTES + 1) if upload is not None else b"",
            proof_name=upload.name if upload is not None else "",
            acting_user=request.user,
        ),
        done=_("Delivery of %(number)s recorded.") % {"number": letter.number},
    )
    return redirect("applications:detail", pk=letter.application_id)


@login_required
def delivery_proof(request: HttpRequest, pk: int) -> HttpResponse:
    """The proof of a delivery as uploaded (for the agency's officers and leaders)."""
    delivery = selectors.delivery_get_for_user(user=request.user, pk=pk)
    if not can_handle(request.user, delivery.letter.application) or not delivery.proof_name:
        raise Http404
    return file_response(
        bytes(delivery.proof), content_type=delivery.proof_type, filename=delivery.proof_name
    )


@login_required
def letter_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored bytes of an issued letter, exactly as issued."""
    letter = selectors.letter_get_for_user(user=request.user, pk=pk)
    response = file_response(
        bytes(letter.content),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename=letter.filename,
    )
    response["X-Content-SHA256"] = letter.sha256
    return response


@login_required
@require_POST
def appeal_add(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    if not can_handle(request.user, app):
        raise NotPermitted(_("Only the agency's officers and leaders may record appeals."))
    form = AppealForm(request.POST)
    if form.is_valid():
        services.appeal_record(application=app, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Reconsideration or lawsuit recorded."))
    else:
        messages.error(request, _("Fill in the kind and the date."))
    return redirect("applications:detail", pk=app.pk)


@login_required
@require_POST
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = selectors.appeal_get_for_user(user=request.user, pk=pk)
    if not can_handle(request.user, appeal):
        raise NotPermitted(_("Only the agency's officers and leaders may record appeals."))
    form = AppealDecideForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_decide(appeal=appeal, acting_user=request.user, **form.cleaned_data)
        except GongkaiError as exc:
            messages.error(request, message(exc))
        else:
            messages.success(request, _("Result recorded."))
    else:
        messages.error(request, _("Choose a result and fill in the date."))
    return redirect("applications:detail", pk=appeal.application_id)


@login_required
def stats(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Parts 三 and 四 of the agency's report for ``year``, as the report will show them."""
    agency = agency_get_for_user(user=request.user, code=code)
    if not 2008 <= year <= today_in_china().year + 1:
        raise Http404
    p3 = selectors.part3(agency_ids=[agency.pk], year=year)
    p4 = selectors.part4(agency_ids=[agency.pk], year=year)
    return render(
        request,
        "applications/stats.html",
        {
            "agency": agency,
            "year": year,
            "p3": p3,
            "p4": p4,
            "columns": p3.template.applications.columns,
            "appeal_columns": p4.template.appeals.columns,
        },
    )


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    """Load a year's holiday notice (agency administrators and superusers); open cases' due dates follow."""
    if not can_load_calendar(request.user):
        raise NotPermitted(_("Only the site's operator (a superuser) may load the working-day calendar."))
    form = HolidayNoticeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.holiday_notice_load(
                year=form.cleaned_data["year"], rows=form.cleaned_data["rows"], acting_user=request.user
            )
        except GongkaiError as exc:
            to_form(form, exc)
        else:
            messages.success(
                request,
                _("Holiday notice of %(year)d loaded; due dates of %(count)d applications recomputed.")
                % {"year": form.cleaned_data["year"], "count": changed},
            )
            return redirect("applications:calendar")
    return render(
        request,
        "applications/calendar.html",
        {
            "form": form,
            "notices": HolidayNotice.objects.all(),
            "years": calendar_current().years,
        },
    )


@login_required
def correction_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The file the applicant attached to a correction answered online, as received."""
    correction = selectors.online_correction_get_for_user(user=request.user, pk=pk)
    return file_response(
        bytes(correction.content), content_type="application/octet-stream", filename=correction.filename
    )
