"""Public annual-report pages in both languages: Chinese by default; in English only the report's content
(agency, title, prose, the template's labels) stays Chinese."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.annual_reports.helpers import world_report
from tests.web.cjk import chinese_ui, english_client, template_strings

pytestmark = pytest.mark.django_db


def _content(report: Any) -> set[str]:
    """Agencies, title, prose, category names and the template's labels (as the charts shorten them too)."""
    from gongkai_web.annual_reports.charts import outcome_groups

    agencies = [report.agency.name, report.submitted_to.name if report.submitted_to else ""]
    groups = [label for label, _keys in outcome_groups(report.template)]
    prose = [line for text in report.prose.values() if isinstance(text, str) for line in text.splitlines()]
    categories = [str(name) for name, _n in report.facts.get("items_by_category", [])]
    from gongkai.renderers._grid import report_grids

    # The tables as the report prints them (the public page draws the core's grids: 22.8535万元 and the like).
    printed = [c.text for g in report_grids(report.to_report()).values() for row in g.rows for c in row]
    return {
        report.title,
        *agencies,
        *groups,
        *prose,
        *categories,
        *printed,
        *template_strings(report.template),
    }


def _public_urls(report: Any) -> dict[str, str]:
    return {
        "list": reverse("annual_reports_public:list", kwargs={"code": report.agency.code}),
        "detail": reverse("annual_reports_public:detail", kwargs={"pk": report.pk}),
        "graphic": reverse("annual_reports_public:graphic", kwargs={"pk": report.pk}),
    }


@pytest.mark.parametrize(
    ("page", "chinese", "english"),
    [
        ("list", "政府信息公开工作年度报告", "annual reports on government information disclosure"),
        ("detail", "发布日期：", "Published on"),
        ("graphic", "本年新收申请（件）", "new applications this year"),
    ],
)
def test_public_report_pages_are_chinese_by_default(
    page: str, chinese: str, english: str, world: Any
) -> None:
    html = Client().get(_public_urls(world_report(world))[page]).content.decode()
    assert chinese in html and english not in html


@pytest.mark.parametrize(
    ("page", "english"),
    [
        ("list", "annual reports on government information disclosure"),
        ("detail", "Published on"),
        ("graphic", "new applications this year"),
    ],
)
def test_public_report_pages_in_english_have_no_chinese_but_content(
    page: str, english: str, world: Any
) -> None:
    report = world_report(world)
    html = english_client().get(_public_urls(report)[page]).content.decode()
    assert '<html lang="en">' in html and english in html
    assert chinese_ui(html, _content(report)) == []


def test_chart_titles_follow_the_language(world: Any) -> None:
    url = _public_urls(world_report(world))["detail"]
    assert "新收申请的申请人类型（按年度）" in Client().get(url).content.decode()
    assert "Applicants of new applications (by year)" in english_client().get(url).content.decode()


def test_staff_report_page_in_english_has_no_chinese_but_content(world: Any) -> None:
    report = world_report(world)
    html = (
        english_client(world.users["officer"])
        .get(reverse("annual_reports:detail", kwargs={"pk": report.pk}))
        .content.decode()
    )
    assert "Check results" in html and "published" in html
    assert chinese_ui(html, _content(report)) == []


def test_mail_to_the_superior_is_in_the_sites_language_whoever_approves(world: Any) -> None:
    from django.core import mail
    from django.utils import translation

    from gongkai_web.annual_reports.services import _notify_superior

    world.users["superior"].email = "up@example.org"
    world.users["superior"].save()
    report = world_report(world)
    with translation.override("en"):
        _notify_superior(report)
    assert mail.outbox[0].subject == f"年报报送：{report.title}"
