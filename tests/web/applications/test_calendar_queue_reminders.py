"""Holiday notices loaded in the site move open cases' due dates; the officer's queue; reminder e-mails."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from gongkai.fees import volume_fee
from gongkai_web.applications.selectors import queue_for
from tests.web.applications.helpers import act, received
from tests.web.factories import UserFactory, fresh

pytestmark = pytest.mark.django_db
D = date

NOTICE_2027 = "date,kind,name\n2027-01-01,休,元旦\n2027-01-02,休,元旦\n2027-01-03,休,元旦\n"
NOTICE_2027_LONGER = NOTICE_2027 + "2027-01-04,休,元旦\n2027-01-05,休,元旦\n2027-01-09,班,元旦\n"


def _load(client: Client, text: str) -> Any:
    return client.post(reverse("applications:calendar"), {"year": "2027", "table": text})


def test_loading_a_notice_gives_open_cases_a_due_date_and_replacing_it_moves_them(world: Any) -> None:
    open_case = received(world.agency, D(2026, 12, 10))
    closed = act(received(world.agency, D(2026, 12, 10)), "answer", D(2026, 12, 11), outcome="granted")
    assert open_case.due_date is None
    client = Client()
    client.force_login(fresh(UserFactory(username="root", is_superuser=True)))
    assert _load(client, NOTICE_2027).status_code == 302
    open_case.refresh_from_db()
    assert open_case.due_date == D(2027, 1, 8) and open_case.calendar_gap == ""
    assert _load(client, NOTICE_2027_LONGER).status_code == 302
    open_case.refresh_from_db()
    assert open_case.due_date == D(2027, 1, 11)  # 1-4, 1-5 off; 1-6..1-8 and Saturday 1-9 count, then 1-11
    closed.refresh_from_db()
    assert closed.version == 2  # closed cases are not touched


def test_a_notice_with_an_error_is_refused_naming_the_line(world: Any) -> None:
    client = Client()
    client.force_login(fresh(UserFactory(username="root", is_superuser=True)))
    r = _load(client, "2027-01-01,休\n2027-13-01,休\n")
    assert r.status_code == 200 and "第 2 行" in r.content.decode()


def test_queue_sorts_cases_into_due_soon_overdue_and_waiting(world: Any) -> None:
    a = world.agency
    soon = received(a, D(2024, 9, 27))  # due 2024-10-30
    late = received(a, D(2024, 9, 2))  # due 2024-09-30, overdue by 10-28
    corr = act(received(a, D(2024, 10, 21)), "request_correction", D(2024, 10, 22), points="x")
    pay = act(
        received(a, D(2024, 10, 21)),
        "issue_fee_notice",
        D(2024, 10, 22),
        fee=volume_fee(50),
        how_to_pay="转账",
    )
    cons = act(
        received(a, D(2024, 10, 21)), "start_consultation", D(2024, 10, 22), party="某公司", information="x"
    )
    q = queue_for(agency=a, today=D(2024, 10, 28))
    assert [x.pk for x in q.due_soon] == [soon.pk]
    assert [x.pk for x in q.overdue] == [late.pk]
    assert [x.pk for x in q.awaiting_correction] == [corr.pk]
    assert [x.pk for x in q.awaiting_payment] == [pay.pk]
    assert [x.pk for x in q.in_consultation] == [cons.pk]


def test_reminders_go_to_the_agency_officers_after_commit(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    officer = world.users["officer"]
    officer.email = "officer@agency.example"
    officer.save()
    received(world.agency, D(2024, 9, 27))
    received(world.agency, D(2024, 9, 2))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--today", "2024-10-28")
    assert len(mail.outbox) == 1
    msg = mail.outbox[0]
    assert msg.to == ["officer@agency.example"]
    assert "2024-00001" in msg.body and "2024-00002" in msg.body and "已超期" in msg.body
    assert "测试申请人" not in msg.body


def test_reminders_run_twice_on_a_day_mail_once(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    officer = world.users["officer"]
    officer.email = "officer@agency.example"
    officer.save()
    received(world.agency, D(2024, 9, 2))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--today", "2024-10-28")
        call_command("send_reminders", "--today", "2024-10-28")
        call_command("send_reminders", "--today", "2024-10-29")
    assert len(mail.outbox) == 2  # the 28th once, the 29th once


def test_no_reminder_when_nothing_is_due(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    received(world.agency, D(2024, 9, 27))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--today", "2024-10-08")
    assert mail.outbox == []


def test_queue_page_lists_an_overdue_case_for_the_officer(world: Any) -> None:
    late = received(world.agency, D(2024, 9, 2))
    client = Client()
    client.force_login(world.users["officer"])
    with time_machine.travel(datetime(2024, 10, 28, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        r = client.get(reverse("applications:queue", kwargs={"code": world.agency.code}))
    assert late.number in r.content.decode().split('id="overdue"')[1].split("</div>")[0]


def test_superuser_may_load_the_calendar(world: Any) -> None:
    su = UserFactory(username="root", is_superuser=True)
    client = Client()
    client.force_login(fresh(su))
    assert client.get(reverse("applications:calendar")).status_code == 200


def test_no_mail_leaves_before_the_transaction_commits(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    officer = world.users["officer"]
    officer.email = "officer@agency.example"
    officer.save()
    received(world.agency, D(2024, 9, 2))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("send_reminders", "--today", "2024-10-28")
    assert mail.outbox == [] and len(callbacks) == 1


def test_recompute_command_fills_due_dates_once_the_calendar_covers_them(world: Any) -> None:
    from gongkai_web.applications.models import HolidayNotice

    app = received(world.agency, D(2026, 12, 10))
    HolidayNotice.objects.create(year=2027, rows=[{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}])
    call_command("recompute_due_dates", stdout=io.StringIO())
    app.refresh_from_db()
    assert app.due_date == D(2027, 1, 8)
