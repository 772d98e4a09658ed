"""``gongkai deadline`` and ``gongkai calendar``: due dates on the State Council calendar, and loading notices."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from gongkai.cli.app import app
from gongkai.errors import GongkaiError
from gongkai.workdays import (
    Pause,
    WorkCalendar,
    compute_due_date,
    notice_to_json,
    read_notice_file,
)
from gongkai.workflow import MAX_EXTENSION, REPLY_PERIOD

calendar_app = typer.Typer(
    name="calendar",
    help="工作日历：导入与查看国务院节假日安排 / The working-day calendar: load and show holiday notices.",
    no_args_is_help=True,
)
app.add_typer(calendar_app)


def notice_dir() -> Path:
    """Where loaded notices are stored: ``$GONGKAI_DATA_DIR/calendar`` or ``~/.local/share/gongkai/calendar``
    (``$XDG_DATA_HOME/gongkai/calendar`` when that is set)."""
    root = os.environ.get("GONGKAI_DATA_DIR")
    if root:
        return Path(root) / "calendar"
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "gongkai" / "calendar"


def stored_calendar(directory: Path | None = None) -> WorkCalendar:
    """The package's calendar plus every notice stored in ``directory`` (default :func:`notice_dir`)."""
    cal = WorkCalendar.official()
    folder = directory or notice_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            if path.stem.isdigit():
                cal.load_notice(int(path.stem), read_notice_file(path))
    return cal


def _fail(err: GongkaiError) -> typer.Exit:
    typer.echo(f"错误：{err.message_zh}\nerror: {err.message_en}", err=True)
    return typer.Exit(code=2)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip().replace("/", "-"))
    except ValueError:
        raise typer.BadParameter(f"日期应为 YYYY-MM-DD：{text} / want YYYY-MM-DD") from None


@app.command("deadline")
def deadline_command(
    received: Annotated[str, typer.Argument(help="收到申请日期 YYYY-MM-DD / date of receipt")],
    days: Annotated[int, typer.Option("--days", "-n", min=0, help="工作日数 / working days")] = REPLY_PERIOD,
    extend: Annotated[
        int,
        typer.Option("--extend", min=0, max=MAX_EXTENSION, help="延长的工作日数 / extension in working days"),
    ] = 0,
    pause: Annotated[
        list[str] | None,
        typer.Option(
            "--pause", help="不计入的期间 START:END（征求意见，可重复）/ excluded interval, repeatable"
        ),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="说明语言 zh 或 en / explanation language")] = "zh",
) -> None:
    """计算答复期限届满日：首行为日期，其后为计算说明 / Print the due date (first line) and how it was reached."""
    start = _parse_date(received)
    pauses = [_parse_pause(text) for text in pause or ()]
    notes = (
        (
            f"收到日期：{start.isoformat()}，当日不计入。",
            f"Received {start.isoformat()}; that day does not count.",
        ),
    )
    try:
        due = compute_due_date(
            start, days, extension=extend, paused=pauses, calendar=stored_calendar(), notes=notes
        )
    except GongkaiError as err:
        raise _fail(err) from None
    if due is None:  # pragma: no cover - every pause given here is closed
        raise typer.Exit(code=2)
    typer.echo(due.due.isoformat())
    typer.echo(due.explain("en" if lang == "en" else "zh"))


def _parse_pause(text: str) -> Pause:
    first, sep, last = text.partition(":")
    if not sep:
        raise typer.BadParameter(f"期间应为 START:END：{text} / want START:END")
    a, b = _parse_date(first), _parse_date(last)
    if b < a:
        raise typer.BadParameter(f"期间结束早于开始：{text} / interval ends before it starts")
    return Pause(a, b)


@calendar_app.command("load")
def calendar_load(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV（date,kind[,name]）或 JSON")],
    year: Annotated[int, typer.Option("--year", "-y", help="通知所属年份 / the notice's year")],
) -> None:
    """导入某年的节假日安排（替换该年已有数据）/ Load a year's holiday notice (replacing that year's data)."""
    try:
        rows = read_notice_file(file)
        # Validate against a full calendar before anything is written.
        WorkCalendar.official().load_notice(year, rows)
    except GongkaiError as err:
        raise _fail(err) from None
    except (OSError, UnicodeDecodeError) as err:
        typer.echo(f"错误：无法读取 {file}：{err}", err=True)
        raise typer.Exit(code=2) from None
    folder = notice_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{year}.json"
    target.write_text(notice_to_json(year, rows), encoding="utf-8")
    holidays = sum(r.kind == "holiday" for r in rows)
    typer.echo(
        f"已导入 {year} 年节假日安排：放假 {holidays} 天，调休上班 {len(rows) - holidays} 天 → {target}"
    )


@calendar_app.command("show")
def calendar_show(year: Annotated[int, typer.Argument(help="年份 / year")]) -> None:
    """列出某年的放假日与调休上班日 / List a year's holidays and weekend working days."""
    try:
        cal = stored_calendar()
        rows = cal.notice(year)
    except GongkaiError as err:
        raise _fail(err) from None
    source = "已导入的通知 / loaded notice" if year in cal.loaded_years else "chinese_calendar"
    typer.echo(f"{year} 年（来源：{source}）")
    weekdays = "一二三四五六日"
    for row in rows:
        kind = "放假" if row.kind == "holiday" else "上班"
        typer.echo(f"{row.day.isoformat()}  星期{weekdays[row.day.weekday()]}  {kind}  {row.name}".rstrip())
