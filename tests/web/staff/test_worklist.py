"""我的待办: one list per user of all their work, from the work sources, overdue first, each with its due date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.fees import volume_fee
from gongkai.workflow import Event
from gongkai_web.annual_reports.services import annual_report_check, annual_report_generate
from gongkai_web.staff.selectors import WORK_SOURCES, worklist_for
from tests.web import factories as f
from tests.web.applications.helpers import act, received

pytestmark = pytest.mark.django_db

TODAY = date(2025, 12, 1)


def kinds(user: Any, today: date = TODAY) -> list[str]:
    return [t.kind for t in worklist_for(user=user, today=today)]


def dashboard(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("staff:dashboard")).content.decode()


def test_the_officer_sees_a_new_application(world: Any) -> None:
    app = received(world.agency, date(2025, 11, 28), acting_user=world.users["officer"])
    tasks = [t for t in worklist_for(user=world.users["officer"], today=TODAY) if t.kind == "case_new"]
    assert [t.title.split(" · ")[0] for t in tasks] == [app.number]
    assert tasks[0].due == app.due_date


def test_a_case_awaiting_payment_a_year_past_its_deadline_shows_with_its_date(world: Any) -> None:
    app = received(world.agency, date(2024, 9, 2), acting_user=world.users["officer"])
    act(
        app,
        Event.ISSUE_FEE_NOTICE,
        date(2024, 9, 10),
        world.users["officer"],
        fee=volume_fee(50),
        how_to_pay="转账",
    )
    task = next(t for t in worklist_for(user=world.users["officer"], today=TODAY) if t.kind == "case_payment")
    assert task.due is not None and task.due.year == 2024
    assert task.overdue


def test_overdue_work_comes_first(world: Any) -> None:
    received(world.agency, date(2025, 11, 28), acting_user=world.users["officer"])
    late = received(world.agency, date(2025, 9, 1), acting_user=world.users["officer"])
    tasks = worklist_for(user=world.users["officer"], today=TODAY)
    flags = [t.overdue for t in tasks]
    assert flags == sorted(flags, reverse=True)  # every overdue task before every other
    late_task = next(t for t in tasks if t.title.startswith(late.number))
    assert late_task.overdue
    assert tasks.index(late_task) < next(i for i, t in enumerate(tasks) if not t.overdue)


def test_the_leader_sees_the_report_awaiting_approval_in_to_review(world: Any) -> None:
    report = annual_report_generate(agency=world.agency, year=2024, acting_user=world.users["officer"])
    annual_report_check(report=report, acting_user=world.users["officer"])
    page = dashboard(world.users["leader"])
    to_review = page.split('id="to-review"')[1].split("</ul>")[0]
    assert reverse("annual_reports:detail", args=[report.pk]) in to_review
    assert "report_approve" in kinds(world.users["leader"])


def test_the_leader_sees_the_item_to_review_and_the_officer_their_draft(world: Any) -> None:
    assert "item_review" in kinds(world.users["leader"])
    assert "item_draft" in kinds(world.users["officer"])
    assert "item_review" not in kinds(world.users["officer"])


def test_the_officer_is_asked_for_last_years_report(world: Any) -> None:
    task = next(t for t in worklist_for(user=world.users["officer"], today=TODAY) if t.kind == "report_draft")
    assert task.due == date(2025, 1, 31)
    assert task.overdue


def test_a_correction_awaited_shows_its_deadline(world: Any) -> None:
    app = received(world.agency, date(2025, 11, 3), acting_user=world.users["officer"])
    act(app, Event.REQUEST_CORRECTION, date(2025, 11, 5), world.users["officer"], points="请写明文号")
    task = next(
        t for t in worklist_for(user=world.users["officer"], today=TODAY) if t.kind == "case_correction"
    )
    assert task.due is not None


def test_the_dashboard_lists_the_work_with_due_dates_and_links(world: Any) -> None:
    app = received(world.agency, date(2025, 9, 1), acting_user=world.users["officer"])
    page = dashboard(world.users["officer"])
    assert 'id="worklist"' in page
    assert reverse("applications:detail", args=[app.pk]) in page


def test_the_admin_sees_the_blank_columns(world: Any) -> None:
    assert "column" in kinds(world.users["admin"])


def test_every_source_is_a_named_function() -> None:
    assert all(s.__name__.startswith("work_") for s in WORK_SOURCES)


def test_a_member_of_another_agency_sees_none_of_its_work(world: Any) -> None:
    received(world.agency, date(2025, 11, 28), acting_user=world.users["officer"])
    assert "case_new" not in kinds(world.users["other"])
    f.fresh(world.users["other"])
