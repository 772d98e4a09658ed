"""Intake (receipt date per channel, 查询码) and letters (contents, frozen once issued)."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.letters import letter_text
from gongkai.workdays import NoticeRow
from gongkai_web.applications.models import Letter
from gongkai_web.applications.services import (
    QUERY_ALPHABET,
    QUERY_CODE_LENGTH,
    IntakeError,
    holiday_notice_load,
    query_code_new,
    receipt_date,
)
from tests.web.applications.helpers import act, applicant, apply_online, received

D = date
SUB = D(2024, 9, 23)

RECEIPTS = [
    ("in_person", {}, SUB),
    ("in_person", {"signed_for_on": D(2024, 9, 30)}, SUB),
    ("registered_post", {"signed_for_on": D(2024, 9, 25)}, D(2024, 9, 25)),
    ("ordinary_post", {"confirmed_on": D(2024, 9, 26)}, D(2024, 9, 26)),
    ("online", {"confirmed_on": D(2024, 9, 24)}, D(2024, 9, 24)),
    ("email", {"confirmed_on": D(2024, 9, 27)}, D(2024, 9, 27)),
    ("fax", {"confirmed_on": SUB}, SUB),
]


@pytest.mark.parametrize(("channel", "dates", "expected"), RECEIPTS)
def test_receipt_date_follows_the_channel_rule(channel: str, dates: dict[str, date], expected: date) -> None:
    assert receipt_date(channel, submitted_on=SUB, **dates).on == expected


@pytest.mark.parametrize(
    ("channel", "dates"),
    [
        ("registered_post", {}),
        ("ordinary_post", {"signed_for_on": D(2024, 9, 25)}),
        ("online", {}),
        ("fax", {}),
        ("email", {"confirmed_on": D(2024, 9, 20)}),
    ],
)
def test_receipt_without_the_date_its_channel_needs_is_refused(channel: str, dates: dict[str, date]) -> None:
    with pytest.raises(IntakeError):
        receipt_date(channel, submitted_on=SUB, **dates)


def test_query_codes_are_long_unambiguous_and_distinct() -> None:
    codes = {query_code_new() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == QUERY_CODE_LENGTH and set(c) <= set(QUERY_ALPHABET) for c in codes)
    assert not set("01OI") & set(QUERY_ALPHABET)


@pytest.mark.django_db
def test_staff_entry_by_ordinary_post_is_received_on_the_confirmation_day(world: Any) -> None:
    client = Client()
    client.force_login(world.users["officer"])
    data = applicant(channel="ordinary_post", submitted_on="2024-09-23", confirmed_on="2024-09-27")
    r = client.post(reverse("applications:register", kwargs={"code": world.agency.code}), data)
    assert r.status_code == 302
    app = world.agency.applications.get()
    assert (app.received_on, app.due_date, app.channel) == (D(2024, 9, 27), D(2024, 10, 30), "ordinary_post")
    assert "确认" in app.receipt_rule


@pytest.mark.django_db
def test_public_form_without_any_contact_is_refused(world: Any) -> None:
    r = apply_online(Client(), world.agency, phone="", email="", address="")
    assert r.status_code == 400 and "联系方式" in r.content.decode()
    assert not world.agency.applications.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("outcome", "cites", "first_review"),
    [
        ("granted", "第三十六条第（二）项", False),
        ("withheld.state_secret", "第十四条", True),
        ("withheld.third_party_rights", "第十五条、第三十六条第（三）项", True),
        ("partially_granted", "第三十七条", True),
        ("not_processed.petition", "第三十九条第一款", False),
        ("unavailable.needs_creation", "第三十八条", False),
    ],
)
def test_answer_letter_cites_its_articles_and_the_remedies(
    outcome: str, cites: str, first_review: bool, world: Any
) -> None:
    app = received(world.agency, D(2024, 9, 27))
    withheld = ["internal_affairs"] if outcome == "partially_granted" else []
    act(
        app,
        "answer",
        D(2024, 10, 9),
        outcome=outcome,
        withheld=withheld,
        reasons="具体理由",
        review_body="区人民政府",
    )
    text = letter_text(bytes(app.letters.get(kind="answer").content))
    assert cites in text
    assert "60日内向区人民政府申请行政复议" in text
    assert ("行政复议前置" in text) is first_review
    # A partial reply offers both routes for what was given, reconsideration first for the withheld part.
    assert ("6个月内向人民法院提起行政诉讼" in text) is (not first_review or outcome == "partially_granted")
    assert app.query_code in text and "具体理由" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("event", "data", "kind", "phrase"),
    [
        ("request_correction", {"points": "请写明文件名称"}, "correction", "视为放弃申请"),
        ("extend", {"days": 10, "approved_by": "王主任"}, "extension", "延长10个工作日"),
        ("start_consultation", {"party": "某某公司", "information": "x"}, "consultation", "不视为同意公开"),
    ],
)
def test_procedural_letters_carry_their_facts_and_no_remedies(
    event: str, data: dict[str, Any], kind: str, phrase: str, world: Any
) -> None:
    app = received(world.agency, D(2024, 9, 27))
    act(app, event, D(2024, 9, 30), **data)
    text = letter_text(bytes(app.letters.get(kind=kind).content))
    assert phrase in text and "行政复议" not in text


@pytest.mark.django_db
def test_letters_are_frozen_once_issued_even_when_the_calendar_changes(world: Any) -> None:
    app = received(world.agency, D(2026, 12, 10))  # due date falls in 2027, which the package does not cover
    assert app.due_date is None and "2027" in app.calendar_gap
    receipt = app.letters.get(kind="receipt")
    stored = bytes(receipt.content)
    assert hashlib.sha256(stored).hexdigest() == receipt.sha256
    holiday_notice_load(year=2027, rows=[NoticeRow(D(2027, 1, 1), "holiday", "元旦")], acting_user=None)
    app.refresh_from_db()
    assert app.due_date == D(2027, 1, 8)
    again = Letter.objects.get(pk=receipt.pk)
    assert bytes(again.content) == stored and again.sha256 == receipt.sha256


@pytest.mark.django_db
def test_letter_download_serves_the_stored_bytes(world: Any) -> None:
    app = received(world.agency, D(2024, 9, 27))
    letter = app.letters.get()
    client = Client()
    client.force_login(world.users["officer"])
    r = client.get(reverse("applications:letter", kwargs={"pk": letter.pk}))
    assert r.status_code == 200 and r.content == bytes(letter.content)
    assert r["X-Content-SHA256"] == letter.sha256
