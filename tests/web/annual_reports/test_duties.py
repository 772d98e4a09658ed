"""Separation of duties on annual reports, each way round: whoever wrote any version of a year's report never
approves it; a history import counts nowhere until a leader other than the importer approves it; the report
of record (published, else an approved import) is what the superior office receives, and it stays so while
a correction is in progress."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gongkai.errors import TransitionRefusedError
from gongkai_web.annual_reports import services
from gongkai_web.annual_reports.models import AnnualReport
from tests.web import factories as f
from tests.web.annual_reports.helpers import published_report

YEAR = 2024
TODAY = date(2025, 2, 10)


def both_roles(world: Any, username: str = "both") -> Any:
    f.member(world.agency, "officer", username=username)
    return f.member(world.agency, "leader", username=username)


def checked(world: Any, *, by: Any = None) -> AnnualReport:
    officer = by or world.users["officer"]
    report = services.annual_report_generate(agency=world.agency, year=YEAR, acting_user=officer)
    return services.annual_report_check(report=report, acting_user=officer)


def history(world: Any, year: int, *, by: Any, **cells: Any) -> AnnualReport:
    """The world's agency's report on ``year`` uploaded as history by ``by`` (JSON from the core)."""
    from gongkai_web.annual_reports.selectors import compute_report

    core = compute_report(world.agency, year).with_cells({k.replace("__", "."): v for k, v in cells.items()})
    return services.annual_report_import(
        agency=world.agency, acting_user=by, name=f"{year}.json", data=core.model_dump_json().encode()
    )


# --- approving a generated report ------------------------------------------------------------------------


def test_an_officer_leader_who_edited_the_text_may_not_approve_the_report(world: Any) -> None:
    both = both_roles(world)
    report = services.annual_report_generate(
        agency=world.agency, year=YEAR, acting_user=world.users["officer"]
    )
    services.annual_report_update_prose(report=report, acting_user=both, prose={"overview": "改写的概述"})
    report = services.annual_report_check(report=report, acting_user=world.users["officer"])
    with pytest.raises(TransitionRefusedError, match="某一版本"):
        services.annual_report_approve(report=report, acting_user=f.fresh(both))
    report.refresh_from_db()
    assert report.state == "checked"


def test_an_officer_leader_who_checked_the_report_may_not_approve_it(world: Any) -> None:
    both = both_roles(world)
    report = services.annual_report_generate(
        agency=world.agency, year=YEAR, acting_user=world.users["officer"]
    )
    report = services.annual_report_check(report=report, acting_user=both)
    with pytest.raises(TransitionRefusedError):
        services.annual_report_approve(report=report, acting_user=f.fresh(both))


def test_the_author_of_a_version_may_not_approve_its_correction(world: Any) -> None:
    both = both_roles(world)
    first = published_report(world.agency, YEAR, author=both, approver=world.users["leader"])
    second = services.annual_report_correct(report=first, acting_user=world.users["officer"])
    second = services.annual_report_check(report=second, acting_user=world.users["officer"])
    with pytest.raises(TransitionRefusedError):
        services.annual_report_approve(report=second, acting_user=f.fresh(both))


def test_an_officer_leader_who_wrote_nothing_approves_the_report(world: Any) -> None:
    both = both_roles(world)
    report = services.annual_report_approve(report=checked(world), acting_user=f.fresh(both))
    assert report.state == "published"


def test_the_approve_button_is_missing_for_a_writer_with_the_reason_shown(world: Any, client: Any) -> None:
    both = both_roles(world)
    report = checked(world, by=both)
    client.force_login(f.fresh(both))
    page = client.get(f"/staff/annual/{report.pk}/").content.decode()
    assert "/do/approve/" not in page and "须由其他分管领导审批" in page
    client.force_login(world.users["leader"])
    assert "/do/approve/" in client.get(f"/staff/annual/{report.pk}/").content.decode()


# --- history imports need a leader's approval ---------------------------------------------------------------


def test_the_importer_may_not_approve_their_own_import_even_as_leader(world: Any) -> None:
    both = both_roles(world)
    imported = history(world, 2023, by=both)
    with pytest.raises(TransitionRefusedError):
        services.annual_report_record(report=imported, acting_user=f.fresh(both))
    imported.refresh_from_db()
    assert imported.state == "imported"


@pytest.mark.parametrize("role", ["officer", "admin", "superior", "other"])
def test_only_a_leader_approves_an_import(world: Any, role: str) -> None:
    imported = history(world, 2023, by=world.users["admin"])
    with pytest.raises(TransitionRefusedError):
        services.annual_report_record(report=imported, acting_user=world.users[role])


def test_another_leader_approves_an_import_which_then_counts(world: Any) -> None:
    from gongkai_web.annual_reports.selectors import report_of_record

    imported = history(world, 2023, by=world.users["officer"])
    assert report_of_record(agency=world.agency, year=2023) is None
    recorded = services.annual_report_record(report=imported, acting_user=world.users["leader"])
    assert (recorded.state, recorded.approver) == ("recorded", world.users["leader"])
    assert report_of_record(agency=world.agency, year=2023) == recorded


def test_a_rejected_import_never_counts(world: Any) -> None:
    from gongkai_web.annual_reports.selectors import report_of_record

    imported = history(world, 2023, by=world.users["officer"])
    services.annual_report_reject(report=imported, acting_user=world.users["leader"])
    assert report_of_record(agency=world.agency, year=2023) is None
    with pytest.raises(TransitionRefusedError):
        services.annual_report_record(report=imported, acting_user=world.users["leader"])


def test_an_unapproved_import_is_not_compared_with_next_year(world: Any) -> None:
    history(world, 2023, by=world.users["officer"], applications__carried_forward__natural_person=3)
    report = services.annual_report_generate(
        agency=world.agency, year=YEAR, acting_user=world.users["officer"]
    )
    report = services.annual_report_check(report=report, acting_user=world.users["officer"])
    assert (report.state, report.checked_against) == ("checked", "")


def test_an_approved_import_is_compared_with_next_year(world: Any) -> None:
    imported = history(
        world, 2023, by=world.users["officer"], applications__carried_forward__natural_person=3
    )
    services.annual_report_record(report=imported, acting_user=world.users["leader"])
    report = services.annual_report_generate(
        agency=world.agency, year=YEAR, acting_user=world.users["officer"]
    )
    with pytest.raises(TransitionRefusedError):
        services.annual_report_check(report=report, acting_user=world.users["officer"])
    report.refresh_from_db()
    assert "carry_over" in {f["rule"] for f in report.findings}


def test_only_approved_imports_reach_the_charts(world: Any) -> None:
    from gongkai_web.annual_reports.selectors import reports_for_charts

    pending = history(world, 2022, by=world.users["officer"])
    approved = services.annual_report_record(
        report=history(world, 2023, by=world.users["officer"]), acting_user=world.users["leader"]
    )
    current = published_report(world.agency, YEAR)
    years = [y for y, _ in reports_for_charts(report=current)]
    assert (pending.year in years, approved.year in years) == (False, True)


def test_reminders_nag_an_agency_whose_import_awaits_approval_but_not_once_approved(world: Any) -> None:
    imported = history(world, YEAR, by=world.users["officer"])
    assert world.agency in services.agencies_unreported(year=YEAR)
    services.annual_report_record(report=imported, acting_user=world.users["leader"])
    assert world.agency not in services.agencies_unreported(year=YEAR)


# --- what the superior office receives ------------------------------------------------------------------------


def board_row(world: Any) -> Any:
    from gongkai_web.oversight.selectors import board

    rows = {r.agency.pk: r for r in board(office=world.office, year=YEAR, today=TODAY).rows}
    return rows[world.agency.pk]


def rollup_cell(world: Any, key: str) -> Any:
    from gongkai_web.oversight.selectors import board, board_rollup

    total = board_rollup(board(office=world.office, year=YEAR, today=TODAY), name="汇总")
    return None if total.report is None else total.report.cells[key]


def test_an_import_awaiting_approval_is_not_on_the_board_nor_in_the_roll_up(world: Any) -> None:
    history(world, YEAR, by=world.users["officer"], applications__new__natural_person=4)
    row = board_row(world)
    assert (row.status, row.report, row.in_progress.state) == ("overdue", None, "imported")
    assert rollup_cell(world, "applications.new.natural_person") is None


def test_an_approved_import_is_on_record_and_in_the_roll_up(world: Any) -> None:
    imported = history(world, YEAR, by=world.users["officer"], applications__new__natural_person=4)
    services.annual_report_record(report=imported, acting_user=world.users["leader"])
    assert board_row(world).status == "on_record"
    assert rollup_cell(world, "applications.new.natural_person") == 4


def test_a_correction_in_progress_keeps_the_published_version_in_the_roll_up(world: Any) -> None:
    from tests.web.applications.helpers import received

    published = published_report(world.agency, YEAR, author=world.users["officer"])
    received(world.agency, date(YEAR, 5, 1))  # flags the published year
    correction = services.annual_report_correct(report=published, acting_user=world.users["officer"])
    row = board_row(world)
    assert (row.report, row.in_progress) == (published, correction)
    assert rollup_cell(world, "applications.new.natural_person") == 0


def test_an_import_of_a_published_year_never_replaces_the_published_report(world: Any) -> None:
    published = published_report(world.agency, YEAR, author=world.users["officer"])
    imported = history(world, YEAR, by=world.users["officer"], applications__new__natural_person=88)
    services.annual_report_record(report=imported, acting_user=world.users["leader"])
    assert board_row(world).report == published
    assert rollup_cell(world, "applications.new.natural_person") == 0
