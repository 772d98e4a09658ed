"""The indicators page of the superior office: each department's report indicators and its on-time rate from
cases, checked against hand counts, zero denominators as 「—」, the ranking, the trends and the exports."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from gongkai_web.applications.calendar import calendar_current
from gongkai_web.applications.case import case_replay
from gongkai_web.applications.models import Application
from gongkai_web.oversight import exports, selectors
from tests.web import factories as f
from tests.web.applications.helpers import act, received
from tests.web.oversight.helpers import report_with

YEAR = 2024


@pytest.fixture
def office(db: Any) -> Any:
    return f.AgencyFactory(code="gov", name="某区政府办公室")


def department(office: Any, code: str) -> Any:
    return f.AgencyFactory(code=code, name=f"{code}局", parent=office)


def answered(agency: Any, received_on: date, answered_on: date) -> Any:
    app = received(agency, received_on)
    return act(app, "answer", answered_on, outcome="granted")


def test_on_time_rate_counts_answers_by_their_due_date(office: Any) -> None:
    a = department(office, "a")
    answered(a, date(2024, 3, 4), date(2024, 3, 8))  # well within 20 working days
    answered(a, date(2024, 3, 4), date(2024, 3, 11))
    answered(a, date(2024, 3, 4), date(2024, 5, 6))  # after the due date: late
    received(a, date(2024, 11, 4))  # still open: not counted
    board = selectors.indicator_board(office=office, year=YEAR)
    row = board.rows[0]
    value = row.values["on_time_rate"]
    assert (value.numerator, value.denominator) == (2, 3)
    assert value.display() == "66.7%"
    assert row.late == 1


def test_the_databases_late_answers_are_the_cores_answered_late(office: Any) -> None:
    a = department(office, "a")
    answered(a, date(2024, 3, 4), date(2024, 3, 8))
    answered(a, date(2024, 3, 4), date(2024, 5, 6))
    late_in_db = set(Application.objects.answered_late().values_list("pk", flat=True))
    late_in_core = {
        app.pk
        for app in Application.objects.all()
        if case_replay(
            app.received_on,
            [(e.event, e.at, e.data) for e in app.events.order_by("seq")],
            calendar_current(),
        ).answered_late
    }
    assert late_in_db == late_in_core and len(late_in_db) == 1


def test_report_indicators_are_the_hand_counts(office: Any) -> None:
    report_with(
        department(office, "a"),
        YEAR,
        applications__granted__total=30,
        applications__partially_granted__total=10,
        applications__results_total__total=80,
        appeals__reconsideration__upheld=3,
        appeals__reconsideration__corrected=1,
        appeals__reconsideration__other=0,
    )
    values = selectors.indicator_board(office=office, year=YEAR).rows[0].values
    assert values["substantive_disclosure_rate"].display() == "50.0%"  # (30 + 10) / 80
    assert values["reconsideration_correction_rate"].display() == "25.0%"  # 1 / (3 + 1 + 0)


def test_zero_denominators_and_no_report_show_a_dash(office: Any) -> None:
    report_with(department(office, "a"), YEAR)  # every cell 0
    department(office, "b")  # no report at all
    rows = {r.agency.code: r for r in selectors.indicator_board(office=office, year=YEAR).rows}
    assert rows["a"].values["substantive_disclosure_rate"].display() == "—"
    assert rows["a"].values["on_time_rate"].display() == "—"
    assert rows["a"].values["new_applications"].display() == "0"
    assert rows["b"].values["new_applications"].display() == "—"


def test_ranking_puts_the_best_first_ties_share_a_rank_and_no_value_last(office: Any) -> None:
    for code, granted in (("a", 10), ("b", 40), ("c", 40)):
        report_with(
            department(office, code),
            YEAR,
            applications__granted__total=granted,
            applications__results_total__total=80,
        )
    department(office, "d")
    rows = selectors.indicator_board(office=office, year=YEAR).rows
    assert [(r.agency.code, r.rank) for r in rows] == [("b", 1), ("c", 1), ("a", 3), ("d", None)]


def test_cases_are_counted_with_one_group_by(office: Any) -> None:
    for code in ("a", "b", "c"):
        answered(department(office, code), date(2024, 3, 4), date(2024, 3, 8))
    ids = [a.pk for a in office.children.all()]
    with CaptureQueriesContext(connection) as queries:
        found = selectors.cases_answered(agency_ids=ids, years=[2022, 2023, 2024])
    assert len(queries) == 1
    assert sorted(v["answered"] for v in found.values()) == [1, 1, 1]


def test_csv_has_a_bom_and_chinese_headers(office: Any) -> None:
    report_with(department(office, "a"), YEAR)
    data = exports.indicators_csv(selectors.indicator_board(office=office, year=YEAR))
    assert data.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
    assert rows[0][:4] == ["部门", "年度", "年报", "本年新收申请"]
    assert "按期办结率" in rows[0]
    assert rows[1][0] == "a局" and "—" in rows[1]


def test_xlsx_gives_rates_as_numbers_and_dashes_where_none(office: Any) -> None:
    report_with(
        department(office, "a"),
        YEAR,
        applications__granted__total=30,
        applications__results_total__total=60,
    )
    data = exports.indicators_xlsx(selectors.indicator_board(office=office, year=YEAR))
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    column = header.index("实质公开率")
    assert row[column] == 0.5 and sheet.cell(row=2, column=column + 1).number_format == "0.0%"
    assert row[header.index("按期办结率")] == "—"


def test_page_shows_the_table_the_trend_charts_and_the_links(office: Any) -> None:
    report_with(department(office, "a"), YEAR, applications__new__total=7)
    report_with(office.children.get(code="a"), YEAR - 1, applications__new__total=3)
    superior = f.member(office, "superior", username="boss")
    client = Client()
    client.force_login(superior)
    page = client.get(reverse("oversight:indicators", kwargs={"code": office.code}), {"year": YEAR})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<svg") == len(selectors.TREND_INDICATORS)
    assert "实质公开率" in html and "按期办结率" in html
    assert reverse("oversight:indicators_file", kwargs={"code": "gov", "year": YEAR, "fmt": "xlsx"}) in html
    assert reverse("annual_reports:compare", kwargs={"code": "a", "year": YEAR}) in html
    board = client.get(reverse("oversight:board", kwargs={"code": office.code}))
    assert reverse("oversight:indicators", kwargs={"code": "gov"}) in board.content.decode()


def test_download_answers_with_the_file_types(office: Any) -> None:
    department(office, "a")
    client = Client()
    client.force_login(f.member(office, "superior", username="boss"))
    csv_file = client.get(
        reverse("oversight:indicators_file", kwargs={"code": "gov", "year": YEAR, "fmt": "csv"})
    )
    xlsx = client.get(
        reverse("oversight:indicators_file", kwargs={"code": "gov", "year": YEAR, "fmt": "xlsx"})
    )
    other = client.get(
        reverse("oversight:indicators_file", kwargs={"code": "gov", "year": YEAR, "fmt": "ods"})
    )
    assert csv_file["Content-Type"].startswith("text/csv") and xlsx.content[:2] == b"PK"
    assert other.status_code == 404


def test_page_in_english_names_the_indicators_and_their_formulas_in_english(office: Any) -> None:
    from gongkai.indicators import INDICATORS, formula
    from tests.web.cjk import english_client

    report_with(department(office, "a"), YEAR, applications__new__total=7)
    page = english_client(f.member(office, "superior", username="boss")).get(
        reverse("oversight:indicators", kwargs={"code": office.code}), {"year": YEAR}
    )
    html = page.content.decode()
    rate = INDICATORS["substantive_disclosure_rate"]
    assert rate.label_en in html and rate.label_zh not in html
    assert selectors.ON_TIME_RATE.note_en in html.lower() and selectors.ON_TIME_RATE.label_zh not in html
    assert formula(rate, lang="en").replace("(", "").split(" ")[0] in html
