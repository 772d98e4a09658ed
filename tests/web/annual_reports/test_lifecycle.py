"""The report's life: generate → check → approve (leader, not author) → published (frozen files, portal column,
submitted upward); errors block; a corrected version supersedes the old one, which stays visible. (Flagging a
published year whose records change: test_flagging.py.)"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail

from gongkai.errors import TransitionRefusedError
from tests.web.annual_reports.records import application
from tests.web.factories import fresh


def generate(world: Any, year: int = 2022) -> Any:
    from gongkai_web.annual_reports.services import annual_report_generate

    return annual_report_generate(agency=world.agency, year=year, acting_user=fresh(world.users["officer"]))


def publish(world: Any, year: int = 2022) -> Any:
    from gongkai_web.annual_reports.services import annual_report_approve, annual_report_check

    report = generate(world, year)
    report = annual_report_check(report=report, acting_user=fresh(world.users["officer"]))
    return annual_report_approve(report=report, acting_user=fresh(world.users["leader"]))


def add_fee(world: Any, year: int) -> Any:
    from gongkai_web.registers.models import Fee

    return Fee.objects.create(agency=world.agency, name="新增收费", year=year, amount=Decimal("1.5"))


def test_generated_draft_holds_the_years_cells(world: Any) -> None:
    add_fee(world, 2022)
    report = generate(world)
    assert report.state == "draft"
    assert report.template == "2021"
    assert report.cells["proactive.fees.amount"] == "1.5"


@pytest.mark.parametrize("role", ["leader", "admin", "superior", "other"])
def test_only_the_agencys_officer_generates(world: Any, role: str) -> None:
    from gongkai_web.annual_reports.services import annual_report_generate

    with pytest.raises(TransitionRefusedError):
        annual_report_generate(agency=world.agency, year=2022, acting_user=fresh(world.users[role]))


def test_a_second_report_of_the_same_year_is_refused(world: Any) -> None:
    generate(world)
    with pytest.raises(TransitionRefusedError):
        generate(world)


def test_check_with_an_error_is_refused_and_keeps_the_findings(world: Any) -> None:
    from gongkai_web.annual_reports.models import AnnualReport
    from gongkai_web.annual_reports.services import (
        annual_report_check,
        annual_report_import,
        annual_report_record,
    )

    # Last year's imported report carried 3 applications forward; this year's records carry none over.
    last = generate(world, 2021).to_report().with_cells({"applications.carried_forward.natural_person": 3})
    AnnualReport.objects.filter(year=2021).delete()
    imported = annual_report_import(
        agency=world.agency,
        acting_user=fresh(world.users["officer"]),
        name="2021.json",
        data=last.model_dump_json().encode(),
    )
    annual_report_record(report=imported, acting_user=fresh(world.users["leader"]))
    report = generate(world)
    with pytest.raises(TransitionRefusedError):
        annual_report_check(report=report, acting_user=fresh(world.users["officer"]))
    report.refresh_from_db()
    assert report.state == "draft"
    assert "carry_over" in {f["rule"] for f in report.findings}
    assert "2021" in report.checked_against


def test_check_compares_with_last_years_published_report(world: Any) -> None:
    from gongkai_web.annual_reports.services import annual_report_check

    AppModel = application(world.agency, 1, received_on=date(2021, 12, 30), category="research")
    AppModel.save()
    publish(world, 2021)
    report = annual_report_check(report=generate(world, 2022), acting_user=fresh(world.users["officer"]))
    assert report.state == "checked"
    assert report.cells["applications.carried_over.research"] == 1
    assert "2021" in report.checked_against


def test_the_author_cannot_approve_even_as_leader(world: Any) -> None:
    from gongkai_web.annual_reports.services import annual_report_approve, annual_report_check
    from tests.web.factories import member

    both = member(world.agency, "officer", username="both")
    from gongkai_web.agencies.services import membership_grant

    membership_grant(user=both, agency=world.agency, role="leader")
    from gongkai_web.annual_reports.services import annual_report_generate

    report = annual_report_generate(agency=world.agency, year=2022, acting_user=fresh(both))
    report = annual_report_check(report=report, acting_user=fresh(both))
    with pytest.raises(TransitionRefusedError):
        annual_report_approve(report=report, acting_user=fresh(both))


@pytest.mark.parametrize("role", ["officer", "admin", "superior", "other"])
def test_only_a_leader_approves(world: Any, role: str) -> None:
    from gongkai_web.annual_reports.services import annual_report_approve, annual_report_check

    report = annual_report_check(report=generate(world), acting_user=fresh(world.users["officer"]))
    with pytest.raises(TransitionRefusedError):
        annual_report_approve(report=report, acting_user=fresh(world.users[role]))


def test_approval_publishes_frozen_files_in_the_portal_column_and_submits_upward(world: Any) -> None:
    world.users["superior"].email = "up@example.org"
    world.users["superior"].save()
    report = publish(world)
    assert report.state == "published"
    assert sorted(report.files.values_list("fmt", flat=True)) == ["docx", "html", "pdf"]
    assert bytes(report.files.get(fmt="pdf").content).startswith(b"%PDF")
    item = report.catalogue_item
    assert item.status == "published" and item.category.code == "ndbg"
    assert f"/annual/r/{report.pk}/pdf/" in item.body
    assert report.submitted_to == world.office
    assert report.approver == world.users["leader"]


def test_approval_mails_the_superior_office_after_commit(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = world.users["superior"]
    user.email = "up@example.org"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish(world)
    assert [m.to for m in mail.outbox] == [["up@example.org"]]


def test_approval_is_refused_when_records_changed_after_the_check(world: Any) -> None:
    from gongkai_web.annual_reports.services import annual_report_approve, annual_report_check

    report = annual_report_check(report=generate(world), acting_user=fresh(world.users["officer"]))
    add_fee(world, 2022)
    with pytest.raises(TransitionRefusedError):
        annual_report_approve(report=report, acting_user=fresh(world.users["leader"]))


def test_a_published_report_is_frozen(world: Any) -> None:
    from gongkai_web.annual_reports.services import annual_report_refresh, annual_report_update_prose

    report = publish(world)
    with pytest.raises(TransitionRefusedError):
        annual_report_update_prose(
            report=report, acting_user=fresh(world.users["officer"]), prose={"overview": "改"}
        )
    with pytest.raises(TransitionRefusedError):
        annual_report_refresh(report=report, acting_user=fresh(world.users["officer"]))


def test_a_correction_supersedes_the_published_version_which_stays_visible(world: Any) -> None:
    from gongkai_web.annual_reports.services import (
        annual_report_approve,
        annual_report_check,
        annual_report_correct,
    )

    first = publish(world)
    add_fee(world, 2022)
    second = annual_report_correct(report=first, acting_user=fresh(world.users["officer"]))
    assert second.version == 2 and second.cells["proactive.fees.amount"] == "1.5"
    second = annual_report_check(report=second, acting_user=fresh(world.users["officer"]))
    second = annual_report_approve(report=second, acting_user=fresh(world.users["leader"]))
    first.refresh_from_db()
    assert (first.state, second.state) == ("superseded", "published")
    assert first.files.count() == 3
    assert first.cells["proactive.fees.amount"] == "0"


def test_every_move_writes_an_audit_row(world: Any) -> None:
    from gongkai_web.common.models import AuditEntry

    report = publish(world)
    actions = list(
        AuditEntry.objects.filter(object_type="annual_reports.annualreport", object_id=str(report.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "annual_report_generate",
        "annual_report_check",
        "annual_report_approve",
        "annual_report_publish",
    ]


@pytest.mark.parametrize("role", ["leader", "admin", "superior"])
def test_only_an_officer_checks_and_nothing_is_saved_otherwise(world: Any, role: str) -> None:
    from gongkai_web.annual_reports.services import annual_report_check

    report = generate(world)
    with pytest.raises(TransitionRefusedError):
        annual_report_check(report=report, acting_user=fresh(world.users[role]))
    report.refresh_from_db()
    assert (report.state, report.findings, report.checked_against) == ("draft", [], "")


def test_a_future_year_cannot_be_generated(world: Any) -> None:
    from django.utils import timezone

    with pytest.raises(TransitionRefusedError):
        generate(world, timezone.localdate().year + 1)


def test_a_version_created_meanwhile_is_a_refusal_not_an_error(world: Any) -> None:
    from gongkai_web.annual_reports.models import AnnualReport
    from gongkai_web.annual_reports.services import _create_version

    first = generate(world)
    fields = {f: getattr(first, f) for f in ("agency", "year", "template", "title", "version")}
    with pytest.raises(TransitionRefusedError):
        _create_version(**fields)
    assert AnnualReport.objects.count() == 1


@pytest.mark.parametrize("role", ["leader", "admin", "superior", "other"])
def test_only_an_officer_edits_refreshes_or_corrects_and_nothing_is_saved_otherwise(
    world: Any, role: str
) -> None:
    from gongkai_web.annual_reports.models import AnnualReport
    from gongkai_web.annual_reports.services import (
        annual_report_correct,
        annual_report_refresh,
        annual_report_update_prose,
    )
    from tests.web.annual_reports.helpers import published_report

    draft = generate(world)
    user = fresh(world.users[role])
    with pytest.raises(TransitionRefusedError):
        annual_report_update_prose(report=draft, acting_user=user, prose={"overview": "改"})
    with pytest.raises(TransitionRefusedError):
        annual_report_refresh(report=draft, acting_user=user)
    with pytest.raises(TransitionRefusedError):
        annual_report_correct(report=published_report(world.agency, 2021), acting_user=user)
    draft.refresh_from_db()
    assert draft.prose["overview"] != "改"
    assert not AnnualReport.objects.filter(supersedes__isnull=False).exists()
