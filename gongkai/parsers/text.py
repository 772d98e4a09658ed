"""The text reader: a published annual report as text → :class:`ParseResult` (report + warnings).

Three layouts are read by the same steps:

* the tab/newline layout of the sample (each table cell on its own TAB-led line, a blank line between table
  rows; the other readers convert their tables to it);
* web pages flattened to running text (the numbers of a row run together);
* ``pdftotext -layout`` output (space-aligned columns, wrapped labels, page numbers inside tables).

Steps: normalise (full-width forms, dashes, quotes; page-number lines dropped); find the title (agency,
year) and the six part headings (a numeral before the title: the preamble's list of titles is not a
heading); detect the template from its labels; for each table, find the row labels in template order
(whitespace-free, fuzzily when a PDF wraps a label around its numbers), take the numbers between a label
and the next, and resolve them with :mod:`gongkai.parsers.splits`; across part 三's rows, pick among the
remaining readings the one satisfying most column identities. A reading is never bent to make published
numbers balance: each row keeps the split its own total supports, and the checks report any imbalance.

In the tab layout (what the HTML, DOCX and PDF readers produce too) a well-formed row is its label's cell
followed by one TAB-led line per value and a blank line; for such rows the general steps always end in
one reading, each cell's number, so the reader takes a short cut to it (``_read_rows``, ``_resolve_row``)
and the general steps whenever anything is odd. Tests prove the short cut equal to the general steps on
generated reports of both templates, odd cells and shapes, the samples and the corpus.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from operator import itemgetter
from typing import cast

from gongkai.errors import ParseError
from gongkai.findings import Finding
from gongkai.model import CellState, Printed, Prose, Report
from gongkai.parsers.joint import choose_readings
from gongkai.parsers.layout import (
    Compact,
    Match,
    Token,
    all_cell_tokens,
    cell_tokens,
    compact_label,
    count_page_numbers,
    enumerator_variants,
    fuzzy_find,
    is_mark,
    mark_state,
    normalize,
    tokens_in,
)
from gongkai.parsers.prose import clean_prose, is_furniture, running_lines, strip_furniture
from gongkai.parsers.radicals import unify_radicals
from gongkai.parsers.result import ParseResult
from gongkai.parsers.script import to_simplified
from gongkai.parsers.splits import Candidate, RowSpec, procurement_plausibility, row_candidates
from gongkai.templates import PARTS, TEMPLATES, Part, Template, template_for_year
from gongkai.types import CellValue, Severity

#: Alternatives listed in one ``ambiguous_split`` warning.
MAX_ALTERNATIVES = 50
#: Runs of a row's width tried in a row with more numbers than cells.
MAX_WINDOWS = 12

_NUMERALS = "一二三四五六七八九十"
# Readings of a printed row, by (the row's ``memo``, its tokens, or the digits of its one token when
# that token is plain); candidates are never mutated.
_CANDIDATE_CACHE: dict[tuple[int, str | tuple[Token, ...]], tuple[list[Candidate], bool]] = {}
_TITLE = re.compile(
    r"((?:19|20)\d{2})\s*年\s*度?\s*(?:的)?\s*(?:政府信息公开|政务公开)\s*(?:工作)?\s*(?:年度)?\s*(?:报告|年报)"
)

_MARKERS: dict[str, tuple[str, ...]] = {
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "其他对外管理服务事项",
        "采购项目数量",
    ),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "未按收费通知"),
}


def _finding(
    severity: Severity,
    rule: str,
    zh: str,
    en: str,
    cells: Sequence[str] = (),
    alternatives: Sequence[dict[str, int | Decimal]] = (),
    expected: int | Decimal | str | None = None,
    found: int | Decimal | str | None = None,
) -> Finding:
    # Built from values this module has already typed: skip re-validation (it dominated the profile).
    return Finding.model_construct(
        severity=severity,
        rule=rule,
        message_zh=zh,
        message_en=en,
        cells=tuple(cells),
        alternatives=tuple(alternatives),
        expected=expected,
        found=found,
    )


# --- headings ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    part: Part
    start: int
    end: int
    numeral: str


def _spaced(text: str) -> str:
    return r"\s*".join(re.escape(c) for c in compact_label(text))


_HEADING_RES: dict[str, re.Pattern[str]] = {}


def _heading_re(part: Part) -> re.Pattern[str]:
    pattern = _HEADING_RES.get(part.key)
    if pattern is None:
        titles = sorted((part.title, *part.aliases), key=len, reverse=True)
        alts = "|".join(_spaced(t) for t in titles)
        pattern = re.compile(rf"(?P<num>[{_NUMERALS}]{{1,2}}|\d{{1,2}})\s*[、.,]\s*(?:关于)?(?:{alts})")
        _HEADING_RES[part.key] = pattern
    return pattern


_NUMERAL_BEFORE = re.compile(rf"(?P<num>[{_NUMERALS}]{{1,2}}|\d{{1,2}})\s*[、.,]\s*(?:关于)?$")


def _exact_heading(norm: str, part: Part, pos: int) -> Heading | None:
    """The first heading printed with the exact title (the common case, found with ``str.find``)."""
    best: Heading | None = None
    for title in (part.title, *part.aliases):
        i = norm.find(title, pos)
        while i >= 0 and (best is None or i < best.start):
            m = _NUMERAL_BEFORE.search(norm, max(0, i - 8), i)
            if m is not None:
                best = Heading(part, m.start(), i + len(title), m.group("num"))
                break
            i = norm.find(title, i + 1)
    return best


def _find_headings(norm: str, start: int) -> dict[str, Heading]:
    """Each part's heading, in order: a numeral (一、 or 2、) before the part's title or an alias."""
    found: dict[str, Heading] = {}
    pos = start
    for part in PARTS:
        heading = _exact_heading(norm, part, pos)
        if heading is None:
            pattern = _heading_re(part)
            m = pattern.search(norm, pos) or pattern.search(norm, start)
            if m is None:
                continue
            heading = Heading(part, m.start(), m.end(), m.group("num"))
        found[part.key] = heading
        if heading.end > pos:
            pos = heading.end
    return found


def _heading_findings(headings: dict[str, Heading]) -> list[Finding]:
    out: list[Finding] = []
    last = -1
    for index, part in enumerate(PARTS, start=1):
        h = headings.get(part.key)
        if h is None:
            out.append(
                _finding(
                    "warning",
                    "part_headings",
                    f"未找到第{part.number}部分标题「{part.heading}」",
                    f"heading of part {index} ({part.heading}) not found",
                )
            )
            continue
        if h.numeral not in {part.number, str(index)} or h.numeral == str(index):
            out.append(
                _finding(
                    "warning",
                    "part_headings",
                    f"第{part.number}部分标题编号为「{h.numeral}、」，应为「{part.number}、」",
                    f"part {index} heading is numbered '{h.numeral}' instead of '{part.number}'",
                    expected=part.number,
                    found=h.numeral,
                )
            )
        if h.start < last:
            out.append(
                _finding(
                    "warning",
                    "part_headings",
                    f"第{part.number}部分「{part.title}」的位置顺序不对",
                    f"part {index} ({part.title}) is out of order",
                )
            )
        last = max(last, h.start)
    return out


# --- title -----------------------------------------------------------------------------------------


_TITLE_PREFIX = re.compile(r"\s*(?:标题|题目|title)\s*:\s*", re.I)
_TITLE_SUFFIX = re.compile(r"\s*关于\s*$")


def _title(norm: str, text: str) -> tuple[str, int | None, str, int]:
    """(agency, year, title, end of title) from the document's title: the first line that reads as one.

    Positions are found in the normalised text, the names are taken from the original (same positions). A
    match inside a sentence (「现将本机关2020年度政府信息公开工作年度报告公布如下」, 「根据……，发布……」) or a
    breadcrumb is no title: the agency is never taken from prose.
    """
    for m in _TITLE.finditer(norm, 0, min(len(norm), 6000)):
        found = _title_at(norm, text, m)
        if found is not None:
            return found
    return "", None, "", 0


_SENTENCE_GOES_ON = re.compile(r"\s*(?:的|公布|发布|如下|予以|已|现|并|和|及|中|里|所)")
# Never in a title's agency: a sentence's punctuation, quotes and book-title marks, a breadcrumb's arrows.
_NOT_AGENCY = re.compile(r"[。,;:!?\"《》>›»→]|根据|按照|现将|特此|发布|公布")


def _title_at(norm: str, text: str, m: re.Match[str]) -> tuple[str, int, str, int] | None:
    """The title at match ``m`` of :data:`_TITLE`, or None when ``m`` is inside prose or page chrome."""
    year = int(m.group(1))
    line_start = norm.rfind("\n", 0, m.start()) + 1
    line_end = norm.find("\n", m.end())
    rest = norm[m.end() : line_end if line_end >= 0 else len(norm)]
    # A title is never followed by more of its sentence (「……年度报告公布如下」); a flattened page runs on
    # into the report's first words, which is no sentence of the title.
    if _SENTENCE_GOES_ON.match(rest):
        return None
    begin, end = line_start, m.start()
    prefix = _TITLE_PREFIX.match(norm, begin, end)
    if prefix is not None:
        begin = prefix.end()
    suffix = _TITLE_SUFFIX.search(norm, begin, end)
    if suffix is not None:
        end = suffix.start()
    if _NOT_AGENCY.search(norm, begin, end) or len("".join(norm[begin:end].split())) > 40:
        return None
    agency = "".join(text[begin:end].split())
    if not agency:
        prev_end = line_start - 1
        while prev_end > 0:
            prev_start = norm.rfind("\n", 0, prev_end) + 1
            candidate = "".join(text[prev_start:prev_end].split())
            if candidate and not is_furniture(candidate):
                if len(candidate) <= 40 and not _NOT_AGENCY.search(normalize(candidate)):
                    agency = candidate
                break
            prev_end = prev_start - 1
    title = agency + "".join(text[m.start() : m.end()].split())
    return agency, year, title, m.end()


# The statement of the period a report covers (「本报告所列数据统计期限为2024年1月1日至2024年12月31日」).
_PERIOD = re.compile(
    r"统计(?:期限|期间|时限|时间|区间)?[^。\n]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"
)


#: Longest explanatory note after a row label that is taken as part of the label.
MAX_NOTE = 120


def _with_note(hay: str, match: Match) -> Match:
    """``match`` extended over the parenthesised note right after it (nested parentheses allowed), when the
    note closes within :data:`MAX_NOTE` characters and holds no digit (digits there would be values)."""
    depth = 0
    limit = min(len(hay), match.end + MAX_NOTE)
    for i in range(match.end, limit):
        ch = hay[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                note = hay[match.end : i + 1]
                if any(c.isdigit() for c in note) or not _CJK.search(note):
                    return match
                return Match(match.start, i + 1, match.positions)
    return match


_CJK = re.compile(r"[\u3400-\u9fff]")


# --- the tab layout's short cut ---------------------------------------------------------------------

_SPACE = re.compile(r"[^\S\n]")
# Cell texts the text reader reads as a blank cell (``layout._cell``).
_BLANKS = frozenset(("", "-", "/", "--"))


class _Hay:
    """What the text reader's label search reads of a :class:`Compact`: its whitespace-free text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


# A row of plain numbers, one per line: no blank, no leading zero, nothing around them.
_PLAIN_ROW = re.compile(r"(?:0|[1-9][0-9]*)(?:\n(?:0|[1-9][0-9]*))*")


def _plain(cell: str) -> bool:
    """A cell (stripped) the short cut reads: blank, or ASCII digits without a leading zero."""
    return cell in _BLANKS or (cell.isdigit() and cell.isascii() and (cell[0] != "0" or len(cell) == 1))


def _only_reading(row: _Row, cells: Sequence[str]) -> Candidate | None:
    """The one reading of a row of plain count cells, or ``None`` if the short cut does not apply."""
    kinds = row.spec.kinds
    if len(cells) != len(kinds) or kinds.count("count") != len(kinds):
        return None
    if _PLAIN_ROW.fullmatch("\n".join(cells)):
        # The common row, checked in one regex and converted in C.
        values: tuple[int, ...] = tuple(map(int, cells))
        cand = Candidate(values, (), (), tuple(map(len, cells)))
    else:
        stripped = [cell.strip() for cell in cells]
        if not all(_plain(cell) for cell in stripped):
            return None
        values = tuple(0 if cell in _BLANKS else int(cell) for cell in stripped)
        blanks = tuple(i for i, cell in enumerate(stripped) if cell in _BLANKS)
        lengths = tuple(len(cell) for cell in stripped if cell not in _BLANKS)
        marks = tuple(stripped[i] for i in blanks)
        cand = Candidate(values, blanks, (), lengths, 0.0, marks if any(marks) else ())
    if row.extra is not None:
        cand.score = row.extra(values)
    return cand


# --- the reader ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    keys: tuple[str, ...]
    label: str
    spec: RowSpec
    number: str = ""
    #: Other labels the row is printed with (the other template's wording: 「规范性文件」 for 行政规范性文件).
    aliases: tuple[str, ...] = ()
    extra: Callable[[tuple[CellValue, ...]], float] | None = None
    balance: bool = True
    candidates: list[Candidate] | None = None
    truncated: bool = False
    chosen: int = 0
    #: Rows with equal ``memo`` have the same readings for the same tokens (see ``_memo_id``).
    memo: int = -1


_MEMO_IDS: dict[tuple[RowSpec, bool, tuple[str, ...]], int] = {}


def _memo_id(row: _Row) -> int:
    """A small number standing for what a row's readings depend on besides its tokens: its spec, the
    balance term, and the row itself when it has a row-specific plausibility (an int hashes at once)."""
    owner = row.keys if row.extra is not None else ()
    return _MEMO_IDS.setdefault((row.spec, row.balance, owner), len(_MEMO_IDS))


_TABLE_ROWS: dict[tuple[str, str], tuple[_Row, ...]] = {}


def _table_rows(spec: Template, part: str) -> list[_Row]:
    """Fresh rows of a table of ``spec`` (their keys, specs and checks are built once per template)."""
    made = _TABLE_ROWS.get((spec.id, part))
    if made is None:
        rows: list[_Row] = []
        if part == "proactive":
            for group, prow in spec.proactive_rows():
                kinds = tuple(c.kind for c in group.columns)
                keys = tuple(f"proactive.{prow.key}.{c.key}" for c in group.columns)
                extra = _proactive_extra(spec, prow.key)
                balance = prow.key != "procurement"
                rows.append(
                    _Row(keys, prow.label, RowSpec(kinds), aliases=prow.aliases, extra=extra, balance=balance)
                )
        else:
            table = spec.applications
            ncols = len(table.columns)
            row_spec = RowSpec(("count",) * ncols, ((tuple(range(ncols - 1)), ncols - 1),))
            for arow in table.rows:
                keys = tuple(f"applications.{arow.key}.{c.key}" for c in table.columns)
                rows.append(_Row(keys, arow.label, row_spec, number=arow.number, aliases=arow.aliases))
        for row in rows:
            row.memo = _memo_id(row)
        made = tuple(rows)
        _TABLE_ROWS[(spec.id, part)] = made
    return [_Row(r.keys, r.label, r.spec, r.number, r.aliases, r.extra, r.balance, memo=r.memo) for r in made]


class _Reader:
    """The reader of one text. ``short_cut`` (on by default) reads well-formed rows of the tab layout
    directly (see :meth:`_read_rows`); off, every row takes the general steps (the tests' reference)."""

    def __init__(self, text: str, source: str, *, short_cut: bool = True) -> None:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text, converted = to_simplified(text)
        text, pages = count_page_numbers(text)
        # Running headers and footers only exist on pages: look for them in a paginated text.
        self.running = running_lines(text) if pages >= 2 or "\f" in text else frozenset()
        text = strip_furniture(text, self.running)
        self.text = text
        self.norm = normalize(text)
        self.source = source
        self.warnings: list[Finding] = []
        #: Findings about the text as a whole, listed first.
        self.about_text: list[Finding] = []
        if converted:
            self.about_text.append(
                _finding(
                    "info",
                    "traditional_script",
                    "原文为繁体字，已用 OpenCC 转换为简体后读取（机关名称与正文均为转换后的文字）",
                    "the text is in traditional script; it was read after conversion to simplified with OpenCC "
                    "(the agency and the prose are the converted text)",
                )
            )
        self.cells: dict[str, CellValue] = {}
        self.printed: dict[str, Printed] = {}
        lines = self.norm.count("\n\t") + (1 if self.norm.startswith("\t") else 0)
        self.tabbed = lines >= 10
        self.rows_found = 0
        self.fee_unit_known = False
        self.short_cut = short_cut

    def warn(
        self,
        rule: str,
        zh: str,
        en: str,
        cells: Sequence[str] = (),
        severity: Severity = "warning",
        **kw: object,
    ) -> None:
        self.warnings.append(_finding(severity, rule, zh, en, cells, **kw))  # type: ignore[arg-type]

    # -- structure --

    def parse(self) -> ParseResult:
        if not self.norm.strip():
            raise ParseError("输入为空，不是年报", "empty input: not an annual report")
        agency, year, title, title_end = _title(self.norm, self.text)
        self.headings = _find_headings(self.norm, title_end)
        spec = self._template(year)
        if year is None:
            # Never a year from a prose sentence: only the report's statement of its period.
            m = _PERIOD.search(self.norm)
            year = int(m.group(1)) if m else spec.first_year
            self.warn(
                "year_not_found",
                f"未在标题中找到年度，按 {year} 年处理",
                f"no year in the title; assuming {year}",
            )
        if not agency:
            self.warn("agency_not_found", "未找到发布机关名称", "agency name not found in the title")
        self.spec = spec
        regions = self._regions()
        prose = {
            key: self._prose(*regions[key]) if key in self.headings else ""
            for key in ("overview", "problems", "other")
        }
        table_prose: dict[str, str] = {}
        self._proactive(*regions["proactive"], table_prose)
        self._applications(*regions["applications"], table_prose)
        self._appeals(*regions["appeals"], table_prose)
        if self.tabbed:
            for key in ("proactive", "applications", "appeals"):
                self._unknown_labels(*regions[key])
        if not self.headings and self.rows_found == 0:
            raise ParseError(
                "未找到年报的部分标题或表格，无法读取",
                "no part headings and no table rows found: not a report",
            )
        self.warnings[:0] = [*self.about_text, *_heading_findings(self.headings)]
        # Every value here is typed by construction (cell keys from the template, in its order; counts
        # from digit strings; only ``change`` cells negative; amounts non-negative Decimals; a 19xx/20xx
        # year), so the model's validation is skipped: it cost a sixth of a parse. The property tests
        # re-validate what this builds.
        report = Report.model_construct(
            agency=agency,
            year=year,
            template=spec.id,
            title=title,
            prose=Prose(**prose, **table_prose),
            cells=_in_order(self.cells, spec.keys),
            printed={k: self.printed[k] for k in spec.keys if k in self.printed} if self.printed else {},
            source=self.source,
        )
        return ParseResult.model_construct(
            report=report, warnings=self.warnings, format="text", source=self.source
        )

    def _template(self, year: int | None) -> Template:
        compact = "".join(self.norm.split())
        hits = {tid: sum(1 for m in markers if m in compact) for tid, markers in _MARKERS.items()}
        if hits["2019"] != hits["2021"]:
            return TEMPLATES[max(hits, key=lambda k: hits[k])]
        spec = template_for_year(year) if year is not None else TEMPLATES["2021"]
        self.warn(
            "template_detected_from_year",
            f"表格标签未能确定模板，按年度采用 {spec.id} 模板",
            f"the labels did not decide the template; using template {spec.id} from the year",
        )
        return spec

    def _regions(self) -> dict[str, tuple[int, int]]:
        """Text span of each part: after its heading up to the next heading found (or a best guess)."""
        found = sorted(self.headings.values(), key=lambda h: h.start)
        out: dict[str, tuple[int, int]] = {}
        for part in PARTS:
            h = self.headings.get(part.key)
            if h is not None:
                nxt = [g.start for g in found if g.start > h.start]
                out[part.key] = (h.end, min(nxt) if nxt else len(self.norm))
                continue
            index = [p.key for p in PARTS].index(part.key)
            prev = [self.headings[p.key].end for p in PARTS[:index] if p.key in self.headings]
            nxt = [self.headings[p.key].start for p in PARTS[index + 1 :] if p.key in self.headings]
            start = max(prev) if prev else 0
            end = min(nxt) if nxt else len(self.norm)
            out[part.key] = (start, max(start, end))
        return out

    def _prose(self, start: int, end: int) -> str:
        return clean_prose(self.text[start:end], self.running)

    def _table_prose(self, start: int, end: int, anchor: int) -> str:
        """Prose of a table part: plain lines before the table (TAB-led cells and their lines excluded)."""
        stop = max(start, min(end, anchor))
        if self.tabbed:
            lines: list[str] = []
            for line in self.text[start:stop].split("\n"):
                if line.startswith("\t"):
                    break
                lines.append(line)
            return clean_prose("\n".join(lines), self.running)
        return self._prose(start, stop)

    # -- rows --

    def _locate(
        self, compact: Compact, labels: Sequence[tuple[str, str, tuple[str, ...]]], start: int
    ) -> list[tuple[int, Match] | None]:
        """Find each (label, enumerator, aliases) in order; a match starts at its enumerator when printed.

        Each row is searched after the previous one's match, which ends after the explanatory note a label
        may carry (「其他对外管理服务事项（含行政处罚、行政强制……）」): a note never holds another row's label.
        A label printed in another wording (an alias) is found where it comes first; of two wordings found
        at the same place, the longer (「行政规范性文件」 over 「规范性文件」).
        """
        out: list[tuple[int, Match] | None] = []
        pos = start
        hay = compact.text
        for label, number, aliases in labels:
            needle = compact_label(label)
            variants = enumerator_variants(number) if number else ()
            match: Match | None = None
            if len(needle) <= 4 and variants:
                best = None
                for v in variants:
                    p = hay.find(v + needle, pos)
                    if p >= 0 and (best is None or p < best):
                        best = p
                        match = Match(p + len(v), p + len(v) + len(needle))
            elif aliases:
                best_key: tuple[int, int] | None = None
                for wording in (needle, *map(compact_label, aliases)):
                    p = hay.find(wording, pos)
                    if p >= 0 and (best_key is None or (p, -len(wording)) < best_key):
                        best_key = (p, -len(wording))
                        match = Match(p, p + len(wording))
                if match is None:
                    match = fuzzy_find(hay, needle, pos, len(hay))
            else:
                match = fuzzy_find(hay, needle, pos, len(hay))
            if match is None:
                out.append(None)
                continue
            if hay.startswith("(", match.end):
                match = _with_note(hay, match)
            begin = match.start
            for v in variants:
                if hay.startswith(v, match.start - len(v)):
                    begin = match.start - len(v)
                    break
            out.append((begin, match))
            pos = match.end
        return out

    def _segment_tokens(self, compact: Compact, match: Match, stop: int, region_end: int) -> list[Token]:
        """Tokens of a row: numbers printed inside a wrapped label, then those up to the next label."""
        tokens: list[Token] = []
        for a, b in match.gaps():
            tokens.extend(
                t for t in tokens_in(self.norm[compact.orig(a) : compact.orig(b - 1) + 1]) if not t.blank
            )
        begin = compact.orig(match.end - 1) + 1
        end = compact.orig(stop) if stop < len(compact.text) else region_end
        segment = self.norm[begin:end]
        orig = self.text[begin:end]
        if self.tabbed:
            tokens.extend(cell_tokens(segment, orig))
        else:
            cut = self._split_extra_rows(segment)
            tokens.extend(tokens_in(segment[:cut], orig[:cut]))
        return tokens

    def _read_rows_general(self, rows: list[_Row], start: int, end: int, anchor_labels: Sequence[str]) -> int:
        """Locate and tokenise ``rows`` in ``norm[start:end]``; returns where the table begins (or ``end``)."""
        compact = Compact(self.norm, start, end)
        first = len(compact.text)
        table_start = 0
        for anchor in anchor_labels:
            p = compact.text.find(compact_label(anchor))
            if p >= 0:
                first = min(first, p)
        if first < len(compact.text):
            table_start = first
        located = self._locate(compact, [(r.label, r.number, r.aliases) for r in rows], table_start)
        found = [loc for loc in located if loc is not None]
        if found:
            first = min(first, found[0][0])
        for i, (row, loc) in enumerate(zip(rows, located, strict=True)):
            if loc is None:
                row.candidates = None
                continue
            stop = len(compact.text)
            for later in located[i + 1 :]:
                if later is not None:
                    stop = later[0]
                    break
            tokens = self._segment_tokens(compact, loc[1], stop, end)
            self._resolve_row(row, tokens)
        self.rows_found += len(found)
        return compact.orig(first) if first < len(compact.text) else end

    def _candidates(self, row: _Row, tokens: list[Token]) -> tuple[list[Candidate], bool]:
        """:func:`row_candidates`, memoised: the same printed row always has the same readings."""
        if len(tokens) == len(row.spec.kinds):
            # One token per column: the direct reading is cheaper than hashing the tokens.
            return row_candidates(row.spec, tokens, extra=row.extra, balance=row.balance)
        # Rows with the same shape and no row-specific plausibility share readings (part 三's rows).
        if row.memo < 0:
            row.memo = _memo_id(row)
        signature: str | tuple[Token, ...] = tuple(tokens)
        if len(tokens) == 1:
            only = tokens[0]
            if not (only.neg or only.grouped or only.dec is not None or only.unit is not None):
                signature = only.digits  # the token is ``Token(digits)``: its digits say it all
        key = (row.memo, signature)
        hit = _CANDIDATE_CACHE.get(key)
        if hit is None:
            hit = row_candidates(row.spec, tokens, extra=row.extra, balance=row.balance)
            if len(hit[0]) <= 200:  # keep the memo small: long lists are rare and cheap to redo
                if len(_CANDIDATE_CACHE) >= 4096:
                    _CANDIDATE_CACHE.clear()
                _CANDIDATE_CACHE[key] = hit
        return hit

    def _resolve_row(self, row: _Row, tokens: list[Token]) -> None:
        """Read ``row`` from its ``tokens``. Short cut: a row of count columns whose cells are each one plain
        number (ASCII digits without a leading zero) or blank has exactly one reading, the numbers
        themselves, whether its totals add up or not (tokens are never joined, so each must be one number;
        a total that does not add up is for the checks to report, as the general steps do). Anything else
        (amounts, signed changes, digits run together, thousands separators, more or fewer tokens than
        columns) takes the general steps."""
        if not self.short_cut:
            self._resolve_row_general(row, tokens)
            return
        cells = []
        for t in tokens:
            if t.blank:
                cells.append("")
            elif t.neg or t.grouped or t.dec is not None or t.unit is not None:
                self._resolve_row_general(row, tokens)
                return
            else:
                cells.append(t.digits)
        cand = _only_reading(row, cells)
        if cand is None:
            self._resolve_row_general(row, tokens)
            return
        if cand.blanks:
            marks = tuple(tokens[i].mark for i in cand.blanks)
            cand.marks = marks if any(marks) else ()
        row.candidates = [cand]
        row.truncated = False

    def _read_rows(self, rows: list[_Row], start: int, end: int, anchor_labels: Sequence[str]) -> int:
        """Locate and read ``rows`` in ``norm[start:end]``; returns where the table begins (or ``end``).

        Short cut for the tab layout: the labels are found by the general search (:meth:`_locate`) in the
        same whitespace-free text, built line by line instead of through a position map; a row is read
        from its value lines directly when its label ends its line, its values are TAB-led lines ended by
        a blank line, and the next label starts after that. Any other shape (a fuzzy match, a wrapped
        cell, numbers printed inside a label) reads the whole table the general way, before anything of
        the table was changed.
        """
        if not self.tabbed or not self.short_cut:
            return self._read_rows_general(rows, start, end, anchor_labels)
        region = self.norm[start:end]
        lines = region.split("\n")
        # Each line without whitespace: together exactly the text reader's Compact(norm, start, end).text.
        # In the usual layout the only whitespace is the newlines and the TAB that leads a cell's line.
        bare = region.replace("\n\t", "\n")
        plain = not region.startswith("\t") and _SPACE.search(bare) is None
        compact = bare.split("\n") if plain else ["".join(line.split()) for line in lines]
        begins = [0, *accumulate(map(len, compact))]
        hay = "".join(compact)
        first = len(hay)
        table_start = 0
        for anchor in anchor_labels:
            p = hay.find(compact_label(anchor))
            if p >= 0:
                first = min(first, p)
        if first < len(hay):
            table_start = first
        located = self._locate(
            cast(Compact, _Hay(hay)), [(r.label, r.number, r.aliases) for r in rows], table_start
        )
        # Plan every row first; the table is changed only once all of it has the expected shape.
        plan: list[tuple[_Row, list[str] | None, int, int]] = []
        # Where the next label found after each row begins (the general reader's end of its segment).
        stops: list[int] = []
        stop = len(hay)
        for loc in reversed(located):
            stops.append(stop)
            if loc is not None:
                stop = loc[0]
        stops.reverse()
        for row, loc, stop in zip(rows, located, stops, strict=True):
            if loc is None:
                plan.append((row, None, 0, 0))
                continue
            match = loc[1]
            if match.positions is not None:
                return self._read_rows_general(rows, start, end, anchor_labels)
            k = bisect_right(begins, match.end - 1) - 1
            if begins[k] + len(compact[k]) != match.end:
                return self._read_rows_general(rows, start, end, anchor_labels)
            if plain:
                # Only newlines and leading TABs: the row ends at the next empty line, and every line
                # before it must be a cell (TAB-led), not a continuation of one.
                try:
                    j = lines.index("", k + 1)
                except ValueError:
                    return self._read_rows_general(rows, start, end, anchor_labels)
                if ("\n" + "\n".join(lines[k + 1 : j])).count("\n\t") != j - k - 1:
                    return self._read_rows_general(rows, start, end, anchor_labels)
                cells = compact[k + 1 : j]
            else:
                cells = []
                j = k + 1
                while j < len(lines) and lines[j].startswith("\t"):
                    cells.append(lines[j][1:])
                    j += 1
                if j >= len(lines) or lines[j].strip():
                    return self._read_rows_general(rows, start, end, anchor_labels)
            if stop < begins[j]:
                return self._read_rows_general(rows, start, end, anchor_labels)
            plan.append((row, cells, k + 1, j))
        found = 0
        olines: list[str] | None = None
        for row, values, first_line, end_line in plan:
            if values is None:
                row.candidates = None
                continue
            found += 1
            cand = _only_reading(row, values)
            if cand is not None and not cand.blanks:
                row.candidates = [cand]
                row.truncated = False
                continue
            # Cells printed without a number keep their marks as printed: the original lines, in step.
            if olines is None:
                olines = self.text[start:end].split("\n")
            ocells = [line[1:] for line in olines[first_line:end_line]]
            if cand is not None:
                marks = tuple(ocells[i].strip() for i in cand.blanks)
                cand.marks = marks if any(marks) else ()
                row.candidates = [cand]
                row.truncated = False
            else:
                # The tokens the text reader takes from these lines (the label's line holds no more).
                self._resolve_row(
                    row,
                    cell_tokens(
                        "".join(f"\n\t{cell}" for cell in values), "".join(f"\n\t{cell}" for cell in ocells)
                    ),
                )
        self.rows_found += found
        if found:
            first = min(first, next(loc[0] for loc in located if loc is not None))
        if first >= len(hay):
            return end
        # The position in norm of compact position ``first``: its line, then its non-blank character.
        k = bisect_right(begins, first) - 1  # the last line starting there: never an empty one
        line = lines[k]
        offset = first - begins[k]
        pos = 0
        for pos, ch in enumerate(line):  # noqa: B007 - the position is the result
            if not ch.isspace():
                if offset == 0:
                    break
                offset -= 1
        line_start = start + sum(len(x) + 1 for x in lines[:k])
        return line_start + pos

    def _resolve_row_general(self, row: _Row, tokens: list[Token]) -> None:
        """Every reading of ``row``'s ``tokens`` (splits, blanks, units, extra cells), or a ``row_length`` error."""
        n = len(row.spec.kinds)
        nonblank = [t for t in tokens if t.digits] if len(tokens) > n else tokens
        if len(tokens) > n and len(nonblank) <= n:
            # Extra empty cells (merged cells of a HTML table): drop blanks from the end, then the start.
            while len(tokens) > n and tokens and tokens[-1].blank:
                tokens = tokens[:-1]
            while len(tokens) > n and tokens and tokens[0].blank:
                tokens = tokens[1:]
            if len(tokens) > n:
                tokens = nonblank
        cands, truncated = self._candidates(row, tokens)
        if not cands and len(tokens) > n:
            # More numbers than cells: the ones right after the label are read, every other run of n
            # numbers that reads as the row is an alternative of the finding.
            starts = range(len(tokens) - n + 1)
            readings: list[Candidate] = []
            for i in starts[:MAX_WINDOWS]:
                found, cut_short = row_candidates(
                    row.spec, tokens[i : i + n], extra=row.extra, balance=row.balance
                )
                if found:
                    if not cands:
                        cands, truncated = found, cut_short
                    else:
                        readings.append(found[0])
            if cands:
                listed = [dict(zip(row.keys, c.values, strict=True)) for c in readings]
                self.warn(
                    "surplus_numbers",
                    f"「{row.label}」一行有 {len(tokens)} 个数字，多于 {n} 个单元格：读取紧随标签的 {n} 个，"
                    "其他读法见备选",
                    f"row '{row.label}' has {len(tokens)} numbers for {n} cells: the {n} after the label "
                    "were read, the other readings are listed",
                    row.keys,
                    expected=n,
                    found=len(tokens),
                    alternatives=listed,
                )
        if not cands:
            # The row's own total does not hold: read it without the identity, the checks report it.
            loose = RowSpec(row.spec.kinds)
            cands, truncated = row_candidates(loose, tokens, extra=row.extra, balance=row.balance)
            if len(cands) > 1 and any(len(t.digits) > 1 and not t.grouped for t in tokens):
                cands = []
        if not cands:
            self.warn(
                "row_length",
                f"「{row.label}」一行无法读出 {n} 个数字（读到 {len(tokens)} 个）",
                f"row '{row.label}': cannot read {n} numbers (found {len(tokens)} tokens)",
                row.keys,
                severity="error",
                expected=n,
                found=len(tokens),
            )
            row.candidates = None
            return
        row.candidates = cands
        row.truncated = truncated

    def _commit(self, row: _Row, alternatives: list[Candidate] | None = None) -> None:
        if not row.candidates:
            return
        cand = row.candidates[row.chosen]
        self.cells.update(zip(row.keys, cand.values, strict=True))
        for key in row.keys:
            self.printed.pop(key, None)
        if cand.blanks:
            names = [row.keys[i] for i in cand.blanks]
            marks = cand.marks or ("",) * len(names)
            for key, mark in zip(names, marks, strict=True):
                self.printed[key] = Printed.model_construct(state=CellState(mark_state(mark)), text=mark)
            shown = "、".join(f"{n}（{_shown_mark(m)}）" for n, m in zip(names, marks, strict=True))
            shown_en = ", ".join(f"{n} ({m or 'empty'})" for n, m in zip(names, marks, strict=True))
            self.warn(
                "blank_cell",
                f"「{row.label}」有未填数字的单元格，按 0 读取：{shown}",
                f"cells without a number in row '{row.label}' read as 0: {shown_en}",
                names,
            )
        if cand.unitless and not self.fee_unit_known:
            names = [row.keys[i] for i in cand.unitless]
            self.warn(
                "unit_assumed",
                f"金额未注明单位，按万元读取：{'、'.join(names)}",
                f"amount printed without a unit, read as 万元: {', '.join(names)}",
                names,
            )
        alts = alternatives if alternatives is not None else [c for c in row.candidates if c is not cand]
        if alts:
            listed = [dict(zip(row.keys, c.values, strict=True)) for c in alts[:MAX_ALTERNATIVES]]
            more = "（另有更多，未全部列出）" if len(alts) > MAX_ALTERNATIVES or row.truncated else ""
            shown = " | ".join(map(str, cand.values))
            self.warn(
                "ambiguous_split",
                f"「{row.label}」的数字连在一起，可有多种拆分；采用 {shown}，其他拆分见备选{more}",
                f"the numbers of row '{row.label}' run together and split more than one way; read as "
                f"{shown} (other readings listed)",
                row.keys,
                alternatives=listed,
            )

    # -- part 二 --

    def _proactive(self, start: int, end: int, prose: dict[str, str]) -> None:
        spec = self.spec
        compact_all = "".join(self.norm[start:end].split())
        self.fee_unit_known = "单位:万元" in compact_all
        rows = _table_rows(spec, "proactive")
        anchors = [g.heading for g in spec.proactive][:1]
        table_start = self._read_rows(rows, start, end, anchors)
        prose["proactive"] = self._table_prose(start, end, table_start)
        if all(r.candidates is None for r in rows):
            self._missing_table("proactive", "二")
            return
        for r in rows:
            if r.candidates is None:
                self._row_missing(r)
            else:
                self._commit(r, r.candidates[1:] if len(r.candidates) > 1 else [])

    # -- part 三 --

    def _applications(self, start: int, end: int, prose: dict[str, str]) -> None:
        table = self.spec.applications
        rows = _table_rows(self.spec, "applications")
        table_start = self._read_rows(rows, start, end, [table.note, table.header])
        prose["applications"] = self._table_prose(start, end, table_start)
        if all(r.candidates is None for r in rows):
            self._missing_table("applications", "三")
            return
        by_key = {row.key: r for row, r in zip(table.rows, rows, strict=True)}
        choice_alts = self._choose_applications(by_key, list(table.result_rows))
        for key, r in by_key.items():
            if r.candidates is None:
                self._row_missing(r)
            else:
                self._commit(r, choice_alts.get(key, []))

    def _choose_applications(
        self, rows: dict[str, _Row], result_rows: list[str]
    ) -> dict[str, list[Candidate]]:
        """Pick one candidate per row by part 三's column identities (:mod:`gongkai.parsers.joint`); list
        every other reading found in an equally good combination.

        Identities (per column): new + carried_over = results_total + carried_forward, and results_total =
        the sum of the result rows. Ties go to the more plausible readings (lower scores).
        """
        found = {k: r.candidates for k, r in rows.items() if r.candidates}
        if not any(len(cands) > 1 for cands in found.values()):
            return {}
        # Part 三's cells are counts: the readings' values are ints already (no conversion needed).
        readings = {k: [cast(tuple[int, ...], c.values) for c in cands] for k, cands in found.items()}
        scores = {k: [c.score for c in cands] for k, cands in found.items()}
        identities: list[list[tuple[str, int]]] = []
        balance = [("new", 1), ("carried_over", 1), ("results_total", -1), ("carried_forward", -1)]
        if all(k in found for k, _ in balance):
            identities.append(balance)
        results = [k for k in result_rows if k in rows]
        if "results_total" in found and all(k in found for k in results):
            identities.append([(k, 1) for k in results] + [("results_total", -1)])
        choice = choose_readings(readings, scores, identities)
        alts: dict[str, list[Candidate]] = {}
        for k, i in choice.chosen.items():
            rows[k].chosen = i
            alts[k] = [c for j, c in enumerate(found[k]) if j != i and j in choice.equal[k]]
        return alts

    # -- part 四 --

    def _appeals(self, start: int, end: int, prose: dict[str, str]) -> None:
        table = self.spec.appeals
        made, words = _appeals_row(self.spec)
        compact = Compact(self.norm, start, end)
        hay = compact.text
        first_block = compact_label(table.blocks[0].label)
        anchor = hay.find(first_block)
        if anchor < 0:
            anchor = hay.find(compact_label(table.columns[0].label))
        prose["appeals"] = self._table_prose(start, end, compact.orig(anchor) if anchor >= 0 else end)
        last = -1
        for w in words:
            p = hay.rfind(w)
            if p >= 0:
                last = max(last, p + len(w))
        if anchor < 0 or last < 0:
            self._missing_table("appeals", "四")
            return
        begin = compact.orig(last - 1) + 1
        segment = self.norm[begin:end]
        orig = self.text[begin:end]
        tokens = all_cell_tokens(segment, orig) if self.tabbed else tokens_in(segment, orig)
        row = _Row(made.keys, made.label, made.spec, memo=made.memo)
        self.rows_found += 1
        self._resolve_row(row, tokens)
        if row.candidates is None:
            return
        self._commit(row, row.candidates[1:])

    # -- findings --

    def _unknown_labels(self, start: int, end: int) -> None:
        """Tab layout: cells holding text that is no label, header or group of the template; such a cell
        followed by cells of numbers (up to the row's blank line) is a row of its own (``extra_row``)."""
        known, known_set = _known_texts(self.spec)
        unknown: list[str] = []
        for m in _TAB_CELL.finditer(self.norm, start, end):
            text = "".join(m.group(1).split())
            if not text or text in known_set or _NUMERIC.fullmatch(text) or is_mark(text):
                continue
            # A template text with an explanatory note (「上一年项目数量（指2019年事项数）」) is that text.
            bare = _TRAILING_NOTE.sub("", text)
            if (
                bare != text
                and bare
                and (bare in known_set or any(k in bare for k in known_set if len(k) > 3))
            ):
                continue
            if not any(text in k for k in known):
                printed = "".join(self.text[m.start(1) : m.end(1)].split())
                values = _row_values(self.norm, m.end(), end) if _is_extra_label(text, known) else []
                if values:
                    self._extra_row(printed, " | ".join(values))
                else:
                    unknown.append(printed)
        if unknown:
            shown = "、".join(f"「{u[:30]}」" for u in unknown[:10])
            self.warn(
                "unknown_label",
                f"表格中有模板之外的文字：{shown}",
                f"table cells with text that is not a label of template {self.spec.id}: {shown}",
            )

    def _extra_row(self, label: str, values: str) -> None:
        """A row the template does not have (a province's own, such as 「其他主动公开文件」): reported with its
        numbers as printed, never read into a template row."""
        self.warn(
            "extra_row",
            f"表格中有模板 {self.spec.id} 之外的行「{label[:40]}」（{values}），未计入任何单元格",
            f"a row that template {self.spec.id} does not have, '{label[:40]}' ({values}), was kept apart "
            "and read into no cell",
            found=values,
        )

    def _split_extra_rows(self, segment: str) -> int:
        """Running text: where a row's numbers end because a label the template does not have follows with
        numbers of its own (each such row is reported, see :meth:`_extra_row`); ``len(segment)`` if none."""
        first = _CJK.search(segment)
        if first is None or _DIGIT.search(segment, first.end()) is None:
            return len(segment)
        known, _ = _known_texts(self.spec)
        parts = _NUMBER_RUN.split(segment)
        # parts alternate: text, numbers, text, numbers, …
        pos = len(parts[0])
        cut = len(segment)
        for i in range(2, len(parts), 2):
            text, numbers = parts[i], parts[i - 1]
            label = "".join(text.split())
            following = parts[i + 1] if i + 1 < len(parts) else ""
            if following and _is_extra_label(label, known):
                if cut == len(segment):
                    cut = pos + len(numbers)
                self._extra_row(label, "".join(following.split()))
            pos += len(numbers) + len(text)
        return cut

    def _missing_table(self, key: str, numeral: str) -> None:
        self.warn(
            "table_missing",
            f"未找到第{numeral}部分的表格",
            f"the table of part {numeral} ({key}) was not found",
        )

    def _row_missing(self, row: _Row) -> None:
        if any(k in self.cells for k in row.keys):
            return
        if any(w.rule == "row_length" and w.cells == row.keys for w in self.warnings):
            return
        self.warn(
            "row_missing",
            f"未找到表格行「{row.label}」",
            f"table row '{row.label}' not found",
            row.keys,
        )


_KNOWN: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")
# A digit after a CJK character: only such segments can hold another row's numbers.
_DIGIT = re.compile(r"\d")
_NUMBER_RUN = re.compile(r"(\d[\d\s,.|/%-]*(?:万元|元)?)")
# Text of a sentence, not of a label: a row label never holds these.
_SENTENCE = re.compile(r"[。;:,？！?!]")
#: Fewest CJK characters, besides the template's own texts, that make a label of a row of its own.
MIN_EXTRA_LABEL = 4


def _is_extra_label(text: str, known: tuple[str, ...]) -> bool:
    """True for text that labels a row the template does not have: a few CJK characters that are not the
    template's own texts (headings, headers, labels), no sentence, no more than 40 characters."""
    if (
        len(text) > 40
        or text[:1] == "("
        or _SENTENCE.search(text)
        or len(_CJK.findall(text)) < MIN_EXTRA_LABEL
    ):
        return False
    if any(text in k for k in known):
        return False
    rest = text
    for k in sorted(known, key=len, reverse=True):
        if len(k) > 1 and k in rest:
            rest = rest.replace(k, " ")
    return len(_CJK.findall(rest)) >= MIN_EXTRA_LABEL


def _row_values(norm: str, pos: int, end: int) -> list[str]:
    """The TAB-led cells of numbers right after ``pos`` up to the row's blank line (none if a cell holds
    other text)."""
    values: list[str] = []
    for line in norm[pos:end].split("\n")[1:]:
        if not line.strip():
            break
        if not line.startswith("\t"):
            return []
        cell = line[1:].strip()
        if not (_NUMERIC.fullmatch(cell) or is_mark(cell)):
            return []
        values.append(cell)
    return values


# A TAB-led cell holding some non-numeric text, with its continuation lines (lines that neither start
# with a TAB nor are blank); cells of plain numbers never match, which keeps the scan in the regex engine.
_TAB_CELL = re.compile(r"(?m)^\t([^\n]*?[^\s\d.,%/\-][^\n]*(?:\n(?![\t\n])[^\n]*\S[^\n]*)*)")
_NUMERIC = re.compile(r"[-\d.,%/万元]*")


def _known_texts(spec: Template) -> tuple[tuple[str, ...], frozenset[str]]:
    """Every printed text of the template's tables (compact), plus the labels of the other template."""
    hit = _KNOWN.get(spec.id)
    if hit is None:
        texts: set[str] = set()
        for tpl in TEMPLATES.values():
            for group in tpl.proactive:
                texts.update((group.heading, group.first_header, *(c.label for c in group.columns)))
                for row in group.rows:
                    texts.update((row.label, *row.aliases))
            table = tpl.applications
            texts.update((table.note, table.header, table.org_group, *(c.label for c in table.columns)))
            for arow in table.rows:
                texts.update((arow.printed, arow.label, *arow.group, *arow.aliases))
            appeals = tpl.appeals
            texts.update((appeals.litigation_label, *(c.label for c in appeals.columns)))
            texts.update(b.label for b in appeals.blocks)
        compact = tuple(compact_label(t) for t in texts)
        hit = (compact, frozenset(compact))
        _KNOWN[spec.id] = hit
    return hit


_APPEALS_ROWS: dict[str, tuple[_Row, tuple[str, ...]]] = {}


def _appeals_row(spec: Template) -> tuple[_Row, tuple[str, ...]]:
    """Part 四 of ``spec`` as one row of block sums, and the header words after which its numbers come
    (built once per template)."""
    hit = _APPEALS_ROWS.get(spec.id)
    if hit is None:
        table = spec.appeals
        keys = tuple(f"appeals.{b.key}.{c.key}" for b in table.blocks for c in table.columns)
        width = len(table.columns)
        sums = tuple(
            (tuple(range(i * width, i * width + width - 1)), i * width + width - 1)
            for i in range(len(table.blocks))
        )
        row = _Row(
            keys=keys,
            label=table.blocks[0].label + "、" + table.litigation_label,
            spec=RowSpec(("count",) * len(keys), sums),
        )
        row.memo = _memo_id(row)
        words = {compact_label(c.label) for c in table.columns} | {
            compact_label(b.label) for b in table.blocks
        }
        words |= {compact_label(table.litigation_label), "审结", "维持", "纠正", "结果", "起诉", "总计"}
        hit = (row, tuple(words))
        _APPEALS_ROWS[spec.id] = hit
    return hit


def _shown_mark(mark: str) -> str:
    """A printed mark as a finding names it: 「—」, or 空白 for an empty cell."""
    return f"「{mark}」" if mark else "空白"


def _in_order(cells: dict[str, CellValue], keys: tuple[str, ...]) -> dict[str, CellValue]:
    """``cells`` in the template's order (a report read whole has every key: one C-level lookup)."""
    if len(cells) == len(keys) > 1:
        try:
            return dict(zip(keys, itemgetter(*keys)(cells), strict=True))
        except KeyError:
            pass
    return {k: cells[k] for k in keys if k in cells}


def _proactive_extra(spec: Template, row_key: str) -> Callable[[tuple[CellValue, ...]], float] | None:
    """Row-specific plausibility (see :mod:`gongkai.parsers.splits`)."""
    if spec.id == "2019" and row_key in {"regulations", "normative_documents"}:
        return lambda v: 5.0 if v[2] < v[1] else 0.0
    if spec.id == "2021" and row_key in {"regulations", "normative_documents"}:
        return lambda v: 5.0 if v[2] < v[0] else 0.0
    if row_key == "procurement":
        return lambda v: procurement_plausibility(v[0], v[1])
    return None


def parse_text(text: str, *, source: str = "") -> ParseResult:
    """Read an annual report from text in any of the three layouts.

    Returns the report (with how each cell printed without a number was printed, ``Report.printed``) and
    its warnings (findings with rule ids ``traditional_script``, ``part_headings``, ``blank_cell`` (cells
    printed blank, as a dash, a slash or a word such as 「无」, read as 0), ``ambiguous_split`` (with
    ``alternatives``, at most 50), ``surplus_numbers`` (more numbers than cells, the other readings as
    ``alternatives``), ``extra_row`` (a row the template lacks, read into no cell), ``unit_assumed``,
    ``row_length`` (an error when a row's numbers cannot be recovered; its cells are then absent),
    ``row_missing``, ``table_missing``, ``unknown_label``, ``template_detected_from_year``,
    ``year_not_found``, ``agency_not_found``). Parse
    warnings are about reading; whether the published numbers add up is for :mod:`gongkai.checks`.
    Raises only :class:`ParseError`, for text in which no part heading and no table row can be found.
    Every search is bounded, so it never hangs.
    """
    if not isinstance(text, str):
        raise ParseError("输入不是文本", "input is not text")
    from gongkai.parsers.budgets import MAX_TEXT_CHARS

    if len(text) > MAX_TEXT_CHARS:
        raise ParseError(
            f"文本过长（{len(text)} 个字符），上限为 {MAX_TEXT_CHARS} 个字符，不像是一份年报",
            f"text too long ({len(text)} characters, limit {MAX_TEXT_CHARS}): not a report",
        )
    return _parse(unify_radicals(text), source)


def _parse(text: str, source: str, *, short_cut: bool = True) -> ParseResult:
    """:func:`parse_text`'s work; ``short_cut=False`` reads every row the general way (tests compare)."""
    try:
        return _Reader(text, source, short_cut=short_cut).parse()
    except ParseError:
        raise
    except (ValueError, ArithmeticError, IndexError, KeyError, RecursionError) as exc:
        raise ParseError(f"无法读取年报：{exc}", f"cannot read the report: {exc}") from None


__all__ = ["parse_text"]
