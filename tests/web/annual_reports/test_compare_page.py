"""The year-on-year comparison page of an agency: the core's comparison drawn in the site (summary first, the
cross-year checks, prose side by side, tables with both years and the change), its downloads, and what it says
when a year is missing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from tests.web import factories as f
from tests.web.oversight.helpers import report_with

YEAR = 2024


@pytest.fixture
def agency(db: Any) -> Any:
    office = f.AgencyFactory(code="gov", name="某区政府办公室")
    return f.AgencyFactory(code="a", name="甲局", parent=office)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, **kw: Any) -> str:
    return reverse(f"annual_reports:{name}", kwargs={"code": "a", "year": YEAR, **kw})


def test_page_shows_summary_tables_with_deltas_and_prose(agency: Any) -> None:
    report_with(agency, YEAR - 1, applications__new__total=3)
    report_with(agency, YEAR, applications__new__total=10)
    page = _client(f.member(agency, "officer", username="o")).get(_url("compare"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index('id="compare-summary"') < html.index('id="checks"') < html.index('id="prose"')
    assert "本年新收申请 10 件，2023年为 3 件，增加 7 件" in html
    assert "+7" in html  # the delta line of the applications table
    assert 'data-key="applications.new.total"' in html


def test_superior_office_reads_the_departments_comparison(agency: Any) -> None:
    report_with(agency, YEAR - 1)
    report_with(agency, YEAR)
    superior = f.member(agency.parent, "superior", username="boss")
    assert _client(superior).get(_url("compare")).status_code == 200


def test_without_last_years_report_the_page_says_so(agency: Any) -> None:
    report_with(agency, YEAR)
    page = _client(f.member(agency, "officer", username="o")).get(_url("compare"))
    assert page.status_code == 200
    assert 'id="compare-missing"' in page.content.decode()
    assert (
        _client(f.member(agency, "leader", username="l")).get(_url("compare_file", fmt="md")).status_code
        == 404
    )


def test_docx_download_has_each_tables_deltas(agency: Any) -> None:
    report_with(agency, YEAR - 1, applications__new__total=3, appeals__reconsideration__upheld=1)
    report_with(agency, YEAR, applications__new__total=10, appeals__reconsideration__upheld=4)
    response = _client(f.member(agency, "officer", username="o")).get(_url("compare_file", fmt="docx"))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    texts = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"+7", "+3"} <= texts


def test_markdown_and_pdf_downloads_come_from_the_cores_writers(agency: Any) -> None:
    report_with(agency, YEAR - 1)
    report_with(agency, YEAR)
    client = _client(f.member(agency, "officer", username="o"))
    md = client.get(_url("compare_file", fmt="md"))
    assert md["Content-Type"].startswith("text/markdown") and "对比摘要" in md.content.decode()
    pdf = client.get(_url("compare_file", fmt="pdf"))
    assert pdf.content.startswith(b"%PDF")
    assert client.get(_url("compare_file", fmt="exe")).status_code == 404


def test_report_page_links_to_the_comparison(agency: Any) -> None:
    report = report_with(agency, YEAR)
    page = _client(f.member(agency, "officer", username="o")).get(
        reverse("annual_reports:detail", kwargs={"pk": report.pk})
    )
    assert _url("compare") in page.content.decode()
