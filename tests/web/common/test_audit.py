"""The audit log: the actor who acted, a label in both languages for every action a service records, and the
changes in words (before → after), never a Python dict."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gongkai.workflow import Event
from gongkai_web.common.models import ACTION_LABELS, AuditEntry
from tests.web.factories import fresh

ROOT = Path(__file__).resolve().parents[3] / "gongkai_web"
#: Actions written with an f-string (the test cannot read them from the source).
COMPUTED = {"finding_confirm", "finding_dismiss"} | {f"application_{e.value}" for e in Event}


def recorded_actions() -> set[str]:
    """Every action a service names in ``audit_record(action="…")``, and every move of every machine."""
    from gongkai_web.annual_reports.workflow import REPORT_MACHINE, RETURN_MACHINE
    from gongkai_web.applications.workflow import CASE_MACHINE, PROPOSAL_MACHINE
    from gongkai_web.catalogue.workflow import ITEM_MACHINE

    found: set[str] = set(COMPUTED)
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or "management" in path.parts:  # argparse's action="store_true"
            continue
        found |= set(re.findall(r'\baction="([a-z_]+)"', path.read_text(encoding="utf-8")))
    for machine in (ITEM_MACHINE, REPORT_MACHINE, RETURN_MACHINE, PROPOSAL_MACHINE, CASE_MACHINE):
        found |= {machine.audit_action(m.action) for m in machine.moves}
    return found


def test_every_recorded_action_has_a_label() -> None:
    missing = sorted(a for a in recorded_actions() if AuditEntry(action=a).label == a)
    assert missing == []


@pytest.mark.parametrize("action", sorted(ACTION_LABELS))
def test_every_label_is_translated_into_chinese(action: str) -> None:
    with translation.override("zh-hans"):
        zh = str(ACTION_LABELS[action])
    with translation.override("en"):
        en = str(ACTION_LABELS[action])
    assert zh != en and re.search(r"[\u4e00-\u9fff]", zh), action


@pytest.mark.django_db
def test_the_leaders_publication_of_a_report_names_the_leader_for_its_column_entry(world: Any) -> None:
    from gongkai_web.annual_reports.services import (
        annual_report_approve,
        annual_report_check,
        annual_report_generate,
    )

    officer, leader = fresh(world.users["officer"]), fresh(world.users["leader"])
    report = annual_report_generate(agency=world.agency, year=2022, acting_user=officer)
    report = annual_report_check(report=report, acting_user=officer)
    published = annual_report_approve(report=report, acting_user=leader)
    rows = AuditEntry.objects.filter(object_type="catalogue.item", object_id=str(published.catalogue_item_id))
    assert {(r.actor_id, r.action) for r in rows} == {(leader.pk, "item_publish_with_report")}
    assert published.catalogue_item is not None
    assert published.catalogue_item.author_id == officer.pk
    assert published.catalogue_item.status == "published"


@pytest.mark.django_db
def test_changes_read_as_before_and_after_in_the_audit_log(world: Any) -> None:
    from gongkai_web.catalogue.services import item_submit

    item_submit(item=world.draft, acting_user=fresh(world.users["officer"]))
    client = Client()
    client.force_login(world.users["leader"])
    page = client.get(reverse("staff:audit_list", args=["dept-a"])).content.decode()
    assert "状态：草稿 → 待审核" in page
    assert "&#x27;status&#x27;" not in page


@pytest.mark.django_db
def test_a_status_change_names_the_field_and_both_states_in_english(world: Any) -> None:
    from gongkai_web.catalogue.services import item_submit

    item_submit(item=world.draft, acting_user=fresh(world.users["officer"]))
    row = AuditEntry.objects.filter(action="item_submit").latest("id")
    with translation.override("en"):
        assert row.change_lines == ["status: draft → submitted"]
