"""Two officers acting on the same case at once: one succeeds, the other gets a clear conflict, nothing is lost."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from gongkai.workflow import Answer, Extend, Outcome, decode
from gongkai_web.applications import services
from gongkai_web.applications.models import Application, CaseEvent
from gongkai_web.common.models import AuditEntry
from tests.web.applications.helpers import act, approve_pending, received


@pytest.mark.django_db
def test_stale_version_is_refused_with_a_chinese_message_and_nothing_saved(world: Any) -> None:
    app = received(world.agency, date(2024, 9, 27))
    seen = app.version
    act(app, Extend(days=5), date(2024, 10, 8), world.users["officer"])
    with pytest.raises(services.ConcurrentChangeError) as info:
        services.application_event_propose(
            application=app,
            payload=Answer(Outcome.GRANTED),
            seen_version=seen,
            acting_user=world.users["officer"],
            at=date(2024, 10, 9),
        )
    assert "其他人" in info.value.message_zh
    app.refresh_from_db()
    assert (app.state, app.version, app.events.count()) == ("received", 2, 1)


@pytest.mark.django_db
def test_officer_posting_a_stale_form_sees_409_the_message_and_keeps_the_input(world: Any) -> None:
    app = received(world.agency, date(2024, 9, 27))
    client = Client()
    client.force_login(world.users["officer"])
    url = reverse("applications:event", kwargs={"pk": app.pk, "event": "answer"})
    ok = client.post(
        url,
        {
            "answer-version": app.version,
            "answer-at": "2024-10-09",
            "answer-outcome": "granted",
            "answer-reasons": "第一位经办人",
        },
    )
    assert ok.status_code == 302
    approve_pending(app, world.users["leader"])
    late = client.post(
        url,
        {
            "answer-version": app.version,
            "answer-at": "2024-10-09",
            "answer-outcome": "unavailable.not_held",
            "answer-reasons": "第二位经办人的说明",
        },
    )
    assert late.status_code == 409
    text = late.content.decode()
    assert "其他人更新" in text
    app.refresh_from_db()
    assert app.outcome == "granted" and app.events.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_at_once_on_postgres_one_wins_one_conflicts(world: Any, monkeypatch: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    app = received(world.agency, date(2024, 9, 27))
    seen = app.version
    barrier = threading.Barrier(2, timeout=10)
    real_case_of = services.case_of

    def case_of_after_both_read(a: Application) -> Any:
        barrier.wait()  # both transactions have read version ``seen`` before either writes
        return real_case_of(a)

    monkeypatch.setattr(services, "case_of", case_of_after_both_read)
    results: dict[str, Any] = {}

    # A withdrawal takes effect at once (it issues no letter, so nobody reviews it first).
    def officer(name: str, outcome: str) -> None:
        try:
            services.application_apply_event(
                application=app,
                payload=decode("withdraw"),
                seen_version=seen,
                acting_user=world.users["officer"],
                at=date(2024, 10, 9),
            )
            results[name] = "ok"
        except services.ConcurrentChangeError as exc:
            results[name] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=officer, args=("a", "granted")),
        threading.Thread(target=officer, args=("b", "unavailable.not_held")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert sorted(type(v).__name__ if v != "ok" else "ok" for v in results.values()) == [
        "ConcurrentChangeError",
        "ok",
    ]
    loser = next(v for v in results.values() if v != "ok")
    assert "您的操作没有保存" in loser.message_zh
    app.refresh_from_db()
    assert app.state == "withdrawn" and app.version == seen + 1
    assert CaseEvent.objects.filter(application=app).count() == 1
    assert app.letters.count() == 1  # the receipt
    assert AuditEntry.objects.filter(action="application_withdraw", object_id=str(app.pk)).count() == 1
