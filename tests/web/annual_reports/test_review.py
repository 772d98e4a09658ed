"""The review of a report's findings: confirmed or dismissed by the superior office or the agency's leader,
kept through re-checks, new versions and re-imports while the judged cells are unchanged, lapsing visibly
when one changes; the superior office returns a report with a reason; the board counts the reviews."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from gongkai.errors import TransitionRefusedError
from gongkai.templates import get_template
from gongkai_web.annual_reports import selectors, services
from gongkai_web.annual_reports.models import AnnualReport, FindingDecision, ReportReturn
from gongkai_web.common.errors import NotPermitted, Refused
from gongkai_web.common.models import AuditEntry
from tests.web import factories as f
from tests.web.factories import fresh

YEAR = 2024
ROW_TOTAL = "applications_row_total"
#: The cells of the row-total finding of a report whose new natural-person applications break the row.
NEW_ROW = ",".join(
    [
        *(f"applications.new.{c.key}" for c in get_template("2021").applications.columns if c.key != "total"),
        "applications.new.total",
    ]
)


def history(world: Any, year: int = YEAR, *, by: Any = None, **cells: Any) -> AnnualReport:
    """The world's agency's report on ``year`` uploaded as history (JSON from the core), ``cells`` (``__``
    for dots) on top of the zero cells of its empty records."""
    core = selectors.compute_report(world.agency, year).with_cells(
        {k.replace("__", "."): v for k, v in cells.items()}
    )
    return services.annual_report_import(
        agency=world.agency,
        acting_user=fresh(by or world.users["officer"]),
        name=f"{year}.json",
        data=core.model_dump_json().encode(),
    )


def recorded(world: Any, report: AnnualReport) -> AnnualReport:
    return services.annual_report_record(report=report, acting_user=fresh(world.users["leader"]))


def review_of(report: AnnualReport, rule: str, cells: str | None = None) -> selectors.ReviewedFinding:
    report = AnnualReport.objects.get(pk=report.pk)
    found = [r for r in selectors.reviewed_findings(report) if r.finding.rule == rule]
    if cells is not None:
        found = [r for r in found if r.cells == cells]
    assert found, f"no {rule} finding on {report}"
    return found[0]


def dismiss(world: Any, report: AnnualReport, rule: str = ROW_TOTAL, cells: str = NEW_ROW) -> Any:
    return services.finding_dismiss(
        report=report,
        rule=rule,
        cells=cells,
        reason="上级已核实，数字无误",
        acting_user=fresh(world.users["superior"]),
    )


def test_the_findings_key_names_the_rule_and_its_cells(world: Any) -> None:
    report = history(world, applications__new__natural_person=5)
    assert review_of(report, ROW_TOTAL).cells == NEW_ROW


# --- what must show: dismissed through re-checks and new versions, lapsing when a judged cell changes ----


def test_a_dismissed_finding_stays_dismissed_after_a_new_version_with_the_same_cells(world: Any) -> None:
    first = history(world, applications__new__natural_person=5)
    dismiss(world, first)
    again = history(world, applications__new__natural_person=5)  # a re-import: a new version
    assert again.version == first.version + 1
    reviewed = review_of(again, ROW_TOTAL)
    assert (reviewed.status, reviewed.decision.reason) == ("dismissed", "上级已核实，数字无误")
    assert review_of(first, ROW_TOTAL).status == "dismissed"


def test_a_dismissed_finding_lapses_visibly_when_a_judged_cell_changes(world: Any) -> None:
    first = history(world, applications__new__natural_person=5)
    dismiss(world, first)
    changed = history(world, applications__new__natural_person=6)
    reviewed = review_of(changed, ROW_TOTAL)
    assert reviewed.status == "open"
    assert reviewed.lapsed is not None and reviewed.lapsed.verdict == "dismissed"
    assert ("applications.new.natural_person", 5, 6) in reviewed.changed


def test_a_change_in_a_cell_the_decision_did_not_judge_leaves_it_standing(world: Any) -> None:
    first = history(world, applications__new__natural_person=5)
    dismiss(world, first)
    other = history(world, applications__new__natural_person=5, proactive__licensing__decisions=9)
    assert review_of(other, ROW_TOTAL).status == "dismissed"


def checked_2020_with_a_carry_warning(world: Any) -> AnnualReport:
    """A generated 2020 report checked against the recorded 2019 history whose licensing projects (5 + 1)
    do not carry into the 2020 count (0): a ``project_count_carry`` warning (checks still pass)."""
    recorded(world, history(world, 2019, proactive__licensing__previous=5, proactive__licensing__change=1))
    officer = fresh(world.users["officer"])
    draft = services.annual_report_generate(agency=world.agency, year=2020, acting_user=officer)
    return services.annual_report_check(report=draft, acting_user=officer)


CARRY = ("project_count_carry", "proactive.licensing.previous,proactive.licensing.change")


def test_a_dismissed_finding_stays_dismissed_after_a_re_check(world: Any) -> None:
    report = checked_2020_with_a_carry_warning(world)
    dismiss(world, report, *CARRY)
    officer = fresh(world.users["officer"])
    report = services.annual_report_reopen(report=report, acting_user=officer)
    report = services.annual_report_check(report=report, acting_user=officer)
    reviewed = review_of(report, *CARRY)
    assert reviewed.status == "dismissed"
    assert [(c.key, c.value, c.previous) for c in reviewed.judged_cells] == [
        ("proactive.licensing.previous", 0, 5),
        ("proactive.licensing.change", 0, 1),
    ]


def test_a_decision_across_years_lapses_when_last_years_judged_cell_changes(world: Any) -> None:
    report = checked_2020_with_a_carry_warning(world)
    dismiss(world, report, *CARRY)
    recorded(world, history(world, 2019, proactive__licensing__previous=6, proactive__licensing__change=1))
    officer = fresh(world.users["officer"])
    report = services.annual_report_reopen(report=report, acting_user=officer)
    report = services.annual_report_check(report=report, acting_user=officer)
    reviewed = review_of(report, *CARRY)
    assert reviewed.status == "open" and reviewed.lapsed is not None
    assert ("proactive.licensing.previous (-1)", 5, 6) in reviewed.changed


# --- who decides ---------------------------------------------------------------------------------------


def test_the_agencys_leader_may_dismiss_a_finding(world: Any) -> None:
    report = history(world, applications__new__natural_person=5)
    services.finding_dismiss(
        report=report,
        rule=ROW_TOTAL,
        cells=NEW_ROW,
        reason="口径说明",
        acting_user=fresh(world.users["leader"]),
    )
    assert review_of(report, ROW_TOTAL).status == "dismissed"


@pytest.mark.parametrize("role", ["officer", "admin", "other"])
def test_others_may_not_decide_about_a_finding(world: Any, role: str) -> None:
    report = history(world, applications__new__natural_person=5)
    with pytest.raises(NotPermitted):
        services.finding_dismiss(
            report=report, rule=ROW_TOTAL, cells=NEW_ROW, reason="无", acting_user=fresh(world.users[role])
        )
    with pytest.raises(NotPermitted):
        services.finding_confirm(
            report=report, rule=ROW_TOTAL, cells=NEW_ROW, acting_user=fresh(world.users[role])
        )
    assert not FindingDecision.objects.exists()


def test_a_leader_who_wrote_the_report_may_not_judge_its_findings(world: Any) -> None:
    f.member(world.agency, "officer", username="both")
    both = f.member(world.agency, "leader", username="both")
    report = history(world, by=both, applications__new__natural_person=5)
    with pytest.raises(Refused):
        services.finding_dismiss(report=report, rule=ROW_TOTAL, cells=NEW_ROW, reason="无", acting_user=both)


def test_a_dismissal_needs_a_reason(world: Any) -> None:
    report = history(world, applications__new__natural_person=5)
    with pytest.raises(Refused) as refused:
        services.finding_dismiss(
            report=report,
            rule=ROW_TOTAL,
            cells=NEW_ROW,
            reason="  ",
            acting_user=fresh(world.users["superior"]),
        )
    assert refused.value.field == "reason"


def test_a_finding_the_report_does_not_have_is_refused(world: Any) -> None:
    report = history(world, applications__new__natural_person=5)
    with pytest.raises(Refused):
        dismiss(world, report, ROW_TOTAL, "applications.new.total")


def test_a_decision_is_audited_with_the_values_it_judged(world: Any) -> None:
    report = history(world, applications__new__natural_person=5)
    decision = dismiss(world, report)
    entry = AuditEntry.objects.get(action="finding_dismiss")
    assert entry.object_id == str(decision.pk) and entry.agency_id == world.agency.pk
    assert entry.changes["judged"]["cells"]["applications.new.natural_person"] == 5


def test_a_confirmed_finding_is_mailed_to_the_department_with_the_rule_and_cells(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for role in ("officer", "leader"):
        world.users[role].email = f"{role}@dept-a.example"
        world.users[role].save()
    report = history(world, applications__new__natural_person=5)
    with django_capture_on_commit_callbacks(execute=True):
        services.finding_confirm(
            report=report,
            rule=ROW_TOTAL,
            cells=NEW_ROW,
            reason="请更正",
            acting_user=fresh(world.users["superior"]),
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["leader@dept-a.example", "officer@dept-a.example"]
    body = mail.outbox[0].body
    assert "第三部分各行：总计等于各类申请人之和" in body  # the rule's text
    assert "「自然人」列: 5" in body  # a cell with its value
    assert "请更正" in body
    assert review_of(report, ROW_TOTAL).status == "confirmed"


def test_a_later_decision_replaces_the_earlier_one(world: Any) -> None:
    report = history(world, applications__new__natural_person=5)
    dismiss(world, report)
    services.finding_confirm(
        report=report, rule=ROW_TOTAL, cells=NEW_ROW, acting_user=fresh(world.users["superior"])
    )
    assert FindingDecision.objects.get().verdict == "confirmed"


# --- returns --------------------------------------------------------------------------------------------


def returned(world: Any, report: AnnualReport, reason: str = "第三部分数字有误，请更正") -> ReportReturn:
    return services.annual_report_return(
        report=report, reason=reason, acting_user=fresh(world.users["superior"])
    )


def test_the_superior_office_returns_a_report_that_counts_and_the_department_is_mailed(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    world.users["officer"].email = "officer@dept-a.example"
    world.users["officer"].save()
    report = recorded(world, history(world, applications__new__natural_person=5))
    services.finding_confirm(
        report=report, rule=ROW_TOTAL, cells=NEW_ROW, acting_user=fresh(world.users["superior"])
    )
    with django_capture_on_commit_callbacks(execute=True):
        back = returned(world, report)
    assert back.state == "open"
    assert AuditEntry.objects.filter(action="annual_report_return", object_id=str(report.pk)).exists()
    (message,) = mail.outbox
    assert "第三部分数字有误，请更正" in message.body and "各类申请人之和" in message.body


@pytest.mark.parametrize("role", ["officer", "leader", "admin", "other"])
def test_only_the_superior_office_returns_a_report(world: Any, role: str) -> None:
    report = recorded(world, history(world))
    with pytest.raises(NotPermitted):
        services.annual_report_return(report=report, reason="无", acting_user=fresh(world.users[role]))


def test_a_return_needs_a_reason_and_a_report_that_counts(world: Any) -> None:
    imported = history(world)
    with pytest.raises(Refused):
        returned(world, recorded(world, imported), reason=" ")
    with pytest.raises(Refused):
        returned(world, history(world))  # an import awaiting approval counts nowhere yet


def test_a_report_is_returned_once_until_answered(world: Any) -> None:
    report = recorded(world, history(world))
    returned(world, report)
    with pytest.raises(Refused):
        returned(world, report)


def test_a_later_version_that_counts_answers_the_return(world: Any) -> None:
    report = recorded(world, history(world, applications__new__natural_person=5))
    back = returned(world, report)
    corrected = recorded(
        world, history(world, applications__new__natural_person=5, applications__new__total=5)
    )
    back.refresh_from_db()
    assert (back.state, back.answered_by_id) == ("answered", corrected.pk)
    assert AuditEntry.objects.filter(action="report_return_answer", actor__isnull=True).exists()


def test_the_superior_office_withdraws_a_return_and_nobody_else(world: Any) -> None:
    back = returned(world, recorded(world, history(world)))
    with pytest.raises(TransitionRefusedError):
        services.report_return_withdraw(report_return=back, acting_user=fresh(world.users["leader"]))
    withdrawn = services.report_return_withdraw(
        report_return=back, acting_user=fresh(world.users["superior"])
    )
    assert withdrawn.state == "withdrawn"


def test_the_department_sees_the_return_on_its_reports(world: Any) -> None:
    returned(world, recorded(world, history(world)), reason="请补充第五部分")
    client = Client()
    client.force_login(world.users["officer"])
    page = client.get(reverse("annual_reports:list", args=[world.agency.code])).content.decode()
    assert 'id="returned"' in page and "请补充第五部分" in page


# --- the board ------------------------------------------------------------------------------------------


def test_board_counts_open_confirmed_and_dismissed_findings_per_department(world: Any) -> None:
    from gongkai_web.oversight.selectors import board

    report = recorded(world, history(world, applications__new__natural_person=5))
    # two findings: the column balance of 自然人 and the row total of 新收
    balance = review_of(report, "applications_column_balance")
    dismiss(world, report)
    services.finding_confirm(
        report=report,
        rule=balance.finding.rule,
        cells=balance.cells,
        acting_user=fresh(world.users["superior"]),
    )
    other_leader = fresh(world.users["other"]).__class__.objects.get(username="other-leader")
    other = services.annual_report_import(
        agency=world.other_agency,
        acting_user=fresh(world.users["other"]),
        name="b.json",
        data=selectors.compute_report(world.other_agency, YEAR)
        .with_cells({"applications.new.commercial": 2})
        .model_dump_json()
        .encode(),
    )
    services.annual_report_record(report=other, acting_user=fresh(other_leader))
    rows = {
        r.agency.code: r.review for r in board(office=world.office, year=YEAR, today=date(2025, 2, 10)).rows
    }
    assert (rows["dept-a"].open, rows["dept-a"].confirmed, rows["dept-a"].dismissed) == (0, 1, 1)
    assert (rows["dept-b"].open, rows["dept-b"].confirmed, rows["dept-b"].dismissed) == (2, 0, 0)


def test_the_board_counts_the_decisions_with_one_query(world: Any, django_assert_num_queries: Any) -> None:
    report = recorded(world, history(world, applications__new__natural_person=5))
    dismiss(world, report)
    report = AnnualReport.objects.get(pk=report.pk)
    with django_assert_num_queries(1):
        counts = selectors.review_counts([report])
    assert counts[report.pk] == selectors.ReviewCounts(open=1, confirmed=0, dismissed=1)


def test_a_lapsed_decision_counts_as_open_on_the_board(world: Any) -> None:
    dismiss(world, history(world, applications__new__natural_person=5))
    changed = AnnualReport.objects.get(
        pk=recorded(world, history(world, applications__new__natural_person=7)).pk
    )
    assert selectors.review_counts([changed])[changed.pk] == selectors.ReviewCounts(open=2)


# --- pages ----------------------------------------------------------------------------------------------


def test_the_superior_office_dismisses_a_finding_from_the_review_page(world: Any) -> None:
    report = history(world, applications__new__natural_person=5)
    client = Client()
    client.force_login(world.users["superior"])
    url = reverse("annual_reports:review", args=[report.pk])
    page = client.get(url).content.decode()
    assert f'data-cells="{NEW_ROW}"' in page and 'data-status="open"' in page
    response = client.post(
        reverse("annual_reports:decide", args=[report.pk]),
        {"rule": ROW_TOTAL, "cells": NEW_ROW, "verdict": "dismissed", "reason": "口径不同"},
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-status="dismissed"' in page and "口径不同" in page


def test_the_review_page_shows_a_lapsed_decision_and_what_changed(world: Any) -> None:
    dismiss(world, history(world, applications__new__natural_person=5))
    changed = history(world, applications__new__natural_person=8)
    client = Client()
    client.force_login(world.users["officer"])
    page = client.get(reverse("annual_reports:review", args=[changed.pk])).content.decode()
    assert 'class="warning lapsed"' in page and "5 → 8" in page


def test_a_corrected_version_keeps_the_decision_and_answers_the_return_when_published(world: Any) -> None:
    officer, leader = fresh(world.users["officer"]), fresh(world.users["leader"])
    report = checked_2020_with_a_carry_warning(world)
    published = services.annual_report_approve(report=report, acting_user=leader)
    dismiss(world, published, *CARRY)
    back = returned(world, published)
    corrected = services.annual_report_correct(report=published, acting_user=officer)
    corrected = services.annual_report_check(report=corrected, acting_user=officer)
    assert review_of(corrected, *CARRY).status == "dismissed"
    back.refresh_from_db()
    assert back.state == "open"  # a draft of a correction does not count yet
    services.annual_report_approve(report=corrected, acting_user=leader)
    back.refresh_from_db()
    assert (back.state, back.answered_by_id) == ("answered", corrected.pk)


def test_the_review_page_in_english_has_no_chinese_but_content(world: Any) -> None:
    from gongkai.checks import RULES
    from tests.web.cjk import chinese_ui, english_client, template_strings

    report = history(world, applications__new__natural_person=5)
    dismiss(world, report)
    html = english_client(world.users["superior"]).get(reverse("annual_reports:review", args=[report.pk]))
    page = html.content.decode()
    assert "Review of the findings" in page and "Dismiss with the reason" in page
    # the content: the title, the agency, the reason given, the rules' statements (the core's, with the parts'
    # Chinese names) and the template's labels
    content = {report.title, world.agency.name, "上级已核实，数字无误", *(r.doc for r in RULES.values())}
    assert chinese_ui(page, content | template_strings(report.template)) == []


def test_the_superior_office_above_the_superior_office_may_not_decide(world: Any) -> None:
    city = f.AgencyFactory(code="city", name="市政府办公室")
    world.office.parent = city
    world.office.save()
    above = f.member(city, "superior", username="city-superior")
    report = history(world, applications__new__natural_person=5)
    with pytest.raises(NotPermitted):
        services.finding_dismiss(report=report, rule=ROW_TOTAL, cells=NEW_ROW, reason="无", acting_user=above)


def test_the_confirmation_is_mailed_in_the_sites_language_whatever_the_reviewer_reads(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.utils import translation

    world.users["officer"].email = "officer@dept-a.example"
    world.users["officer"].save()
    report = history(world, applications__new__natural_person=5)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.finding_confirm(
            report=report, rule=ROW_TOTAL, cells=NEW_ROW, acting_user=fresh(world.users["superior"])
        )
    (message,) = mail.outbox
    assert "规则：第三部分各行：总计等于各类申请人之和" in message.body and "「自然人」列" in message.body


def test_a_lapsed_decision_applies_again_when_the_judged_cells_return_to_what_it_judged(world: Any) -> None:
    dismiss(world, history(world, applications__new__natural_person=5))
    assert review_of(history(world, applications__new__natural_person=6), ROW_TOTAL).status == "open"
    assert review_of(history(world, applications__new__natural_person=5), ROW_TOTAL).status == "dismissed"


def test_a_decision_about_a_finding_the_corrected_version_no_longer_has_is_listed_as_resolved(
    world: Any,
) -> None:
    first = history(world, applications__new__natural_person=5)
    services.finding_confirm(
        report=first, rule=ROW_TOTAL, cells=NEW_ROW, acting_user=fresh(world.users["superior"])
    )
    corrected = history(world, applications__new__natural_person=5, applications__new__total=5)
    reviewed = selectors.reviewed_findings(corrected)
    assert ROW_TOTAL not in {r.finding.rule for r in reviewed}
    (resolved,) = selectors.decisions_resolved(corrected, reviewed)
    assert (resolved.rule, resolved.cells, resolved.verdict) == (ROW_TOTAL, NEW_ROW, "confirmed")


def test_the_review_pages_title_is_its_name_and_the_return_form_is_shown_once(world: Any) -> None:
    import re

    report = recorded(world, history(world, applications__new__natural_person=5))
    client = Client()
    client.force_login(world.users["superior"])
    page = client.get(reverse("annual_reports:review", args=[report.pk])).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None and "<" not in title.group(1) and report.title in title.group(1)
    assert page.count('id="returns"') == 1 and page.count('id="return"') == 1
