"""督办: the superior office sees its departments' overdue and nearly-due cases with the applicants masked,
issues an audited notice that reaches the department's officers and leaders, and they acknowledge it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from gongkai_web.common.errors import NotPermitted, Refused
from gongkai_web.common.models import AuditEntry
from gongkai_web.oversight import selectors, services
from tests.web import factories as f
from tests.web.applications.helpers import act, received

TODAY = date(2024, 4, 3)  # a case received on 4 March is due on 1 April: overdue


@pytest.fixture
def tree(db: Any) -> dict[str, Any]:
    office = f.AgencyFactory(code="gov", name="某区政府办公室")
    dept = f.AgencyFactory(code="a", name="甲局", parent=office)
    unit = f.AgencyFactory(code="a1", name="甲局下属中心", parent=dept)
    return {
        "office": office,
        "dept": dept,
        "unit": unit,
        "superior": f.member(office, "superior", username="boss", email="boss@example.org"),
        "officer": f.member(dept, "officer", username="o", email="o@example.org"),
        "leader": f.member(dept, "leader", username="l", email="l@example.org"),
    }


def test_list_has_overdue_and_nearly_due_cases_at_every_level_masked(tree: dict[str, Any]) -> None:
    late = received(tree["dept"], date(2024, 3, 4), applicant_name="张三丰")
    soon = received(tree["unit"], date(2024, 3, 7), applicant_name="李四")
    received(tree["dept"], date(2024, 4, 1))  # due in May: not listed
    cases = selectors.supervision_cases(office=tree["office"], today=TODAY)
    assert [(c.number, c.overdue, c.applicant) for c in cases] == [
        (late.number, True, "张**"),
        (soon.number, False, "李*"),
    ]


def test_page_shows_no_identity_number_phone_or_full_name(tree: dict[str, Any]) -> None:
    received(tree["dept"], date(2024, 3, 4), applicant_name="张三丰", phone="13912345678")
    client = Client()
    client.force_login(tree["superior"])
    with time_machine.travel(TODAY, tick=False):
        html = client.get(reverse("oversight:supervision", kwargs={"code": "gov"})).content.decode()
    assert "张**" in html
    assert "张三丰" not in html and "13912345678" not in html and "110101199001011234" not in html


def test_issuing_is_audited_and_mailed_to_the_departments_officer_and_leader(
    tree: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    app = received(tree["dept"], date(2024, 3, 4))
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.supervision_notice_issue(
            application=app, text="请立即答复。", acting_user=tree["superior"]
        )
    assert notice.office == tree["office"] and notice.issued_by == tree["superior"]
    assert AuditEntry.objects.filter(action="supervision_notice_issue", object_id=str(notice.pk)).exists()
    assert sorted(m.to[0] for m in mail.outbox) == ["l@example.org", "o@example.org"]
    assert app.number in mail.outbox[0].subject


def test_notice_waits_on_the_departments_dashboard_until_acknowledged(tree: dict[str, Any]) -> None:
    app = received(tree["dept"], date(2024, 3, 4))
    notice = services.supervision_notice_issue(
        application=app, text="请立即答复。", acting_user=tree["superior"]
    )
    client = Client()
    client.force_login(tree["leader"])
    assert "请立即答复。" in client.get(reverse("staff:dashboard")).content.decode()
    response = client.post(reverse("oversight:notice_acknowledge", kwargs={"pk": notice.pk}))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.acknowledged_by == tree["leader"] and notice.acknowledged_at is not None
    assert AuditEntry.objects.filter(action="supervision_notice_acknowledge").count() == 1
    assert "请立即答复。" not in client.get(reverse("staff:dashboard")).content.decode()


def test_a_notice_is_acknowledged_once(tree: dict[str, Any]) -> None:
    app = received(tree["dept"], date(2024, 3, 4))
    notice = services.supervision_notice_issue(application=app, text="请答复。", acting_user=tree["superior"])
    services.supervision_notice_acknowledge(notice=notice, acting_user=tree["officer"])
    with pytest.raises(Refused):
        services.supervision_notice_acknowledge(notice=notice, acting_user=tree["leader"])


def test_only_a_superior_above_the_department_issues(tree: dict[str, Any]) -> None:
    app = received(tree["dept"], date(2024, 3, 4))
    for user in (
        tree["officer"],
        tree["leader"],
        f.member(tree["dept"], "superior", username="own-superior"),
    ):
        with pytest.raises(NotPermitted):
            services.supervision_notice_issue(application=app, text="请答复。", acting_user=user)


def test_the_superior_cannot_acknowledge_its_own_notice(tree: dict[str, Any]) -> None:
    app = received(tree["dept"], date(2024, 3, 4))
    notice = services.supervision_notice_issue(application=app, text="请答复。", acting_user=tree["superior"])
    with pytest.raises(NotPermitted):
        services.supervision_notice_acknowledge(notice=notice, acting_user=tree["superior"])


def test_a_closed_case_or_an_empty_text_is_refused(tree: dict[str, Any]) -> None:
    app = received(tree["dept"], date(2024, 3, 4))
    with pytest.raises(Refused) as empty:
        services.supervision_notice_issue(application=app, text="  ", acting_user=tree["superior"])
    assert empty.value.field == "text"
    closed = act(app, "answer", date(2024, 3, 8), outcome="granted")
    with pytest.raises(Refused):
        services.supervision_notice_issue(application=closed, text="请答复。", acting_user=tree["superior"])


def test_board_and_dashboard_link_to_the_supervision_page(tree: dict[str, Any]) -> None:
    client = Client()
    client.force_login(tree["superior"])
    url = reverse("oversight:supervision", kwargs={"code": "gov"})
    assert url in client.get(reverse("oversight:board", kwargs={"code": "gov"})).content.decode()
    assert url in client.get(reverse("staff:dashboard")).content.decode()
