"""The 政府信息公开指南 and 公开制度: written by the agency's officers or administrators, published only after a
leader other than the writer approves (or returned with a reason); audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai_web.agencies import services
from gongkai_web.agencies.models import GUIDE_FIELDS
from gongkai_web.agencies.selectors import guide_public
from gongkai_web.common.errors import NotPermitted, Refused
from gongkai_web.common.models import AuditEntry

FIELDS = {
    **dict.fromkeys(GUIDE_FIELDS, ""),
    "office": "甲局办公室",
    "address": "某区某路1号",
    "hours": "工作日 8:30-12:00，14:30-17:30",
    "phone": "0355-7654321",
    "rules": "第一条 为规范本局政府信息公开工作，制定本制度。",
}


def test_an_edit_waits_for_review_and_the_public_sees_the_old_guide(world: Any) -> None:
    services.guide_submit(agency=world.agency, fields=FIELDS, acting_user=world.users["officer"])
    shown = guide_public(agency=world.agency)
    assert shown.published_at is None and shown.address == "" and shown.office == world.agency.name


def test_a_leader_approves_and_the_portal_shows_the_guide_and_rules(world: Any) -> None:
    services.guide_submit(agency=world.agency, fields=FIELDS, acting_user=world.users["admin"])
    services.guide_approve(agency=world.agency, acting_user=world.users["leader"])
    guide = Client().get(reverse("portal:guide", kwargs={"code": world.agency.code})).content.decode()
    rules = Client().get(reverse("portal:rules", kwargs={"code": world.agency.code})).content.decode()
    assert "某区某路1号" in guide and "0355-7654321" in guide and "甲局办公室" in guide
    assert "为规范本局政府信息公开工作" in rules


def test_the_writer_of_an_edit_may_not_approve_it(world: Any) -> None:
    from tests.web import factories as f

    both = f.member(world.agency, "officer", username="both")
    f.member(world.agency, "leader", username="both")
    services.guide_submit(agency=world.agency, fields=FIELDS, acting_user=f.fresh(both))
    with pytest.raises(Refused):
        services.guide_approve(agency=world.agency, acting_user=f.fresh(both))


def test_only_officers_and_administrators_write_the_guide(world: Any) -> None:
    with pytest.raises(NotPermitted):
        services.guide_submit(agency=world.agency, fields=FIELDS, acting_user=world.users["leader"])


def test_only_leaders_review_the_guide(world: Any) -> None:
    services.guide_submit(agency=world.agency, fields=FIELDS, acting_user=world.users["officer"])
    with pytest.raises(NotPermitted):
        services.guide_approve(agency=world.agency, acting_user=world.users["admin"])


def test_a_return_needs_a_reason_and_the_writer_sees_it(world: Any) -> None:
    services.guide_submit(agency=world.agency, fields=FIELDS, acting_user=world.users["officer"])
    with pytest.raises(Refused):
        services.guide_return(agency=world.agency, reason=" ", acting_user=world.users["leader"])
    services.guide_return(agency=world.agency, reason="请补充邮政编码", acting_user=world.users["leader"])
    c = Client()
    c.force_login(world.users["officer"])
    page = c.get(reverse("agencies:guide", kwargs={"code": world.agency.code})).content.decode()
    assert "请补充邮政编码" in page


def test_submit_and_approve_are_audited_with_the_actor(world: Any) -> None:
    services.guide_submit(agency=world.agency, fields=FIELDS, acting_user=world.users["officer"])
    services.guide_approve(agency=world.agency, acting_user=world.users["leader"])
    rows = AuditEntry.objects.filter(action__startswith="agency_guide_").order_by("id")
    assert [(r.action, r.actor.username) for r in rows] == [
        ("agency_guide_submit", "officer"),
        ("agency_guide_approve", "leader"),
    ]


def test_the_staff_page_submits_an_edit(world: Any) -> None:
    c = Client()
    c.force_login(world.users["officer"])
    url = reverse("agencies:guide", kwargs={"code": world.agency.code})
    assert c.post(url, FIELDS).status_code == 302
    leader = Client()
    leader.force_login(world.users["leader"])
    page = leader.get(url).content.decode()
    assert 'id="guide-pending"' in page and "某区某路1号" in page
    assert (
        leader.post(
            reverse("agencies:guide_review", kwargs={"code": world.agency.code}), {"decision": "approve"}
        ).status_code
        == 302
    )
    assert guide_public(agency=world.agency).address == "某区某路1号"
