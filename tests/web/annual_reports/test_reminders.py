"""Reminders as the deadline approaches, for agencies that have not published; mail only after commit."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail

from tests.web.annual_reports.helpers import world_report


def with_mail(world: Any) -> None:
    for name in ("officer", "leader", "other"):
        user = world.users[name]
        user.email = f"{name}@example.org"
        user.save()


@pytest.mark.parametrize(
    "today, expected",
    [
        (date(2025, 1, 2), set()),  # deadline 31 January is 29 days away
        (date(2025, 1, 20), {"officer@example.org", "leader@example.org", "other@example.org"}),
        (date(2025, 2, 3), {"officer@example.org", "leader@example.org", "other@example.org"}),  # overdue
    ],
)
def test_reminders_go_to_unpublished_departments_near_the_deadline(
    world: Any, django_capture_on_commit_callbacks: Any, today: date, expected: set[str]
) -> None:
    from gongkai_web.annual_reports.services import reminders_send

    with_mail(world)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=today)
    assert {to for m in mail.outbox for to in m.to} == expected


def test_an_agency_that_published_gets_no_reminder(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai_web.annual_reports.services import reminders_send

    with_mail(world)
    world_report(world)  # dept-a's 2024 report is published
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=date(2025, 1, 25))
    assert {to for m in mail.outbox for to in m.to} == {"other@example.org"}


def test_no_mail_leaves_before_commit(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    from gongkai_web.annual_reports.services import reminders_send

    with_mail(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        n = reminders_send(today=date(2025, 1, 25))
    assert n == 3 and mail.outbox == [] and len(callbacks) == 1


def test_the_government_at_the_top_is_due_on_31_march(world: Any) -> None:
    from gongkai_web.annual_reports.services import report_deadline

    assert report_deadline(world.office, 2024) == date(2025, 3, 31)
    assert report_deadline(world.agency, 2024) == date(2025, 1, 31)


def test_a_second_run_on_the_same_day_mails_nobody_again(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai_web.annual_reports.services import reminders_send

    with_mail(world)
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send(today=date(2025, 1, 25))
        again = reminders_send(today=date(2025, 1, 25))
    assert (first, again) == (3, 0)
    assert len(mail.outbox) == 3


def test_the_next_day_brings_the_next_reminder(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    from gongkai_web.annual_reports.services import reminders_send

    with_mail(world)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=date(2025, 1, 25))
        reminders_send(today=date(2025, 1, 26))
    assert len(mail.outbox) == 6
