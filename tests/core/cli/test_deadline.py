"""``gongkai deadline`` and ``gongkai calendar``: due dates, loading and showing holiday notices."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli import app

runner = CliRunner()

NOTICE_2027 = "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,holiday,春节\n2027-02-13,workday,春节\n"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GONGKAI_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.mark.parametrize(
    ("args", "due"),
    [
        (["2024-09-27"], "2024-10-30"),
        (["2025-09-26", "--days", "40"], "2025-11-27"),
        (["2026-02-13", "-n", "1"], "2026-02-14"),
    ],
)
def test_deadline_prints_due_date_on_first_line(args: list[str], due: str) -> None:
    result = runner.invoke(app, ["deadline", *args])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == due


def test_deadline_explains_skipped_days_and_weekend_workdays() -> None:
    result = runner.invoke(app, ["deadline", "2024-09-27"])
    assert "法定节假日（国庆节）" in result.output
    assert "2024-09-29（星期日，国庆节调休）" in result.output
    english = runner.invoke(app, ["deadline", "2024-09-27", "--lang", "en"])
    assert "public holiday (National Day)" in english.output


def test_deadline_in_uncovered_year_is_refused() -> None:
    result = runner.invoke(app, ["deadline", "2026-12-10"])
    assert result.exit_code == 2
    assert "2027" in result.output
    assert "2027-" not in result.output.splitlines()[0]


def test_deadline_rejects_a_malformed_date() -> None:
    result = runner.invoke(app, ["deadline", "27.9.2024"])
    assert result.exit_code != 0


def test_loaded_notice_is_stored_and_used(tmp_path: Path, data_dir: Path) -> None:
    notice = tmp_path / "2027.csv"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    loaded = runner.invoke(app, ["calendar", "load", str(notice), "--year", "2027"])
    assert loaded.exit_code == 0, loaded.output
    assert (data_dir / "calendar" / "2027.json").is_file()
    result = runner.invoke(app, ["deadline", "2026-12-10"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "2027-01-08"
    assert runner.invoke(app, ["deadline", "2027-02-05", "-n", "1"]).output.splitlines()[0] == "2027-02-08"


def test_bad_notice_is_refused_and_not_stored(tmp_path: Path, data_dir: Path) -> None:
    notice = tmp_path / "bad.csv"
    notice.write_text("2027-01-01,holiday\n2027-01-01,workday\n", encoding="utf-8")
    result = runner.invoke(app, ["calendar", "load", str(notice), "--year", "2027"])
    assert result.exit_code == 2
    assert "第 2 行" in result.output
    assert not (data_dir / "calendar" / "2027.json").exists()


def test_notice_for_the_wrong_year_is_refused(tmp_path: Path) -> None:
    notice = tmp_path / "2027.csv"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    result = runner.invoke(app, ["calendar", "load", str(notice), "--year", "2028"])
    assert result.exit_code == 2
    assert "2028" in result.output


def test_calendar_show_lists_holidays_and_workdays() -> None:
    result = runner.invoke(app, ["calendar", "show", "2025"])
    assert result.exit_code == 0, result.output
    assert "2025-10-06  星期一  放假  中秋节" in result.output
    assert "2025-09-28  星期日  上班  国庆节" in result.output


def test_calendar_show_refuses_an_unknown_year() -> None:
    result = runner.invoke(app, ["calendar", "show", "2031"])
    assert result.exit_code == 2
    assert "2031" in result.output


def test_calendar_show_marks_a_loaded_year(tmp_path: Path) -> None:
    notice = tmp_path / "2027.json"
    notice.write_text('[{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}]', encoding="utf-8")
    assert runner.invoke(app, ["calendar", "load", str(notice), "--year", "2027"]).exit_code == 0
    result = runner.invoke(app, ["calendar", "show", "2027"])
    assert "已导入" in result.output and "2027-01-01" in result.output


def test_deadline_with_extension_and_consultation_pause() -> None:
    result = runner.invoke(
        app, ["deadline", "2024-09-27", "--pause", "2024-10-08:2024-10-14", "--extend", "20"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "2024-12-04"
    assert "征求意见期间" in result.output


@pytest.mark.parametrize("pause", ["2024-10-08", "2024-10-14:2024-10-08"])
def test_deadline_rejects_a_malformed_pause(pause: str) -> None:
    assert runner.invoke(app, ["deadline", "2024-09-27", "--pause", pause]).exit_code != 0


def test_deadline_refuses_an_extension_over_twenty_days() -> None:
    assert runner.invoke(app, ["deadline", "2024-09-27", "--extend", "21"]).exit_code != 0
