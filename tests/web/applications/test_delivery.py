"""Delivery (送达) recorded per issued letter: the means, the date, the proof (a tracking number or a bounded
scan), shown on the case page and given to the applicant's status page (``selectors.deliveries_of``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai_web.applications import services
from gongkai_web.applications.models import MAX_PROOF_BYTES, LetterDelivery
from gongkai_web.applications.selectors import deliveries_of
from gongkai_web.common.errors import NotPermitted, Refused
from gongkai_web.common.models import AuditEntry
from tests.web.applications.helpers import act, received

pytestmark = pytest.mark.django_db
D = date


@pytest.fixture
def reply(world: Any) -> Any:
    app = received(world.agency, D(2024, 9, 27), acting_user=world.users["officer"])
    app = act(app, "answer", D(2024, 10, 9), world.users["officer"], outcome="granted")
    return app.letters.get(kind="answer")


def record(letter: Any, user: Any, **over: Any) -> LetterDelivery:
    fields: dict[str, Any] = {
        "method": "post",
        "delivered_on": D(2024, 10, 12),
        "tracking_number": "EMS1234567890",
    }
    return services.letter_delivery_record(letter=letter, acting_user=user, **{**fields, **over})


def test_a_delivery_is_recorded_with_its_proof_and_audited(world: Any, reply: Any) -> None:
    delivery = record(reply, world.users["officer"])
    assert (delivery.method, delivery.delivered_on, delivery.tracking_number) == (
        "post",
        D(2024, 10, 12),
        "EMS1234567890",
    )
    assert AuditEntry.objects.filter(action="letter_delivery_record", object_id=str(delivery.pk)).exists()


def test_the_applicants_status_gets_every_letter_with_its_delivery(world: Any, reply: Any) -> None:
    record(reply, world.users["officer"])
    shown = deliveries_of(reply.application)
    assert [(d.letter_title, d.delivered_on) for d in shown] == [
        ("政府信息公开申请受理回执", None),
        ("政府信息公开申请答复告知书", D(2024, 10, 12)),
    ]
    assert shown[1].method == "邮寄" and shown[1].tracking_number == "EMS1234567890"


def test_the_status_page_shows_a_recorded_delivery_and_no_other(world: Any, reply: Any) -> None:
    record(reply, world.users["officer"])
    url = reverse("applications_public:status", kwargs={"query_code": reply.application.query_code})
    html = Client().get(url).content.decode()
    answer_row = html.split("政府信息公开申请答复告知书")[1].split("</tr>")[0]
    receipt_row = html.split("政府信息公开申请受理回执")[1].split("</tr>")[0]
    assert "2024-10-12" in answer_row and "邮寄" in answer_row
    assert "尚未登记送达" in receipt_row


def test_a_delivery_without_proof_is_refused(world: Any, reply: Any) -> None:
    with pytest.raises(Refused) as info:
        record(reply, world.users["officer"], tracking_number=" ")
    assert info.value.field == "tracking_number"


@pytest.mark.parametrize("day", [D(2024, 10, 8), D(2099, 1, 1)], ids=["before issue", "future"])
def test_a_delivery_dated_before_the_letter_or_in_the_future_is_refused(
    world: Any, reply: Any, day: date
) -> None:
    with pytest.raises(Refused) as info:
        record(reply, world.users["officer"], delivered_on=day)
    assert info.value.field == "delivered_on"


def test_a_letter_is_delivered_once(world: Any, reply: Any) -> None:
    record(reply, world.users["officer"])
    with pytest.raises(Refused):
        record(reply, world.users["leader"], method="email")
    assert LetterDelivery.objects.count() == 1


@pytest.mark.parametrize(
    ("proof", "name"),
    [
        (b"x" * (MAX_PROOF_BYTES + 1), "签收单.pdf"),
        (b"MZ\x90", "签收单.exe"),
        (b"MZ\x90\x00 an executable", "签收单.pdf"),
    ],
    ids=["too large", "not pdf or image", "content not what its name says"],
)
def test_a_proof_too_large_or_of_another_type_is_refused(
    world: Any, reply: Any, proof: bytes, name: str
) -> None:
    with pytest.raises(Refused) as info:
        record(reply, world.users["officer"], tracking_number="", proof=proof, proof_name=name)
    assert info.value.field == "proof"


@pytest.mark.parametrize("role", ["admin", "superior", "other"])
def test_only_the_agencys_officers_and_leaders_record_a_delivery(world: Any, reply: Any, role: str) -> None:
    with pytest.raises(NotPermitted):
        record(reply, world.users[role])


def test_the_officer_records_a_delivery_with_a_scan_on_the_case_page(world: Any, reply: Any) -> None:
    client = Client()
    client.force_login(world.users["officer"])
    scan = SimpleUploadedFile("签收单.png", b"\x89PNG\r\n\x1a\nproof", content_type="image/png")
    r = client.post(
        reverse("applications:delivery_record", kwargs={"pk": reply.pk}),
        {"method": "pickup", "delivered_on": "2024-10-10", "tracking_number": "", "proof": scan},
    )
    assert r.status_code == 302
    delivery = LetterDelivery.objects.get()
    assert (delivery.method, delivery.proof_type, delivery.proof_name) == (
        "pickup",
        "image/png",
        "签收单.png",
    )
    page = client.get(reverse("applications:detail", kwargs={"pk": reply.application_id})).content.decode()
    assert "当面领取" in page
    proof = client.get(reverse("applications:delivery_proof", kwargs={"pk": delivery.pk}))
    assert proof.status_code == 200 and proof.content == b"\x89PNG\r\n\x1a\nproof"


def test_a_refused_delivery_says_why_in_chinese_on_the_page(world: Any, reply: Any) -> None:
    client = Client()
    client.force_login(world.users["officer"])
    r = client.post(
        reverse("applications:delivery_record", kwargs={"pk": reply.pk}),
        {"method": "post", "delivered_on": "2024-10-12", "tracking_number": ""},
        follow=True,
    )
    assert r.status_code == 200 and not LetterDelivery.objects.exists()
    assert "送达" in r.content.decode()
