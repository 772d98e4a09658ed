"""The public report page draws the report's tables from the core's grids, as the PDF does: every row group
(「三、本年度办理结果」 among them) and every cell; the agency's report list gives each report's date."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.web.annual_reports.helpers import world_report


def _page(report: Any) -> str:
    return Client().get(reverse("annual_reports_public:detail", kwargs={"pk": report.pk})).content.decode()


def test_public_report_page_shows_the_result_row_group_the_pdf_shows(world: Any) -> None:
    from gongkai.renderers._grid import report_grids

    report = world_report(world)
    page = _page(report)
    groups = {
        c.text
        for row in report_grids(report.to_report())["applications"].rows
        for c in row
        if c.scope == "rowgroup"
    }
    assert "三、本年度办理结果" in groups
    assert all(g in page for g in groups)


def test_public_report_page_shows_every_cell_of_the_template(world: Any) -> None:
    import re

    from gongkai.templates import get_template

    report = world_report(world)
    shown = set(re.findall(r'data-key="([\w.]+)"', _page(report)))
    assert shown == set(get_template(report.template).keys)


def test_public_report_list_gives_each_report_its_publication_date(world: Any) -> None:
    report = world_report(world)
    page = (
        Client()
        .get(reverse("annual_reports_public:list", kwargs={"code": world.agency.code}))
        .content.decode()
    )
    # the day in the site's time zone (China), as the page shows it
    assert timezone.localdate(report.published_at).isoformat() in page
