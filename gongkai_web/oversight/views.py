"""The superior office's pages: the collection board of its departments' annual reports and the roll-up.
Views are thin: a scoped selector, then a template or a file."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.indicators import INDICATORS, formula, indicators_of
from gongkai.renderers import cells as cells_renderer
from gongkai.renderers import render as render_report
from gongkai_web.annual_reports import charts
from gongkai_web.annual_reports.models import CONTENT_TYPES, AnnualReport
from gongkai_web.annual_reports.views import report_tables
from gongkai_web.catalogue.selectors import column_health
from gongkai_web.common.downloads import file_response, table_response
from gongkai_web.common.errors import to_messages
from gongkai_web.common.i18n import core_lang, message, pick
from gongkai_web.oversight import exports, selectors, services
from gongkai_web.oversight.forms import NoticeForm

#: Formats the roll-up can be downloaded in (the core's writers).
ROLLUP_FORMATS = ("cells", "xlsx", "json", "html", "docx")
EXTENSIONS = {"cells": "csv", "xlsx": "xlsx", "json": "json", "html": "html", "docx": "docx"}
#: Years a board can be asked for: the templates' range, never the future.
FIRST_YEAR = 2008


def _year(request: HttpRequest) -> int:
    """The year asked for (``?year=``), by default last year: January collects last year's reports."""
    raw = request.GET.get("year", "")
    if not raw:
        return timezone.localdate().year - 1
    try:
        return int(raw)
    except ValueError as exc:
        raise Http404 from exc


def _in_range(year: int) -> int:
    """``year`` if the pages cover it (from the first year of the templates to this year), else 404."""
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


def _years_offered() -> list[int]:
    """The years the pages' year pickers offer: this year and the eight before it, newest first."""
    today = timezone.localdate()
    return list(range(today.year, max(FIRST_YEAR, today.year - 8) - 1, -1))


def _board_of(request: HttpRequest, code: str, year: int) -> selectors.Board:
    """The board of office ``code`` on ``year`` for the requesting user (404 for a year out of range)."""
    office = selectors.office_get_for_user(user=request.user, code=code)
    return selectors.board(office=office, year=_in_range(year), today=timezone.localdate())


def _rollup_name(office_name: str) -> str:
    return _("%(office)s, departments' roll-up") % {"office": office_name}


@login_required
def board(request: HttpRequest, code: str) -> HttpResponse:
    current = _board_of(request, code, _year(request))
    office, year, today = current.office, current.year, current.today
    total = selectors.board_rollup(current, name=_rollup_name(office.name))
    tables = None
    if total.report is not None:
        # An unsaved report of the office carries the sum into the report tables the other pages draw.
        shell = AnnualReport(
            agency=office, year=year, template=total.report.template, cells=total.report.cells
        )
        tables = report_tables(shell, links=False)
    findings = [{"severity": f.severity, "rule": f.rule, "message": message(f)} for f in total.findings]
    health = column_health(agency_ids=[r.agency.pk for r in current.rows], today=today)
    problem = message(total.problem) if total.problem is not None else ""
    return render(
        request,
        "oversight/board.html",
        {
            "office": office,
            "year": year,
            "years": _years_offered(),
            "board": current,
            "counts": {s: current.count(s) for s in selectors.STATUSES},
            "rollup": total,
            "findings": findings,
            "problem": problem,
            "tables": tables,
            "formats": ROLLUP_FORMATS,
            "columns": [(r.agency, health[r.agency.pk]) for r in current.rows],
        },
    )


def _download(data: str | bytes, fmt: str, filename: str) -> HttpResponse:
    return file_response(data, content_type=CONTENT_TYPES[fmt], filename=filename)


@login_required
def rollup_file(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    """The roll-up of the submitted reports in one of the core's formats."""
    current = _board_of(request, code, year)
    if fmt not in ROLLUP_FORMATS:
        raise Http404
    total = selectors.board_rollup(current, name=_rollup_name(current.office.name))
    if total.report is None:
        raise Http404
    if fmt in ("cells", "xlsx"):
        return _cells_download([total.report], fmt, f"{code}-{year}-rollup")
    return _download(render_report(total.report, fmt), fmt, f"{code}-{year}-rollup.{EXTENSIONS[fmt]}")


def _cells_download(reports: Iterable[Any], fmt: str, filename: str) -> HttpResponse:
    """Reports' cells, one row per cell with Chinese headers, as CSV (``cells``) or XLSX."""
    return table_response(
        header=cells_renderer.HEADER_ZH,
        rows=cells_renderer.table(reports),
        fmt="csv" if fmt == "cells" else fmt,
        filename=filename,
        sheet="单元格",
    )


@login_required
def departments_cells(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Every submitted report's cells in one long CSV (one row per cell: what a researcher loads)."""
    current = _board_of(request, code, year)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "cells"
    return _cells_download(selectors.submitted_reports(current), fmt, f"{code}-{year}-departments")


# --- indicators -----------------------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _indicator_board(request: HttpRequest, code: str, year: int) -> selectors.IndicatorBoard:
    office = selectors.office_get_for_user(user=request.user, code=code)
    ranking = request.GET.get("rank", selectors.DEFAULT_RANKING)
    return selectors.indicator_board(office=office, year=_in_range(year), ranking=ranking)


def _trend_chart(trend: selectors.Trend, departments: list[Any]) -> str:
    rate = trend.indicator.kind == "rate"
    series = [
        (
            a.name,
            tuple(
                None if v.value is None else (round(float(v.value) * 100, 1) if rate else float(v.value))
                for v in trend.values[a.pk]
            ),
        )
        for a in departments
    ]
    return charts.line_chart(
        title=_("%(indicator)s, year by year") % {"indicator": trend.indicator.label(core_lang())},
        categories=[str(y) for y in trend.years],
        series=series,
        unit="%" if rate else "",
        ceiling=100.0 if rate else 1.0,
    )


@login_required
def indicators(request: HttpRequest, code: str) -> HttpResponse:
    """The departments side by side on the year's indicators, ranked, with their trends as SVG charts."""
    current = _indicator_board(request, code, _year(request))
    departments = sorted((r.agency for r in current.rows), key=lambda a: a.code)
    lang = core_lang()
    return render(
        request,
        "oversight/indicators.html",
        {
            "office": current.office,
            "year": current.year,
            "years": _years_offered(),
            "board": current,
            # Each indicator named in the page's language (the core carries both).
            "indicators": [(i, i.label(lang)) for i in selectors.SITE_INDICATORS.values()],
            # A report indicator in the template's own labels; the one from cases by what it counts.
            "formulas": [
                (i.label(lang), formula(i, lang=lang) if i.key in INDICATORS else pick(i.note_zh, i.note_en))
                for i in selectors.SITE_INDICATORS.values()
            ],
            "rows": [
                {"row": r, "cells": [r.values[k].display() for k in selectors.SITE_INDICATORS]}
                for r in current.rows
            ],
            "charts": [_trend_chart(t, departments) for t in current.trends],
        },
    )


@login_required
def indicators_file(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    """The indicators table as CSV (UTF-8 with BOM) or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    current = _indicator_board(request, code, year)
    name = f"{code}-{year}-indicators.{fmt}"
    if fmt == "csv":
        return file_response(
            exports.indicators_csv(current), content_type="text/csv; charset=utf-8", filename=name
        )
    return file_response(exports.indicators_xlsx(current), content_type=XLSX_TYPE, filename=name)


# --- 督办 -----------------------------------------------------------------------------------------------


@login_required
def supervision(request: HttpRequest, code: str) -> HttpResponse:
    """The departments' overdue and nearly-due cases (applicants masked), each with its 督办 notices and a
    form to issue one."""
    office = selectors.office_get_for_user(user=request.user, code=code)
    today = timezone.localdate()
    return render(
        request,
        "oversight/supervision.html",
        {
            "office": office,
            "today": today,
            "cases": selectors.supervision_cases(office=office, today=today),
            "form": NoticeForm(),
        },
    )


@login_required
@require_POST
def notice_issue(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    office = selectors.office_get_for_user(user=request.user, code=code)
    application = selectors.supervised_application_get(office=office, pk=pk)
    form = NoticeForm(request.POST)
    if form.is_valid():
        to_messages(
            request,
            lambda: services.supervision_notice_issue(
                application=application, text=form.cleaned_data["text"], acting_user=request.user
            ),
            done=_("督办 issued on application %(number)s.") % {"number": application.number},
        )
    else:
        messages.error(request, _("Write what the department is asked to do."))
    return redirect("oversight:supervision", code=office.code)


@login_required
@require_POST
def notice_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_get_for_user(user=request.user, pk=pk)
    to_messages(
        request,
        lambda: services.supervision_notice_acknowledge(notice=notice, acting_user=request.user),
        done=_("督办 acknowledged."),
    )
    return redirect("staff:dashboard")


# --- the hierarchy --------------------------------------------------------------------------------------

#: The figures shown for each level's roll-up (the core's indicators).
ROLLUP_FIGURES = (
    "new_applications",
    "handled",
    "carried_forward",
    "substantive_disclosure_rate",
    "reconsiderations",
    "lawsuits",
)


@login_required
def hierarchy(request: HttpRequest, code: str) -> HttpResponse:
    """Every level below the office: each agency's standing, who is late below it, the roll-up of
    everything below it, and the parent-equals-sum check where an office reports a roll-up."""
    office = selectors.office_get_for_user(user=request.user, code=code)
    year, today = _in_range(_year(request)), timezone.localdate()
    root = selectors.hierarchy(office=office, year=year, today=today)
    rows = []
    for node in root.walk():
        figures = []
        if node.rollup is not None and node.rollup.report is not None:
            values = indicators_of(node.rollup.report, ROLLUP_FIGURES)
            figures = [(INDICATORS[k].label(core_lang()), values[k].display()) for k in ROLLUP_FIGURES]
        rows.append(
            {
                "node": node,
                "indent": range(node.depth),
                "figures": figures,
                "problem": message(node.rollup.problem) if node.rollup and node.rollup.problem else "",
                "sum_check": [message(f) for f in node.sum_check],
                "sum_problem": message(node.sum_problem) if node.sum_problem else "",
            }
        )
    return render(
        request,
        "oversight/hierarchy.html",
        {
            "office": office,
            "year": year,
            "years": _years_offered(),
            "rows": rows,
            "figure_labels": [INDICATORS[k].label(core_lang()) for k in ROLLUP_FIGURES],
        },
    )
