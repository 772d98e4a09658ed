"""Staff pages of a case: who sees the event forms, and an event applied through the page."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.web.applications.helpers import act, approve_pending, received

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.parametrize(
    ("role", "sees_forms"), [("officer", True), ("leader", True), ("admin", False), ("superior", False)]
)
def test_only_officers_and_leaders_get_the_event_forms(role: str, sees_forms: bool, world: Any) -> None:
    app = received(world.agency, date(2024, 9, 27))
    text = (
        _client(world.users[role]).get(reverse("applications:detail", kwargs={"pk": app.pk})).content.decode()
    )
    assert ('value="request_correction"' in text) is sees_forms
    assert app.number in text


@pytest.mark.parametrize(
    ("state_events", "buttons"),
    [
        (
            [],
            {"request_correction", "extend", "start_consultation", "issue_fee_notice", "answer", "withdraw"},
        ),
        (
            [("request_correction", {"points": "x"})],
            {"receive_correction", "correction_deadline_passed", "withdraw"},
        ),
        ([("answer", {"outcome": "granted"})], set()),
    ],
)
def test_case_page_offers_exactly_the_events_the_workflow_allows(
    state_events: list[Any], buttons: set[str], world: Any
) -> None:
    app = received(world.agency, date(2024, 9, 27))
    for event, data in state_events:
        app = act(app, event, date(2024, 9, 30), **data)
    text = (
        _client(world.users["officer"])
        .get(reverse("applications:detail", kwargs={"pk": app.pk}))
        .content.decode()
    )
    assert set(re.findall(r'name="do" value="([a-z_]+)"', text)) == buttons


def test_refused_event_shows_the_core_reason_in_chinese(world: Any) -> None:
    app = received(world.agency, date(2024, 9, 27))
    url = reverse("applications:event", kwargs={"pk": app.pk, "event": "request_correction"})
    r = _client(world.users["officer"]).post(
        url,
        {
            "request_correction-version": app.version,
            "request_correction-at": "2024-10-14",
            "request_correction-points": "请写明文号",
        },
    )
    assert r.status_code == 400 and "7 个工作日内告知" in r.content.decode()
    app.refresh_from_db()
    assert app.state == "received"


def test_fee_notice_through_the_page_charges_by_the_tariff(world: Any) -> None:
    app = received(world.agency, date(2024, 9, 27))
    url = reverse("applications:event", kwargs={"pk": app.pk, "event": "issue_fee_notice"})
    r = _client(world.users["officer"]).post(
        url,
        {
            "issue_fee_notice-version": app.version,
            "issue_fee_notice-at": "2024-10-08",
            "issue_fee_notice-method": "volume",
            "issue_fee_notice-units": "150",
            "issue_fee_notice-how_to_pay": "银行转账",
        },
    )
    assert r.status_code == 302
    approve_pending(app, world.users["leader"])
    app.refresh_from_db()
    assert app.state == "awaiting_payment"
    from gongkai.letters import letter_text

    text = letter_text(bytes(app.letters.get(kind="fee").content))
    assert "合计：1700 元" in text  # 70 pages × 10 + 50 pages × 20


def test_items_charged_earlier_in_the_month_to_the_same_applicant_count_first(world: Any) -> None:
    client = _client(world.users["officer"])
    charged = []
    for _ in range(2):
        app = received(world.agency, date(2024, 9, 27))
        url = reverse("applications:event", kwargs={"pk": app.pk, "event": "issue_fee_notice"})
        with time_machine.travel(datetime(2024, 10, 8, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
            r = client.post(
                url,
                {
                    "issue_fee_notice-version": app.version,
                    "issue_fee_notice-method": "item",
                    "issue_fee_notice-units": "20",
                    "issue_fee_notice-how_to_pay": "银行转账",
                },
            )
        assert r.status_code == 302
        approve_pending(app, world.users["leader"])
        charged.append(app.events.get().data["fee"])
    assert charged == [
        {"method": "item", "units": 20, "earlier": 0},
        {"method": "item", "units": 20, "earlier": 20},
    ]


def test_case_page_shows_the_outcome_as_the_report_prints_it(world: Any) -> None:
    from gongkai.templates import get_template

    app = act(received(world.agency, date(2024, 9, 27)), "answer", date(2024, 9, 30), outcome="granted")
    text = (
        _client(world.users["officer"])
        .get(reverse("applications:detail", kwargs={"pk": app.pk}))
        .content.decode()
    )
    printed = next(r.label for r in get_template("2021").applications.rows if r.key == "granted")
    outcome = re.search(r'<dd id="outcome">(.*?)</dd>', text)
    assert outcome is not None and printed in outcome.group(1) and "granted" not in outcome.group(1)
