"""Working days on the State Council calendar: due dates across real holidays, notices, uncovered years."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.errors import CalendarNotCoveredError
from gongkai.workdays import (
    CalendarNoticeError,
    NoticeRow,
    Pause,
    WorkCalendar,
    add_working_days,
    compute_due_date,
    count_working_days,
    due_date_of,
    is_working_day,
    parse_notice_csv,
    parse_notice_json,
)

D = date.fromisoformat

# (received, working days, due) — every expected date worked out by hand from the State Council notices.
DUE_DATES = [
    # National Day 2024: 10-01..10-07 off, Sun 09-29 and Sat 10-12 worked.
    ("2024-09-27", 20, "2024-10-30"),
    ("2024-09-30", 1, "2024-10-08"),
    ("2024-09-28", 1, "2024-09-29"),
    ("2024-10-11", 1, "2024-10-12"),
    # Spring Festival 2024: 02-10..02-17 off (Fri 02-09 is a working day), Sun 02-04 and Sun 02-18 worked.
    ("2024-02-02", 1, "2024-02-04"),
    ("2024-02-09", 1, "2024-02-18"),
    ("2024-02-01", 20, "2024-03-05"),
    # Spring Festival 2025: 01-28..02-04 off, Sun 01-26 and Sat 02-08 worked.
    ("2025-01-24", 1, "2025-01-26"),
    ("2025-01-27", 1, "2025-02-05"),
    ("2025-01-20", 20, "2025-02-21"),
    # National Day and Mid-autumn 2025: 10-01..10-08 off, Sun 09-28 and Sat 10-11 worked.
    ("2025-09-26", 1, "2025-09-28"),
    ("2025-09-30", 1, "2025-10-09"),
    ("2025-09-26", 20, "2025-10-30"),
    ("2025-09-26", 40, "2025-11-27"),
    # Spring Festival 2026: 02-15..02-23 off, Sat 02-14 and Sat 02-28 worked.
    ("2026-02-13", 1, "2026-02-14"),
    ("2026-02-14", 1, "2026-02-24"),
    ("2026-02-10", 20, "2026-03-16"),
    # National Day 2026: 10-01..10-07 off, Sun 09-20 and Sat 10-10 worked.
    ("2026-09-18", 1, "2026-09-20"),
    ("2026-09-30", 1, "2026-10-08"),
    ("2026-09-28", 20, "2026-10-30"),
    # Across New Year 2025/2026: 2026-01-01..01-03 off, Sun 2026-01-04 worked.
    ("2025-12-31", 1, "2026-01-04"),
    ("2025-12-15", 20, "2026-01-13"),
    # No working days added: the start itself.
    ("2025-05-01", 0, "2025-05-01"),
]


@pytest.mark.parametrize(("received", "days", "due"), DUE_DATES)
def test_due_date_on_state_council_calendar(received: str, days: int, due: str) -> None:
    assert add_working_days(D(received), days).due == D(due)


@pytest.mark.parametrize(("received", "days", "due"), DUE_DATES)
def test_fast_path_agrees_with_explained_due_date(received: str, days: int, due: str) -> None:
    assert due_date_of(D(received), days) == D(due)


@pytest.mark.parametrize(("received", "days", "due"), DUE_DATES)
def test_count_working_days_inverts_add(received: str, days: int, due: str) -> None:
    assert count_working_days(D(received), D(due)) == days


def test_count_working_days_is_antisymmetric() -> None:
    a, b = D("2024-09-27"), D("2024-10-30")
    assert count_working_days(b, a) == -count_working_days(a, b) == -20


def test_count_agrees_with_day_by_day_walk_over_three_years() -> None:
    start = D("2024-01-01")
    walked = 0
    day = start
    while day < D("2026-12-31"):
        day += timedelta(days=1)
        walked += is_working_day(day)
        if day.day in (1, 15):
            assert count_working_days(start, day) == walked, day


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2024-09-29", True),  # Sunday, worked for National Day
        ("2025-10-11", True),  # Saturday, worked
        ("2026-02-14", True),  # Saturday, worked for Spring Festival
        ("2025-10-06", False),  # Monday, Mid-autumn
        ("2026-02-23", False),  # Monday, Spring Festival
        ("2025-10-04", False),  # Saturday inside the holiday
        ("2025-11-08", False),  # ordinary Saturday
        ("2025-11-10", True),  # ordinary Monday
    ],
)
def test_is_working_day_follows_the_notice(day: str, working: bool) -> None:
    assert is_working_day(D(day)) is working


def test_explanation_names_skipped_days_and_weekend_workdays() -> None:
    due = add_working_days(D("2025-09-26"), 20)
    reasons = {s.day: (s.reason, s.name) for s in due.skipped}
    assert reasons[D("2025-10-01")] == ("holiday", "国庆节")
    assert reasons[D("2025-10-06")] == ("holiday", "中秋节")
    assert reasons[D("2025-09-27")] == ("weekend", "")
    assert [w.day for w in due.weekend_workdays] == [D("2025-09-28"), D("2025-10-11")]
    text = due.explain()
    assert "2025-10-30" in text and "国庆节" in text and "调休" in text and "周末" in text
    assert "National Day" in due.explain("en")


def test_every_day_between_start_and_due_is_counted_or_explained() -> None:
    due = add_working_days(D("2026-02-10"), 20)
    skipped = {s.day for s in due.skipped}
    span = [due.start + timedelta(days=i) for i in range(1, (due.due - due.start).days + 1)]
    counted = [d for d in span if d not in skipped]
    assert len(counted) == 20
    assert all(is_working_day(d) for d in counted)


@pytest.mark.parametrize(
    ("received", "pauses", "due"),
    [
        # Consultation letter sent 2024-10-08, answer 2024-10-14: 5 working days (10-09..10-12, 10-14) excluded.
        ("2024-09-27", [("2024-10-08", "2024-10-14")], "2024-11-06"),
        # Consultation across National Day 2025: sent 09-30, answer 10-10; 09-30 counts, the rest does not.
        ("2025-09-26", [("2025-09-30", "2025-10-10")], "2025-11-03"),
        # Two consultations, overlapping: merged.
        ("2025-09-26", [("2025-09-30", "2025-10-10"), ("2025-10-09", "2025-10-13")], "2025-11-05"),
        # A pause that ends before the start changes nothing.
        ("2026-02-10", [("2026-01-05", "2026-01-09")], "2026-03-16"),
        # A pause over Spring Festival 2026 only costs the working days inside it (02-14 and 02-24).
        ("2026-02-10", [("2026-02-13", "2026-02-24")], "2026-03-18"),
    ],
)
def test_paused_intervals_do_not_count(received: str, pauses: list[tuple[str, str]], due: str) -> None:
    paused = [Pause(D(a), D(b)) for a, b in pauses]
    explained = compute_due_date(D(received), 20, paused=paused)
    assert explained is not None
    assert explained.due == D(due)
    assert due_date_of(D(received), 20, paused=paused) == D(due)
    assert any(s.reason == "paused" for s in explained.skipped) or pauses[0][1] < received


def test_extension_adds_working_days_to_the_period() -> None:
    explained = compute_due_date(D("2025-09-26"), 20, extension=20)
    assert explained is not None and explained.due == D("2025-11-27")


def test_open_pause_before_due_date_leaves_no_due_date() -> None:
    assert due_date_of(D("2025-09-26"), 20, paused=[Pause(D("2025-10-09"), None)]) is None
    assert compute_due_date(D("2025-09-26"), 20, paused=[Pause(D("2025-10-09"), None)]) is None


def test_uncovered_year_is_refused_naming_the_year() -> None:
    with pytest.raises(CalendarNotCoveredError) as err:
        add_working_days(D("2026-12-10"), 20)
    assert "2027" in err.value.message_zh and "2027" in err.value.message_en


@pytest.mark.parametrize("day", ["2003-06-02", "2027-03-01", "2030-01-01"])
def test_single_day_in_uncovered_year_is_refused(day: str) -> None:
    with pytest.raises(CalendarNotCoveredError):
        is_working_day(D(day))


NOTICE_2027 = """date,kind,name
2027-01-01,holiday,元旦
2027-02-06,holiday,春节
2027-02-07,holiday,春节
2027-02-08,holiday,春节
2027-02-09,holiday,春节
2027-02-10,holiday,春节
2027-02-11,holiday,春节
2027-02-12,holiday,春节
2027-02-13,workday,春节
2027-10-01,holiday,国庆节
"""


def test_loading_a_notice_makes_the_year_usable() -> None:
    cal = WorkCalendar.official()
    cal.load_notice(2027, parse_notice_csv(NOTICE_2027))
    assert cal.covers(2027)
    # Received Fri 2027-02-05: 02-06..02-12 off, Sat 02-13 worked.
    assert add_working_days(D("2027-02-05"), 1, cal).due == D("2027-02-13")
    assert add_working_days(D("2026-12-10"), 20, cal).due == D("2027-01-08")
    assert count_working_days(D("2027-02-05"), D("2027-02-15"), cal) == 2


def test_loaded_notice_replaces_the_package_data_for_its_year() -> None:
    cal = WorkCalendar.official()
    cal.load_notice(2026, [NoticeRow(D("2026-10-01"), "holiday", "国庆节")])
    assert cal.is_working_day(D("2026-10-02"))
    assert not cal.is_working_day(D("2026-09-20"))  # the package's weekend working day is gone
    assert official_is_untouched()


def official_is_untouched() -> bool:
    return not WorkCalendar.official().is_working_day(D("2026-10-02"))


def test_notice_in_json_reads_like_csv() -> None:
    rows = parse_notice_csv(NOTICE_2027)
    payload = json.dumps(
        {"days": [{"date": r.day.isoformat(), "kind": r.kind, "name": r.name} for r in rows]}
    )
    assert parse_notice_json(payload) == rows


def test_notice_accepts_chinese_kind_words() -> None:
    rows = parse_notice_csv("2027-01-01,休,元旦\n2027-02-13,班\n")
    assert [r.kind for r in rows] == ["holiday", "workday"]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("date,kind\n2027-01-01,holiday\n2026-12-31,holiday\n", 3, "2027"),
        ("2027-01-01,holiday\n2027-01-01,workday\n", 2, "既是放假日又是上班日"),
        ("2027-01-01,holiday\n2027-01-01,holiday\n", 2, "重复"),
        ("2027-01-01,holiday\n2027-13-01,holiday\n", 2, "无法识别"),
        ("2027-01-01,holiday\n2027-01-02,vacation\n", 2, "vacation"),
        ("2027-01-01\n", 1, "日期,类型"),
    ],
)
def test_bad_notice_is_refused_naming_the_line(text: str, line: int, fragment: str) -> None:
    cal = WorkCalendar.official()
    with pytest.raises(CalendarNoticeError) as err:
        cal.load_notice(2027, parse_notice_csv(text))
    assert f"第 {line} 行" in err.value.message_zh
    assert fragment in err.value.message_zh
    assert not cal.covers(2027)


def test_notice_without_holidays_is_refused() -> None:
    with pytest.raises(CalendarNoticeError):
        WorkCalendar.official().load_notice(2027, [NoticeRow(D("2027-02-13"), "workday")])


def test_notice_file_round_trip(tmp_path: Path) -> None:
    from gongkai.workdays import notice_to_json, read_notice_file

    rows = parse_notice_csv(NOTICE_2027)
    path = tmp_path / "2027.json"
    path.write_text(notice_to_json(2027, rows), encoding="utf-8")
    assert read_notice_file(path) == rows


def test_loading_a_notice_clears_the_cached_year() -> None:
    cal = WorkCalendar.official()
    assert add_working_days(D("2026-09-30"), 1, cal).due == D("2026-10-08")
    cal.load_notice(2026, [NoticeRow(D("2026-10-01"), "holiday", "国庆节")])
    assert add_working_days(D("2026-09-30"), 1, cal).due == D("2026-10-02")


def test_a_gap_year_between_covered_years_is_refused_naming_it() -> None:
    cal = WorkCalendar.official().load_notice(2028, [NoticeRow(D("2028-01-01"), "holiday", "元旦")])
    assert cal.covers(2028) and not cal.covers(2027)
    with pytest.raises(CalendarNotCoveredError) as err:
        count_working_days(D("2026-12-01"), D("2028-02-01"), cal)
    assert "2027" in err.value.message_zh


@given(
    start=st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 6, 30)),
    n=st.integers(min_value=1, max_value=60),
)
def test_nth_working_day_is_a_working_day_with_n_before_it(start: date, n: int) -> None:
    due = add_working_days(start, n)
    assert is_working_day(due.due)
    assert count_working_days(start, due.due) == n
    assert count_working_days(start, due.due - timedelta(days=1)) == n - 1
    assert (due.due - due.start).days == n + len(due.skipped)


def test_the_shared_official_calendar_is_read_only() -> None:
    from gongkai.workdays import official_calendar

    with pytest.raises(RuntimeError):
        official_calendar().load_notice(2027, parse_notice_csv(NOTICE_2027))
    assert not official_calendar().covers(2027)
