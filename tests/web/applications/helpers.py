"""Builders of applications for the site tests (through the real services)."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.workflow import Event, Payload, decode

APPLICANT = {
    "applicant_name": "测试申请人",
    "applicant_category": "natural_person",
    "id_type": "resident_id",
    "id_number": "110101199001011237",
    "phone": "13800000000",
    "email": "applicant@example.org",
    "address": "北京市东城区某路1号",
    "description": "2024年本机关行政许可决定书",
    "requested_form": "electronic",
    "delivery": "email",
}


def applicant(**over: Any) -> dict[str, Any]:
    return {**APPLICANT, **over}


def officer_of(agency: Any) -> Any:
    """An officer of ``agency`` (the same account each time)."""
    from tests.web.factories import member

    return member(agency, "officer", username=f"case-officer-{agency.code}")


def received(agency: Any, on: date, *, acting_user: Any = None, **over: Any) -> Any:
    """An application registered by staff (by default an officer of ``agency``) as received in person on ``on``."""
    from gongkai_web.applications.services import application_register

    return application_register(
        agency=agency,
        acting_user=acting_user or officer_of(agency),
        channel="in_person",
        submitted_on=on,
        **applicant(**over),
    )


def reviewer_of(agency: Any, *, not_: Any = None) -> Any:
    """A leader of ``agency`` who reviews the letters (the same account each time; another if ``not_`` is it)."""
    from tests.web.factories import member

    leader = member(agency, "leader", username=f"case-leader-{agency.code}")
    if not_ is not None and leader.pk == not_.pk:
        return member(agency, "leader", username=f"case-leader2-{agency.code}")
    return leader


def act(app: Any, move: Payload | Event | str, at: date, user: Any = None, **data: Any) -> Any:
    """Apply ``move`` (a payload, or an event name with its payload's fields as ``data``) at the
    application's current version, as ``user`` (by default an officer of the application's agency). An event
    that issues a letter is drafted by ``user`` and approved by a leader (:func:`reviewer_of`), as the site
    wants it (``permissions.EVENT_RULES``)."""
    from gongkai_web.applications.permissions import event_rule
    from gongkai_web.applications.services import (
        application_apply_event,
        application_event_propose,
        proposal_approve,
    )

    app.refresh_from_db()
    payload = move if isinstance(move, Payload) else decode(move, data)
    actor = user or officer_of(app.agency)
    if event_rule(payload.event).approved_by is None:
        return application_apply_event(
            application=app, payload=payload, seen_version=app.version, acting_user=actor, at=at
        )
    draft = application_event_propose(
        application=app, payload=payload, seen_version=app.version, acting_user=actor, at=at
    )
    return proposal_approve(proposal=draft, acting_user=reviewer_of(app.agency, not_=actor))


def approve_pending(app: Any, leader: Any = None) -> Any:
    """The draft awaiting review on ``app``, if any, approved through the case page by a leader (the
    agency's reviewer by default); returns the response (None when nothing awaited review)."""
    from django.test import Client
    from django.urls import reverse

    draft = app.proposals.filter(state="proposed").first()
    if draft is None:
        return None
    client = Client()
    client.force_login(leader or reviewer_of(app.agency))
    return client.post(reverse("applications:proposal_action", kwargs={"pk": draft.pk, "action": "approve"}))


def world_case(w: Any) -> Any:
    """An application of the world's agency, answered, with one pending appeal (for the authorisation table)."""
    from gongkai_web.applications.services import appeal_record

    app = received(w.agency, date(2024, 9, 27), acting_user=w.users["officer"])
    app = act(app, Event.ANSWER, date(2024, 10, 9), w.users["officer"], outcome="granted")
    appeal_record(
        application=app, kind="reconsideration", filed_on=date(2024, 11, 1), acting_user=w.users["officer"]
    )
    return app


def world_proposal(w: Any) -> Any:
    """A draft awaiting review on the world's case (an answer again, on a case already answered: a leader's
    approval is refused by the workflow, so the authorisation table sees who may decide, not the outcome)."""
    from gongkai_web.applications.models import Proposal

    app = world_case(w)
    found = app.proposals.filter(state="proposed").first()
    if found is not None:
        return found
    return Proposal.objects.create(
        application=app,
        event="answer",
        at=date(2024, 10, 1),
        data={"outcome": "granted"},
        seen_version=app.version,
        author=w.users["officer"],
    )


def form_token(client: Any, agency: Any) -> str:
    """The one-time token of a freshly opened online form of ``agency`` (as a browser gets it)."""
    import re

    from django.urls import reverse

    html = client.get(reverse("applications_public:form", kwargs={"code": agency.code})).content.decode()
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found, "the online form carries no token"
    return found.group(1)


def apply_online(client: Any, agency: Any, *, follow: bool = False, **over: Any) -> Any:
    """Open the online form of ``agency`` and post it as the applicant (``over``: fields changed); the
    response to the POST (a redirect to the confirmation when it was filed)."""
    from django.urls import reverse

    data = {**applicant(**over), "token": form_token(client, agency)}
    return client.post(reverse("applications_public:form", kwargs={"code": agency.code}), data, follow=follow)


def world_correction(w: Any) -> Any:
    """A correction answered online (with a file) on a case of the world's agency."""
    from gongkai_web.applications.services import application_correct_online

    app = received(w.agency, date(2024, 9, 27), acting_user=w.users["officer"])
    app = act(app, Event.REQUEST_CORRECTION, date(2024, 9, 30), w.users["officer"], points="请写明文号")
    return application_correct_online(
        application=app,
        text="文号为某发〔2024〕1号",
        filename="补正.pdf",
        content=b"%PDF-1.4",
        at=date(2024, 10, 8),
    )


def world_delivery(w: Any) -> Any:
    """The delivery of the world case's reply, recorded with a scanned proof."""
    from gongkai_web.applications.models import LetterDelivery
    from gongkai_web.applications.services import letter_delivery_record

    app = world_case(w)
    letter = app.letters.get(kind="answer")
    found = LetterDelivery.objects.filter(letter=letter).first()
    if found is not None:
        return found
    return letter_delivery_record(
        letter=letter,
        method="post",
        delivered_on=date(2024, 10, 12),
        tracking_number="EMS1234567890",
        proof=b"%PDF-1.4 proof",
        proof_name="签收单.pdf",
        acting_user=w.users["officer"],
    )
