"""The demo's annual reports agree everywhere (issue 11 item 6): the annual-report column holds the entries
publishing made (no stubs), each dated as its report; the agency's public report list shows the same reports;
the superior's board counts them on time; and each is a real generated report, with its files and every
row group on its page."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai_web.agencies.models import Agency
from gongkai_web.annual_reports.models import AnnualReport
from gongkai_web.catalogue.categories import ANNUAL_REPORT_CODE
from gongkai_web.catalogue.models import Item
from gongkai_web.oversight import selectors as board_selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_for_module: None) -> None:
    """The demo, loaded once for this module."""


def test_the_annual_report_column_holds_only_entries_of_published_reports(demo: None) -> None:
    column = Item.objects.filter(category__code=ANNUAL_REPORT_CODE)
    assert column.exists()
    linked = set(
        AnnualReport.objects.exclude(catalogue_item=None).values_list("catalogue_item_id", flat=True)
    )
    assert set(column.values_list("id", flat=True)) == linked


def test_each_column_entry_is_dated_as_its_report(demo: None) -> None:
    for report in AnnualReport.objects.exclude(catalogue_item=None).select_related("catalogue_item"):
        assert report.catalogue_item.published_at == report.published_at


def test_the_public_report_list_shows_each_published_report_with_its_date(demo: None) -> None:
    for report in AnnualReport.objects.filter(state="published").select_related("agency"):
        page = Client().get(reverse("annual_reports_public:list", args=[report.agency.code])).content.decode()
        assert report.title in page
        assert timezone.localdate(report.published_at).isoformat() in page


def test_the_superior_board_counts_the_published_reports_on_time(demo: None) -> None:
    office = Agency.objects.get(code="sdq-gov")
    current = board_selectors.board(office=office, year=2023, today=date(2024, 6, 1))
    statuses = {row.agency.code: row.status for row in current.rows}
    assert {statuses[c] for c in ("sdq-jyj", "sdq-czj", "sdq-scj")} == {"on_time"}


def test_demo_reports_are_generated_with_their_files(demo: None) -> None:
    for report in AnnualReport.objects.filter(state="published"):
        assert {f.fmt for f in report.files.all()} >= {"html", "pdf", "docx"}
        assert report.checked_at is not None and report.checked_at <= report.published_at


def test_demo_report_page_shows_the_result_row_group(demo: None) -> None:
    report = AnnualReport.objects.filter(state="published").first()
    assert report is not None
    page = Client().get(reverse("annual_reports_public:detail", args=[report.pk])).content.decode()
    assert "三、本年度办理结果" in page


def test_sifaju_2020_is_left_for_the_officer_to_generate(demo: None) -> None:
    sifaju = Agency.objects.get(code="sdq-sfj")
    assert not AnnualReport.objects.filter(agency=sifaju, year=2020).exists()
    assert not Item.objects.filter(agency=sifaju, category__code=ANNUAL_REPORT_CODE).exists()
