"""Column health (栏目更新情况): per agency and catalogue column, items per month, days since the last update,
and the blank and stale columns by the thresholds in force, checked against hand counts on the demo; shown on
the officer's dashboard, on the superior office's board for every department, and offered to part 一."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai_web.agencies.models import Agency
from gongkai_web.catalogue import selectors
from tests.web import factories as f

ON = date(2021, 2, 15)


@pytest.fixture
def demo(demo_for_module: None, db: Any) -> None:
    return None


def _by_code(agency: Agency, today: date) -> dict[str, selectors.ColumnHealth]:
    summary = selectors.column_health(agency_ids=[agency.pk], today=today)[agency.pk]
    return {c.category.code: c for c in summary.columns}


def test_demo_sifaju_news_column_is_stale_and_nine_columns_are_blank(demo: None) -> None:
    columns = _by_code(Agency.objects.get(code="sdq-sfj"), ON)
    news = columns["gzdt"]
    # 174 items over 2020, the last on 31 December: 46 days before 15 February 2021, past the 14-day limit.
    assert (news.total, news.last_update, news.days_since, news.status) == (
        174,
        date(2020, 12, 31),
        46,
        "stale",
    )
    # Counted by hand from the demo's dates, March 2020 to February 2021.
    assert news.per_month == (13, 13, 18, 14, 12, 19, 11, 15, 13, 18, 0, 0)
    # The annual-report column holds no stub: the 2020 report is the one the officer generates and publishes.
    blank = {code for code, c in columns.items() if c.status == "blank"}
    assert blank == {"jgzn", "zcwj", "ghjh", "czzj", "xzzf", "zfcg", "rsxx", "ndbg", "ysqgk"}


def test_demo_government_policy_column_goes_stale_after_six_months(demo: None) -> None:
    government = Agency.objects.get(code="sdq-gov")
    assert _by_code(government, date(2021, 10, 1))["zcwj"].status == "ok"  # 176 days after 8 April
    late = _by_code(government, date(2021, 10, 9))["zcwj"]  # 184 days
    assert (late.days_since, late.threshold, late.status) == (184, 183, "stale")


def test_thresholds_are_configurable(demo: None, settings: Any) -> None:
    settings.GONGKAI_COLUMN_STALE_DAYS = {"gzdt": 60}
    assert _by_code(Agency.objects.get(code="sdq-sfj"), ON)["gzdt"].status == "ok"


def test_one_group_by_counts_every_agency(demo: None) -> None:
    ids = list(Agency.objects.values_list("id", flat=True))
    with CaptureQueriesContext(connection) as queries:
        selectors.column_health(agency_ids=ids, today=ON)
    assert len(queries) == 2  # the items GROUP BY, the categories


def test_only_published_items_count(db: Any) -> None:
    agency = f.AgencyFactory(code="a", name="甲局")
    officer = f.member(agency, "officer", username="o")
    f.item(agency=agency, author=officer, title="草稿")
    f.item(agency=agency, author=officer, title="待审", state="submitted")
    assert _by_code(agency, date.today())["gzdt"].status == "blank"
    f.item(agency=agency, author=officer, title="已发布", state="published")
    assert _by_code(agency, date.today())["gzdt"].status == "ok"


def test_sentence_for_part_one_names_the_blank_and_stale_columns(demo: None) -> None:
    sifaju = Agency.objects.get(code="sdq-sfj")
    sentence = selectors.column_health(agency_ids=[sifaju.pk], today=ON)[sifaju.pk].sentence()
    assert sentence.startswith("本机关政府信息公开目录共设栏目 10 个，其中空白栏目 9 个（机构职能、政策文件")
    assert "超过规定期限未更新的栏目 1 个（工作动态，46 天未更新）" in sentence


def test_dashboard_and_board_show_column_health(demo: None) -> None:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    officer, superior = Client(), Client()
    officer.force_login(users.get(username="sfj-officer"))
    superior.force_login(users.get(memberships__role="superior"))
    url = reverse("catalogue:column_health", kwargs={"code": "sdq-sfj"})
    with time_machine.travel(ON, tick=False):
        dashboard = officer.get(reverse("staff:dashboard")).content.decode()
        board = superior.get(reverse("oversight:board", kwargs={"code": "sdq-gov"}), {"year": 2020})
        page = superior.get(url).content.decode()
    assert 'id="column-health"' in dashboard and url in dashboard
    assert 'id="departments-columns"' in board.content.decode() and url in board.content.decode()
    assert 'class="health-stale" data-category="gzdt"' in page
    assert 'class="health-blank" data-category="zcwj"' in page


def test_a_draft_report_offers_the_sentence_for_part_one(db: Any) -> None:
    from gongkai_web.annual_reports.services import annual_report_generate

    agency = f.AgencyFactory(code="a", name="甲局")
    officer = f.member(agency, "officer", username="o")
    report = annual_report_generate(agency=agency, year=2024, acting_user=officer)
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("annual_reports:detail", kwargs={"pk": report.pk})).content.decode()
    assert 'id="insert-columns"' in page and "本机关政府信息公开目录共设栏目" in page
