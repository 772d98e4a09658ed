"""Working days on the State Council calendar: add and count them, and explain how a due date was reached.

Working days are those of the State Council's annual holiday notice (国务院办公厅关于部分节假日安排的通知):
Monday to Friday unless the notice makes the day a holiday, plus the weekend days it makes working days
(调休上班). The ``chinese_calendar`` package carries the notices up to its last year; an administrator loads
later notices as a small table of dates. A date in a year neither source covers raises
:class:`~gongkai.errors.CalendarNotCoveredError`; it is never guessed.

Day counting follows the rule the 行政诉讼法 and 行政复议法 adopt: the first day does not count, so a period
of *n* working days from a receipt on day D ends on the *n*-th working day after D.
"""

from __future__ import annotations

import csv
import io
import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import chinese_calendar.constants as _cc

from gongkai.errors import CalendarNotCoveredError, GongkaiError
from gongkai.types import Lang

DayKind = Literal["holiday", "workday"]
SkipReason = Literal["weekend", "holiday", "paused"]

#: Chinese names of the holidays as the State Council notices name them, keyed by ``chinese_calendar``'s names.
HOLIDAY_NAMES_ZH: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
_HOLIDAY_NAMES_EN = {zh: en for en, zh in HOLIDAY_NAMES_ZH.items()}

_WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

_KIND_WORDS: dict[str, DayKind] = {
    "holiday": "holiday",
    "休": "holiday",
    "放假": "holiday",
    "假": "holiday",
    "workday": "workday",
    "班": "workday",
    "上班": "workday",
    "调休上班": "workday",
}


class CalendarNoticeError(GongkaiError):
    """A holiday notice table that cannot be loaded: bad date, unknown kind, wrong year, contradiction."""


def _not_covered(year: int, covered: Sequence[int]) -> CalendarNotCoveredError:
    span = f"{covered[0]}–{covered[-1]}" if covered else "—"
    return CalendarNotCoveredError(
        f"工作日历未覆盖 {year} 年：请先导入国务院办公厅关于 {year} 年部分节假日安排的通知（已覆盖：{span}）",
        f"the working-day calendar does not cover {year}: load the State Council's holiday notice for "
        f"{year} first (covered: {span})",
    )


@dataclass(frozen=True, slots=True)
class NoticeRow:
    """One line of a holiday notice: a date that is a holiday (放假) or a weekend working day (调休上班)."""

    day: date
    kind: DayKind
    name: str = ""
    #: Where the row came from (line of a CSV file, position in a JSON list); 0 when unknown.
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class SkippedDay:
    """A day that did not count towards a period, and why (weekend, a named holiday, or a paused interval)."""

    day: date
    reason: SkipReason
    name: str = ""


@dataclass(frozen=True, slots=True)
class CountedWeekendDay:
    """A Saturday or Sunday that counted because the notice made it a working day (调休上班)."""

    day: date
    name: str = ""


@dataclass(frozen=True, slots=True)
class Pause:
    """An interval that does not count towards the reply period (33③ consultation; a fee notice awaiting payment).

    The days ``start < d <= end`` are excluded: the day the letter goes out still counts, as the first day of
    any period does not; the day the answer (or payment) arrives does not. ``end`` is None while the interval
    is still open, and then no due date can be given.
    """

    start: date
    end: date | None
    kind: str = "consultation"

    def contains(self, day: date) -> bool:
        """True when ``day`` falls inside the excluded part of this interval."""
        return self.start < day and (self.end is None or day <= self.end)


_PAUSE_LABELS: dict[str, tuple[str, str]] = {
    "consultation": ("征求意见期间（不计入答复期限）", "consultation (not counted)"),
    "payment": ("等待缴纳信息处理费期间（不计入答复期限）", "awaiting payment of the fee (not counted)"),
}


def _weekday(day: date, lang: Lang) -> str:
    return (_WEEKDAYS_EN if lang == "en" else _WEEKDAYS_ZH)[day.weekday()]


def _holiday_name(name: str, lang: Lang) -> str:
    return _HOLIDAY_NAMES_EN.get(name, name) if lang == "en" else name


@dataclass(frozen=True, slots=True)
class DueDate:
    """A due date and how it was reached.

    ``start`` is the day the period runs from (not counted), ``days`` the working days counted, ``due`` the
    last of them. ``skipped`` lists every day between ``start`` and ``due`` that did not count, with its
    reason; ``weekend_workdays`` the weekend days that counted (调休上班); ``notes`` are lines (zh, en) a
    caller adds in front of the explanation (receipt, correction, extension).
    """

    start: date
    days: int
    due: date
    skipped: tuple[SkippedDay, ...] = ()
    weekend_workdays: tuple[CountedWeekendDay, ...] = ()
    notes: tuple[tuple[str, str], ...] = ()

    def explain(self, lang: Lang = "zh") -> str:
        """A human-readable account of the computation, in Chinese (``zh``) or English (``en``)."""
        en = lang == "en"
        lines = [en_text if en else zh for zh, en_text in self.notes]
        if en:
            lines.append(
                f"The period of {self.days} working days runs from the day after {self.start.isoformat()} "
                f"({_weekday(self.start, lang)}) and ends on {self.due.isoformat()} ({_weekday(self.due, lang)})."
            )
        else:
            lines.append(
                f"自 {self.start.isoformat()}（{_weekday(self.start, lang)}）次日起计算 {self.days} 个工作日，"
                f"届满日为 {self.due.isoformat()}（{_weekday(self.due, lang)}）。"
            )
        if self.skipped:
            lines.append("Days not counted:" if en else "不计入的日期：")
            for first, last, reason, name in _runs(self.skipped):
                span = first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
                lines.append(f"  {span}  {_reason_text(reason, name, lang)}")
        if self.weekend_workdays:
            lines.append("Weekend working days counted (调休上班):" if en else "计入的调休上班日：")
            for wd in self.weekend_workdays:
                label = _holiday_name(wd.name, lang)
                if en:
                    tail = f", in lieu for {label}" if label else ""
                    lines.append(f"  {wd.day.isoformat()} ({_weekday(wd.day, lang)}{tail})")
                else:
                    tail = f"，{label}调休" if label else ""
                    lines.append(f"  {wd.day.isoformat()}（{_weekday(wd.day, lang)}{tail}）")
        return "\n".join(lines)


def _reason_text(reason: SkipReason, name: str, lang: Lang) -> str:
    if reason == "weekend":
        return "weekend" if lang == "en" else "周末"
    if reason == "holiday":
        label = _holiday_name(name, lang)
        if lang == "en":
            return f"public holiday ({label})" if label else "public holiday"
        return f"法定节假日（{label}）" if label else "法定节假日"
    zh, en = _PAUSE_LABELS.get(name, (f"{name}（不计入答复期限）", f"{name} (not counted)"))
    return en if lang == "en" else zh


def _runs(days: Sequence[SkippedDay]) -> list[tuple[date, date, SkipReason, str]]:
    """Group consecutive skipped days that share a reason into spans."""
    out: list[tuple[date, date, SkipReason, str]] = []
    for d in days:
        if out:
            first, last, reason, name = out[-1]
            if reason == d.reason and name == d.name and d.day - last == timedelta(days=1):
                out[-1] = (first, d.day, reason, name)
                continue
        out.append((d.day, d.day, d.reason, d.name))
    return out


class WorkCalendar:
    """The State Council working-day calendar: holidays and weekend working days for the years it covers.

    Built from ``chinese_calendar`` (:meth:`official`) and from loaded notices (:meth:`load_notice`); a
    loaded notice replaces whatever the calendar held for its year. Per-year sorted tables of working days
    are cached, so adding and counting working days costs a few binary searches.
    """

    def __init__(
        self,
        holidays: Mapping[date, str] | None = None,
        workdays: Mapping[date, str] | None = None,
        years: Iterable[int] = (),
    ) -> None:
        self._holidays: dict[date, str] = dict(holidays or {})
        self._workdays: dict[date, str] = dict(workdays or {})
        self._years: set[int] = set(years)
        self._loaded: set[int] = set()
        self._ordinals: dict[int, tuple[int, ...]] = {}
        self._read_only = False

    @classmethod
    def official(cls) -> WorkCalendar:
        """A new calendar holding the notices that ``chinese_calendar`` carries (every year it covers)."""
        holidays = {d: HOLIDAY_NAMES_ZH.get(str(v), str(v)) for d, v in _cc.holidays.items()}
        workdays = {d: HOLIDAY_NAMES_ZH.get(str(v), str(v)) for d, v in _cc.workdays.items()}
        years = range(min(holidays).year, max(holidays).year + 1)
        return cls(holidays, workdays, years)

    # --- coverage and loading ------------------------------------------------------------------------

    @property
    def years(self) -> tuple[int, ...]:
        """The years this calendar covers, ascending."""
        return tuple(sorted(self._years))

    @property
    def loaded_years(self) -> tuple[int, ...]:
        """The years whose data came from a loaded notice rather than the package."""
        return tuple(sorted(self._loaded))

    def covers(self, year: int) -> bool:
        """True when the calendar knows the holidays and working days of ``year``."""
        return year in self._years

    def load_notice(self, year: int, rows: Iterable[NoticeRow]) -> WorkCalendar:
        """Load (or replace) the holiday notice for ``year``; returns ``self``.

        Every row must fall in ``year``, no date may be listed twice, and a notice without any holiday is
        refused. Raises :class:`CalendarNoticeError` naming the offending line (1-based, in row order).
        """
        if self._read_only:
            raise RuntimeError(
                "the shared official calendar is read-only: load notices into WorkCalendar.official()"
            )
        validated = validate_notice(year, rows)
        self._holidays = {d: n for d, n in self._holidays.items() if d.year != year}
        self._workdays = {d: n for d, n in self._workdays.items() if d.year != year}
        for row in validated:
            (self._holidays if row.kind == "holiday" else self._workdays)[row.day] = row.name
        self._years.add(year)
        self._loaded.add(year)
        self._ordinals.pop(year, None)
        return self

    def notice(self, year: int) -> list[NoticeRow]:
        """The holidays and weekend working days of ``year``, in date order."""
        self._check(year)
        rows = [NoticeRow(d, "holiday", n) for d, n in self._holidays.items() if d.year == year]
        rows += [NoticeRow(d, "workday", n) for d, n in self._workdays.items() if d.year == year]
        return sorted(rows, key=lambda r: r.day)

    # --- single days ---------------------------------------------------------------------------------

    def _check(self, year: int) -> None:
        if year not in self._years:
            raise _not_covered(year, self.years)

    def is_working_day(self, day: date) -> bool:
        """True when ``day`` is a working day (weekend working days included)."""
        self._check(day.year)
        if day in self._workdays:
            return True
        return day.weekday() < 5 and day not in self._holidays

    def skip_reason(self, day: date) -> SkippedDay | None:
        """Why ``day`` is not a working day (weekend or a named holiday), or None if it is one."""
        if self.is_working_day(day):
            return None
        if day in self._holidays:
            return SkippedDay(day, "holiday", self._holidays[day])
        return SkippedDay(day, "weekend")

    def holiday_name(self, day: date) -> str | None:
        """The name of the holiday ``day`` belongs to ("" if unnamed), or None when it is not a holiday."""
        return self._holidays.get(day)

    def in_lieu_name(self, day: date) -> str:
        """The holiday a weekend working day makes up for (调休), or "" when ``day`` is not one."""
        return self._workdays.get(day, "")

    def _year_ordinals(self, year: int) -> tuple[int, ...]:
        cached = self._ordinals.get(year)
        if cached is None:
            self._check(year)
            first = date(year, 1, 1).toordinal()
            last = date(year, 12, 31).toordinal()
            cached = tuple(o for o in range(first, last + 1) if self.is_working_day(date.fromordinal(o)))
            self._ordinals[year] = cached
        return cached

    # --- periods -------------------------------------------------------------------------------------

    def nth_working_day_after(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself never counts); ``start`` when n is 0."""
        if n < 0:
            raise ValueError("n must be non-negative")
        if n == 0:
            return start
        ordinal = start.toordinal()
        year = date.fromordinal(ordinal + 1).year
        remaining = n
        while True:
            days = self._year_ordinals(year)
            i = bisect_right(days, ordinal)
            available = len(days) - i
            if available >= remaining:
                return date.fromordinal(days[i + remaining - 1])
            remaining -= available
            year += 1

    def count_working_days(self, a: date, b: date) -> int:
        """The working days ``d`` with ``a < d <= b``; negative (the count of ``b < d <= a``) when b < a."""
        if b < a:
            return -self.count_working_days(b, a)
        if a == b:
            return 0
        lo, hi = a.toordinal(), b.toordinal()
        total = 0
        for year in range(date.fromordinal(lo + 1).year, b.year + 1):
            days = self._year_ordinals(year)
            total += bisect_right(days, hi) - bisect_right(days, lo)
        return total

    def working_days_between(self, a: date, b: date) -> list[date]:
        """The working days ``d`` with ``a <= d <= b``, in order."""
        out: list[date] = []
        for year in range(a.year, b.year + 1):
            days = self._year_ordinals(year)
            lo = bisect_left(days, a.toordinal())
            hi = bisect_right(days, b.toordinal())
            out.extend(date.fromordinal(o) for o in days[lo:hi])
        return out


_OFFICIAL: WorkCalendar | None = None


def official_calendar() -> WorkCalendar:
    """A shared, read-only calendar built once from ``chinese_calendar`` (loading a notice into it raises)."""
    global _OFFICIAL
    if _OFFICIAL is None:
        _OFFICIAL = WorkCalendar.official()
        _OFFICIAL._read_only = True
    return _OFFICIAL


def _cal(calendar: WorkCalendar | None) -> WorkCalendar:
    return calendar if calendar is not None else official_calendar()


# --- due dates ---------------------------------------------------------------------------------------


def _merged(pauses: Iterable[Pause]) -> list[Pause]:
    """Pauses sorted by start with overlaps merged; an open pause swallows everything after it."""
    out: list[Pause] = []
    for p in sorted(pauses, key=lambda p: p.start):
        if p.end is not None and p.end < p.start:
            raise ValueError(f"pause ends before it starts: {p.start} > {p.end}")
        if out:
            last = out[-1]
            if last.end is None:
                break
            if p.start <= last.end:
                end = None if p.end is None else max(last.end, p.end)
                out[-1] = Pause(last.start, end, last.kind)
                continue
        out.append(p)
    return out


def due_date_of(
    start: date,
    days: int = 20,
    *,
    paused: Iterable[Pause] = (),
    calendar: WorkCalendar | None = None,
) -> date | None:
    """The last day of a period of ``days`` working days after ``start``, skipping the paused intervals.

    The fast path, for bulk use: no explanation is built. Returns None when the period would end inside an
    interval that is still open (its ``end`` is None). Raises CalendarNotCoveredError for uncovered years.
    """
    cal = _cal(calendar)
    remaining = days
    cursor = start
    for p in _merged(paused):
        if p.end is not None and p.end <= cursor:
            continue
        boundary = max(cursor, p.start)
        available = cal.count_working_days(cursor, boundary)
        if available >= remaining:
            return cal.nth_working_day_after(cursor, remaining)
        remaining -= available
        if p.end is None:
            return None
        cursor = p.end
    return cal.nth_working_day_after(cursor, remaining)


def compute_due_date(
    start: date,
    days: int = 20,
    *,
    extension: int = 0,
    paused: Iterable[Pause] = (),
    calendar: WorkCalendar | None = None,
    notes: Sequence[tuple[str, str]] = (),
) -> DueDate | None:
    """The due date of a reply: ``days`` + ``extension`` working days after ``start``, paused intervals
    excluded (条例 art. 33③), with every skipped day and counted weekend working day recorded.

    ``start`` is the receipt date, or the receipt date of the corrected application (art. 30). Returns None
    while an open pause stops the clock before the period ends.
    """
    cal = _cal(calendar)
    pauses = _merged(paused)
    total = days + extension
    due = due_date_of(start, total, paused=pauses, calendar=cal)
    if due is None:
        return None
    skipped: list[SkippedDay] = []
    counted_weekend: list[CountedWeekendDay] = []
    first = start + timedelta(days=1)
    working = {d.toordinal() for d in cal.working_days_between(first, due)}
    for ordinal in range(first.toordinal(), due.toordinal() + 1):
        day = date.fromordinal(ordinal)
        pause = next((p for p in pauses if p.contains(day)), None) if pauses else None
        if pause is not None:
            skipped.append(SkippedDay(day, "paused", pause.kind))
        elif ordinal not in working:
            name = cal.holiday_name(day)
            skipped.append(
                SkippedDay(day, "holiday", name) if name is not None else SkippedDay(day, "weekend")
            )
        elif day.weekday() >= 5:
            counted_weekend.append(CountedWeekendDay(day, cal.in_lieu_name(day)))
    return DueDate(start, total, due, tuple(skipped), tuple(counted_weekend), tuple(notes))


def add_working_days(start: date, n: int, calendar: WorkCalendar | None = None) -> DueDate:
    """The ``n``-th working day after ``start`` (the period starts the day after), with its explanation.

    Received 2024-09-27, 20 working days → due 2024-10-30. Raises CalendarNotCoveredError when a day the
    period needs lies in a year the calendar does not cover.
    """
    notes = (
        (
            f"收到日期：{start.isoformat()}（{_weekday(start, 'zh')}），当日不计入。",
            f"Received {start.isoformat()} ({_weekday(start, 'en')}); that day does not count.",
        ),
    )
    result = compute_due_date(start, n, calendar=calendar, notes=notes)
    assert result is not None  # no pauses, so the period always ends
    return result


def count_working_days(a: date, b: date, calendar: WorkCalendar | None = None) -> int:
    """The working days ``d`` with ``a < d <= b`` (so ``count(a, add_working_days(a, n).due) == n``)."""
    return _cal(calendar).count_working_days(a, b)


def is_working_day(day: date, calendar: WorkCalendar | None = None) -> bool:
    """True when ``day`` is a working day on the calendar (weekend working days included)."""
    return _cal(calendar).is_working_day(day)


# --- notices as tables -------------------------------------------------------------------------------


def _line_error(line: int, zh: str, en: str) -> CalendarNoticeError:
    return CalendarNoticeError(f"节假日安排第 {line} 行：{zh}", f"holiday notice, line {line}: {en}")


def _parse_day(text: str, line: int) -> date:
    value = text.strip()
    try:
        return date.fromisoformat(value.replace("/", "-"))
    except ValueError:
        raise _line_error(
            line,
            f"日期「{value}」无法识别（应为 YYYY-MM-DD）",
            f"cannot read date {value!r} (want YYYY-MM-DD)",
        ) from None


def _parse_kind(text: str, line: int) -> DayKind:
    value = text.strip()
    kind = _KIND_WORDS.get(value.lower())
    if kind is None:
        raise _line_error(
            line,
            f"类型「{value}」无法识别（应为 holiday/休 或 workday/班）",
            f"unknown kind {value!r} (want holiday or workday)",
        )
    return kind


def validate_notice(year: int, rows: Iterable[NoticeRow]) -> list[NoticeRow]:
    """Check a notice for ``year``: every date in that year, no date twice (so none both holiday and
    workday), at least one holiday. Returns the rows; raises CalendarNoticeError naming the line."""
    seen: dict[date, tuple[int, DayKind]] = {}
    out: list[NoticeRow] = []
    for position, row in enumerate(rows, start=1):
        line = row.line or position
        if row.day.year != year:
            raise _line_error(
                line,
                f"日期 {row.day.isoformat()} 不在 {year} 年内",
                f"date {row.day.isoformat()} is not in {year}",
            )
        if row.day in seen:
            first_line, first_kind = seen[row.day]
            if first_kind != row.kind:
                raise _line_error(
                    line,
                    f"日期 {row.day.isoformat()} 既是放假日又是上班日（另见第 {first_line} 行）",
                    f"date {row.day.isoformat()} is both a holiday and a working day (see line {first_line})",
                )
            raise _line_error(
                line,
                f"日期 {row.day.isoformat()} 重复（已在第 {first_line} 行）",
                f"date {row.day.isoformat()} listed twice (already on line {first_line})",
            )
        seen[row.day] = (line, row.kind)
        out.append(row)
    if not any(r.kind == "holiday" for r in out):
        raise CalendarNoticeError(
            f"{year} 年节假日安排中没有任何放假日期", f"the {year} holiday notice lists no holiday"
        )
    return out


def parse_notice_csv(text: str) -> list[NoticeRow]:
    """Read a notice table as CSV: ``date,kind[,name]`` per line, kind ``holiday``/``休`` or
    ``workday``/``班``; an optional header line and blank lines are skipped. Line numbers in errors are the
    file's own."""
    rows: list[NoticeRow] = []
    for line, fields in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), start=1):
        if not fields or all(not f.strip() for f in fields):
            continue
        if line == 1 and fields[0].strip().lower() in ("date", "日期"):
            continue
        if len(fields) < 2:
            raise _line_error(line, "应为「日期,类型[,名称]」", "want date,kind[,name]")
        rows.append(
            NoticeRow(
                _parse_day(fields[0], line),
                _parse_kind(fields[1], line),
                fields[2].strip() if len(fields) > 2 else "",
                line,
            )
        )
    return rows


def parse_notice_json(text: str) -> list[NoticeRow]:
    """Read a notice as JSON: a list of ``{"date", "kind", "name"?}`` objects, or ``{"days": [...]}``.
    Line numbers in errors are positions in the list (1-based)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CalendarNoticeError(
            f"节假日安排不是有效的 JSON：{exc}", f"holiday notice is not valid JSON: {exc}"
        ) from None
    items = data.get("days") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise CalendarNoticeError("JSON 应为日期列表", "JSON must be a list of days")
    rows: list[NoticeRow] = []
    for line, item in enumerate(items, start=1):
        if not isinstance(item, dict) or "date" not in item or "kind" not in item:
            raise _line_error(line, "应为含 date 与 kind 的对象", "want an object with date and kind")
        rows.append(
            NoticeRow(
                _parse_day(str(item["date"]), line),
                _parse_kind(str(item["kind"]), line),
                str(item.get("name") or ""),
                line,
            )
        )
    return rows


def read_notice_file(path: Path) -> list[NoticeRow]:
    """Read a notice table from a ``.json`` file, or from CSV for any other suffix."""
    text = path.read_text(encoding="utf-8-sig")
    return parse_notice_json(text) if path.suffix.lower() == ".json" else parse_notice_csv(text)


def notice_to_json(year: int, rows: Iterable[NoticeRow]) -> str:
    """A notice as the JSON that :func:`parse_notice_json` reads back."""
    days = [{"date": r.day.isoformat(), "kind": r.kind, "name": r.name} for r in rows]
    return json.dumps({"year": year, "days": days}, ensure_ascii=False, indent=1)


__all__ = [
    "HOLIDAY_NAMES_ZH",
    "CalendarNoticeError",
    "CountedWeekendDay",
    "DayKind",
    "DueDate",
    "NoticeRow",
    "Pause",
    "SkipReason",
    "SkippedDay",
    "WorkCalendar",
    "add_working_days",
    "compute_due_date",
    "count_working_days",
    "due_date_of",
    "is_working_day",
    "notice_to_json",
    "official_calendar",
    "parse_notice_csv",
    "parse_notice_json",
    "read_notice_file",
    "validate_notice",
]
