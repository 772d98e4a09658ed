"""Server-rendered SVG charts (hand-built, no JavaScript): applications by outcome and by applicant type year
over year, items by category, and the figures of the infographic page. Labels come from the template."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from gongkai.templates import get_template

PALETTE = ("#1f5fa8", "#d9822b", "#2e8b57", "#b03a48", "#6a4c93", "#7a7a7a", "#c9a227")
_TRAILING_NOTE = re.compile(r"(?<=.)（[^（）]{4,}）$")
FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif"


@dataclass(frozen=True)
class Series:
    """One coloured series: its label and a value per category."""

    label: str
    values: tuple[float, ...]


def _text(
    x: float, y: float, s: str, *, size: int = 12, anchor: str = "start", weight: str = "normal"
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}">'
        f"{escape(s)}</text>"
    )


def bar_chart(*, title: str, categories: list[str], series: list[Series], width: int = 640) -> str:
    """Grouped horizontal bars: one group per category, one bar per series, values printed at the bar ends.

    Horizontal so long Chinese labels stay readable; the SVG carries a title and a description for screen
    readers.
    """
    label_w, bar_h, gap = 190, 14, 10
    group_h = bar_h * max(len(series), 1) + gap
    legend_h = 22 if len(series) > 1 else 0
    height = 40 + legend_h + group_h * max(len(categories), 1) + 10
    top = 40 + legend_h
    peak = max([v for s in series for v in s.values] + [1])
    plot_w = width - label_w - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{FONT}" aria-labelledby="t d">',
        f'<title id="t">{escape(title)}</title>',
        '<desc id="d">'
        + escape(
            "；".join(
                f"{s.label}：" + "，".join(f"{c} {v:g}" for c, v in zip(categories, s.values, strict=True))
                for s in series
            )
        )
        + "</desc>",
        '<rect width="100%" height="100%" fill="#fff"/>',
        _text(width / 2, 22, title, size=15, anchor="middle", weight="bold"),
    ]
    if len(series) > 1:
        x = label_w
        for i, s in enumerate(series):
            parts.append(f'<rect x="{x}" y="32" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>')
            parts.append(_text(x + 16, 43, s.label, size=12))
            x += 24 + 13 * len(s.label) + 10
    for gi, cat in enumerate(categories):
        y0 = top + gi * group_h
        parts.append(_text(label_w - 8, y0 + group_h / 2, cat, size=12, anchor="end"))
        for si, s in enumerate(series):
            v = s.values[gi]
            w = plot_w * v / peak
            y = y0 + si * bar_h
            parts.append(
                f'<rect x="{label_w}" y="{y:.1f}" width="{w:.1f}" height="{bar_h - 2}" '
                f'fill="{PALETTE[si % len(PALETTE)]}"/>'
            )
            parts.append(_text(label_w + w + 4, y + bar_h - 4, f"{v:g}", size=11))
    parts.append(f'<line x1="{label_w}" y1="{top - 2}" x2="{label_w}" y2="{height - 10}" stroke="#333"/>')
    parts.append("</svg>")
    return "".join(parts)


def outcome_groups(template_id: str) -> list[tuple[str, list[str]]]:
    """The result rows gathered as the template groups them: (label, row keys), e.g. （三）不予公开 → withheld.*."""
    spec = get_template(template_id)
    rows = {r.key: r for r in spec.applications.rows}
    groups: dict[str, list[str]] = {}
    for key in spec.applications.result_rows:
        row = rows[key]
        # A trailing note in brackets (「（区分处理的，只计这一情形…）」) is too long for a chart label.
        label = row.group[-1] if len(row.group) > 1 else _TRAILING_NOTE.sub("", row.printed)
        groups.setdefault(label, []).append(key)
    return list(groups.items())


def _year(year: int) -> str:
    """A series label: the year."""
    return _("Year %(year)s") % {"year": year}


def _n(cells: dict[str, Any], key: str) -> float:
    return float(cells.get(key, 0) or 0)


def applications_by_outcome(history: list[tuple[int, dict[str, Any]]], template_id: str) -> str:
    """Handled applications by outcome group, one series per year."""
    groups = outcome_groups(template_id)
    series = [
        Series(
            _year(year), tuple(sum(_n(cells, f"applications.{k}.total") for k in keys) for _g, keys in groups)
        )
        for year, cells in history
    ]
    return bar_chart(
        title=_("Outcomes of applications for disclosure (by year)"),
        categories=[g for g, _keys in groups],
        series=series,
    )


def applications_by_applicant(history: list[tuple[int, dict[str, Any]]], template_id: str) -> str:
    """New applications by applicant type, one series per year."""
    columns = [c for c in get_template(template_id).applications.columns if c.key != "total"]
    series = [
        Series(_year(year), tuple(_n(cells, f"applications.new.{c.key}") for c in columns))
        for year, cells in history
    ]
    return bar_chart(
        title=_("Applicants of new applications (by year)"),
        categories=[c.label for c in columns],
        series=series,
    )


def items_by_category(facts: dict[str, Any], year: int) -> str:
    """Items published in the year by catalogue category."""
    rows = facts.get("items_by_category") or []
    return bar_chart(
        title=_("Information published in %(year)s (by category)") % {"year": year},
        categories=[str(name) for name, _n in rows] or [_("(none)")],
        series=[Series(_year(year), tuple(float(n) for _name, n in rows) or (0.0,))],
    )


def headline_figures(cells: dict[str, Any], facts: dict[str, Any]) -> list[tuple[str, int]]:
    """The big numbers of the infographic page, labelled with the template's own words where it has them."""
    return [
        (_("information published (items)"), int(facts.get("items_total", 0) or 0)),
        (_("new applications this year"), int(_n(cells, "applications.new.total"))),
        (_("applications carried over from last year"), int(_n(cells, "applications.carried_over.total"))),
        (_("applications closed this year"), int(_n(cells, "applications.results_total.total"))),
        (
            _("applications carried forward to next year"),
            int(_n(cells, "applications.carried_forward.total")),
        ),
        (_("administrative reconsiderations"), int(_n(cells, "appeals.reconsideration.total"))),
        (
            _("administrative lawsuits"),
            int(
                _n(cells, "appeals.litigation_direct.total")
                + _n(cells, "appeals.litigation_after_review.total")
            ),
        ),
    ]


def line_chart(
    *,
    title: str,
    categories: list[str],
    series: list[tuple[str, tuple[float | None, ...]]],
    unit: str = "",
    ceiling: float = 1.0,
    width: int = 640,
) -> str:
    """Lines over ``categories`` (years), one per series; a value of None leaves a gap (no point, no line
    through it), so a year without a figure is not drawn as zero. Values are printed beside their points
    with ``unit``; the axis reaches the largest value or ``ceiling`` (100 for percentages); the SVG carries a title and a description for screen readers, like :func:`bar_chart`."""
    left, right, plot_h = 50, 20, 180
    plot_w = width - left - right
    # The legend wraps: each entry as wide as its label (13 px a character), rows 22 px apart.
    legend: list[tuple[float, float]] = []
    lx, ly = float(left), 32.0
    for label, _values in series:
        step_x = 16 + 13 * len(label) + 14
        if lx + step_x > width - right and lx > left:
            lx, ly = float(left), ly + 22
        legend.append((lx, ly))
        lx += step_x
    top = int(ly) + 30
    height = top + plot_h + 40
    values = [v for _label, vs in series for v in vs if v is not None]
    peak = max([*values, ceiling])
    step = plot_w / max(len(categories) - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if len(categories) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / peak

    def shown(v: float | None) -> str:
        return "—" if v is None else f"{v:g}{unit}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{FONT}" aria-labelledby="t d">',
        f'<title id="t">{escape(title)}</title>',
        '<desc id="d">'
        + escape(
            "；".join(
                f"{label}：" + "，".join(f"{c} {shown(v)}" for c, v in zip(categories, vs, strict=True))
                for label, vs in series
            )
        )
        + "</desc>",
        '<rect width="100%" height="100%" fill="#fff"/>',
        _text(width / 2, 22, title, size=15, anchor="middle", weight="bold"),
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#333"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>',
        _text(left - 6, top + 4, shown(peak), size=10, anchor="end"),
        _text(left - 6, top + plot_h, shown(0.0), size=10, anchor="end"),
    ]
    for i, ((label, _values), (lx, ly)) in enumerate(zip(series, legend, strict=True)):
        colour = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{lx:.1f}" y="{ly:.0f}" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(lx + 16, ly + 11, label, size=12))
    for ci, cat in enumerate(categories):
        parts.append(_text(x(ci), top + plot_h + 18, cat, size=12, anchor="middle"))
    for si, (_label, vs) in enumerate(series):
        colour = PALETTE[si % len(PALETTE)]
        run: list[str] = []
        for ci, v in enumerate([*vs, None]):
            if v is not None:
                run.append(f"{x(ci):.1f},{y(v):.1f}")
                parts.append(f'<circle cx="{x(ci):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>')
                parts.append(_text(x(ci) + 4, y(v) - 5, shown(v), size=10))
            elif run:
                if len(run) > 1:
                    parts.append(
                        f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="2"/>'
                    )
                run = []
    parts.append("</svg>")
    return "".join(parts)
