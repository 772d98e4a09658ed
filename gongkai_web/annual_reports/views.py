"""Pages of annual reports: staff (list, generate, report page with drill-down, prose, moves, history import)
and public (published reports with their charts and infographic, frozen files). Views validate and call one
service; reads go through scoped selectors (404 outside the user's agencies)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from gongkai.checks.labels import cell_label
from gongkai.compare import format_share
from gongkai.compare import grids as compare_grids
from gongkai.compare import render as render_comparison
from gongkai.errors import GongkaiError
from gongkai.fetch import FetchError
from gongkai.renderers import render as render_report
from gongkai.renderers._grid import Grid, report_grids
from gongkai.templates import get_template
from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.scoping import agency_get_for_user
from gongkai_web.annual_reports import charts, selectors, services
from gongkai_web.annual_reports.forms import DecisionForm, GenerateForm, ImportForm, ProseForm, ReturnForm
from gongkai_web.annual_reports.models import CONTENT_TYPES, AnnualReport, State, Verdict
from gongkai_web.annual_reports.permissions import can_return, can_review_findings
from gongkai_web.annual_reports.workflow import (
    APPROVE,
    CHECK,
    PAGE_MOVES,
    RECORD,
    REJECT,
    REOPEN,
    REPORT_MACHINE,
    RETURN_MACHINE,
    WITHDRAW,
    can_import,
    can_write,
)
from gongkai_web.catalogue.selectors import column_health
from gongkai_web.common.downloads import file_response
from gongkai_web.common.errors import NotPermitted, Refused, to_form, to_messages
from gongkai_web.common.i18n import message

# --- tables with a link per figure ----------------------------------------------------------------------


def report_tables(report: AnnualReport, *, links: bool) -> dict[str, Any]:
    """The three tables as rows of (label, [(key, value)]), headed with the template's own labels."""
    spec = get_template(report.template)
    cells = report.cells

    def row(prefix: str, cols: list[str]) -> list[tuple[str, Any]]:
        return [(f"{prefix}.{c}", cells.get(f"{prefix}.{c}", "")) for c in cols]

    proactive = [
        {
            "heading": g.heading,
            "first": g.first_header,
            "columns": [c.label for c in g.columns],
            "rows": [(r.label, row(f"proactive.{r.key}", [c.key for c in g.columns])) for r in g.rows],
        }
        for g in spec.proactive
    ]
    app_cols = [c.key for c in spec.applications.columns]
    applications = {
        "columns": [c.label for c in spec.applications.columns],
        "rows": [
            (" ".join([*r.group[1:], r.printed]), row(f"applications.{r.key}", app_cols))
            for r in spec.applications.rows
        ],
    }
    appeal_cols = [c.key for c in spec.appeals.columns]
    appeals = {
        "columns": [c.label for c in spec.appeals.columns],
        "rows": [
            (" ".join(x for x in (b.group, b.label) if x), row(f"appeals.{b.key}", appeal_cols))
            for b in spec.appeals.blocks
        ],
    }
    headings = {p.key: p.heading for p in spec.parts}
    return {
        "proactive": proactive,
        "applications": applications,
        "appeals": appeals,
        "headings": headings,
        "links": links,
    }


def report_charts(report: AnnualReport) -> dict[str, str]:
    history = selectors.reports_for_charts(report=report)
    return {
        "by_outcome": charts.applications_by_outcome(history, report.template),
        "by_applicant": charts.applications_by_applicant(history, report.template),
        "by_category": charts.items_by_category(report.facts, report.year),
    }


# --- staff ----------------------------------------------------------------------------------------------


@login_required
def report_list(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, code=code)
    return render(
        request,
        "annual_reports/list.html",
        {
            "agency": agency,
            "reports": selectors.report_list_for_user(user=request.user, agency=agency),
            "received": selectors.reports_received_by(user=request.user, agency=agency),
            "form": GenerateForm(),
            "can_generate": can_write(request.user, agency),
            "can_import": can_import(request.user, agency),
            "open_returns": selectors.open_returns_of_agency(user=request.user, agency=agency),
        },
    )


@login_required
@require_POST
def report_generate(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, code=code)
    if not can_write(request.user, agency):
        raise NotPermitted(_("Only the agency's officers may generate a report."))
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid year."))
        return redirect("annual_reports:list", code=code)
    try:
        report = services.annual_report_generate(
            agency=agency, year=form.cleaned_data["year"], acting_user=request.user
        )
    except NotPermitted:
        raise
    except GongkaiError as exc:
        messages.error(request, message(exc))
        return redirect("annual_reports:list", code=code)
    messages.success(request, _("Draft report for %(year)d generated.") % {"year": report.year})
    return redirect("annual_reports:detail", pk=report.pk)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    user = request.user
    editable = report.state == State.DRAFT and can_write(user, report)
    actions = [
        (m.action, REPORT_MACHINE.label(m.action))
        for m in REPORT_MACHINE.available(report, user)
        if m.action in PAGE_MOVES
    ]
    for why in REPORT_MACHINE.blocked(report, user):
        messages.info(request, why)
    return render(
        request,
        "annual_reports/detail.html",
        {
            "report": report,
            "tables": report_tables(report, links=not report.is_imported),
            "findings": report.finding_objects(),
            "review": selectors.ReviewCounts.of(selectors.reviewed_findings(report)),
            "open_returns": selectors.open_returns_of(report=report),
            "may_review": can_review_findings(user, report) or can_return(user, report),
            "prose_form": ProseForm(initial=report.prose) if editable else None,
            "column_sentence": _column_sentence(report) if editable else "",
            "editable": editable,
            "actions": actions,
            "can_correct": report.state == State.PUBLISHED and can_write(user, report),
            "corrections": report.corrections.all()[:20],
            "versions": AnnualReport.objects.filter(agency=report.agency, year=report.year).order_by(
                "version"
            ),
            "files": report.files.all(),
            "charts": report_charts(report),
        },
    )


def _column_sentence(report: AnnualReport) -> str:
    """The column-health sentence part 一 can cite, as of the report year's end (or today), unless the
    overview already has it."""
    day = min(timezone.localdate(), date(report.year, 12, 31))
    sentence = column_health(agency_ids=[report.agency_id], today=day)[report.agency_id].sentence()
    return "" if sentence in (report.prose or {}).get("overview", "") else sentence


@login_required
@require_POST
def report_prose(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    if not can_write(request.user, report):
        raise NotPermitted(_("Only the agency's officers may edit the report."))
    form = ProseForm(request.POST)
    if form.is_valid():
        try:
            services.annual_report_update_prose(
                report=report, acting_user=request.user, prose=form.cleaned_data
            )
        except GongkaiError as exc:
            messages.error(request, message(exc))
        else:
            messages.success(request, _("Text saved."))
    else:
        messages.error(request, _("The text is too long, or the general situation (part 1) is missing."))
    return redirect("annual_reports:detail", pk=pk)


#: action -> (the service, what to say when it is done); each service checks the acting user's rights.
_ACTIONS: dict[str, tuple[Callable[..., AnnualReport], str]] = {
    CHECK: (
        services.annual_report_check,
        gettext_noop("Check passed; submitted to the leader in charge for approval."),
    ),
    REOPEN: (services.annual_report_reopen, gettext_noop("Returned for changes.")),
    APPROVE: (
        services.annual_report_approve,
        gettext_noop("Approved: the report is published and submitted to the superior office."),
    ),
    RECORD: (
        services.annual_report_record,
        gettext_noop("Approved: the imported report now counts for its year."),
    ),
    REJECT: (services.annual_report_reject, gettext_noop("Rejected: the imported report does not count.")),
    "refresh": (services.annual_report_refresh, gettext_noop("Figures regenerated from the latest records.")),
    "correct": (services.annual_report_correct, gettext_noop("Draft of a corrected version created.")),
}


@login_required
@require_POST
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    if action not in _ACTIONS:
        raise Http404
    service, done = _ACTIONS[action]
    try:
        result = service(report=report, acting_user=request.user)
    except NotPermitted:
        raise
    except GongkaiError as exc:
        messages.error(request, message(exc))
        return redirect("annual_reports:detail", pk=pk)
    messages.success(request, _(done))
    return redirect("annual_reports:detail", pk=result.pk)


@login_required
def report_cell(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """The records a figure counts (drill-down)."""
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    if report.is_imported:
        raise Http404
    records = selectors.records_for_cell(report=report, key=key)
    spec = get_template(report.template)
    cell = spec.cell(key)
    model = records.model._meta.model_name
    return render(
        request,
        "annual_reports/cell.html",
        {
            "report": report,
            "key": key,
            "cell": cell,
            "value": report.cells.get(key),
            "model": model,
            "records": records[:500],
            "count": records.count(),
        },
    )


def _file_response(data: bytes, fmt: str, filename: str, *, inline: bool) -> HttpResponse:
    content_type = CONTENT_TYPES.get(fmt, "application/octet-stream")
    return file_response(data, content_type=content_type, filename=filename, inline=inline)


@login_required
def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A stored file of the report, or (before publication) the report rendered now, for review."""
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    stored = report.files.filter(fmt=fmt).first()
    if stored is not None:
        return _file_response(bytes(stored.content), fmt, stored.filename, inline=fmt in ("html", "pdf"))
    if fmt not in services.PUBLISHED_FORMATS:
        raise Http404
    content = render_report(report.to_report(), fmt)
    data = content.encode("utf-8") if isinstance(content, str) else content
    return _file_response(
        data, fmt, f"{report.agency.code}-{report.year}-draft.{fmt}", inline=fmt in ("html", "pdf")
    )


@login_required
def report_import(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, code=code)
    if not can_import(request.user, agency):
        raise NotPermitted(_("Only the agency's officers or administrators may import reports."))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, url = form.cleaned_data["file"], form.cleaned_data["url"]
        year = form.cleaned_data.get("year")
        try:
            if url:
                report = services.annual_report_import(
                    agency=agency, acting_user=request.user, url=url, year=year
                )
            else:
                data = upload.read(services.MAX_UPLOAD_BYTES + 1)
                report = services.annual_report_import(
                    agency=agency, acting_user=request.user, name=upload.name, data=data, year=year
                )
        except Refused as exc:
            to_form(form, exc)
        except FetchError as exc:
            form.add_error(
                "url",
                _("The address gives no report; nothing was saved: %(reason)s") % {"reason": message(exc)},
            )
        except GongkaiError as exc:
            form.add_error(
                "url" if url else "file",
                _("The file cannot be read; nothing was saved: %(reason)s") % {"reason": message(exc)},
            )
        else:
            messages.success(
                request,
                _(
                    "Report for %(year)d imported (%(count)d findings); it counts once a leader in charge "
                    "approves it."
                )
                % {"year": report.year, "count": len(report.findings)},
            )
            return redirect("annual_reports:detail", pk=report.pk)
    return render(request, "annual_reports/import.html", {"agency": agency, "form": form})


# --- year-on-year comparison ----------------------------------------------------------------------------

#: The comparison's downloads: the core's writers (gongkai.compare.render) and their file types.
COMPARE_FORMATS = {
    "docx": CONTENT_TYPES["docx"],
    "pdf": CONTENT_TYPES["pdf"],
    "md": "text/markdown; charset=utf-8",
}


def _pair_for(request: HttpRequest, code: str, year: int) -> selectors.YearPair:
    agency = agency_get_for_user(user=request.user, code=code)
    return selectors.year_pair(agency=agency, year=year)


@login_required
def report_compare(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The agency's report on ``year`` beside last year's: summary first, the cross-year checks, each part's
    prose side by side, every table with both years and the change (the core's comparison, drawn here)."""
    pair = _pair_for(request, code, year)
    comparison = pair.comparison
    context: dict[str, Any] = {"pair": pair, "formats": list(COMPARE_FORMATS)}
    if comparison is not None:
        context.update(
            comparison=comparison,
            headline=compare_grids.headline_grid(comparison),
            tables=[compare_grids.table_grid(t, comparison) for t in comparison.tables],
            prose=[
                {
                    "change": change,
                    "previous": change.diff.side("previous"),
                    "current": change.diff.side("current"),
                    "similarity": format_share(change.similarity),
                }
                for change in comparison.parts
            ],
            unmatched=[cell_label(comparison.previous.spec, k) for k in comparison.unmatched_previous],
        )
    return render(request, "annual_reports/compare.html", context)


@login_required
def report_compare_file(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    """The comparison as a DOCX, PDF or Markdown document (the core's writers)."""
    if fmt not in COMPARE_FORMATS:
        raise Http404
    pair = _pair_for(request, code, year)
    if pair.comparison is None:
        raise Http404
    document = render_comparison(pair.comparison, fmt)
    return file_response(
        document, content_type=COMPARE_FORMATS[fmt], filename=f"{code}-{year - 1}-{year}-compare.{fmt}"
    )


# --- public ---------------------------------------------------------------------------------------------


def public_list(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code)
    return render(
        request,
        "annual_reports/public_list.html",
        {"agency": agency, "reports": selectors.reports_public(agency=agency)},
    )


def report_parts(report: AnnualReport) -> list[dict[str, Any]]:
    """The report's six parts as the core's writers print them: each heading, its prose lines and, for parts
    二 to 四, the table drawn from the core's grids (:func:`gongkai.renderers._grid.report_grids`, the grids
    the HTML, DOCX and PDF writers draw), so the page shows every row group the files show."""
    core = report.to_report()
    grids: dict[str, Grid] = report_grids(core)
    return [
        {
            "key": part.key,
            "heading": part.heading,
            "lines": [line.strip() for line in getattr(core.prose, part.key).splitlines() if line.strip()],
            "grid": grids.get(part.key),
        }
        for part in core.spec.parts
    ]


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_public_get(pk=pk)
    return render(
        request,
        "annual_reports/public_detail.html",
        {
            "report": report,
            "parts": report_parts(report),
            "charts": report_charts(report),
            "files": report.files.filter(fmt__in=services.PUBLISHED_FORMATS),
            "versions": selectors.reports_public(agency=report.agency).filter(year=report.year),
        },
    )


def public_graphic(request: HttpRequest, pk: int) -> HttpResponse:
    """图解: the headline figures and the charts of a published report, from the same data."""
    report = selectors.report_public_get(pk=pk)
    return render(
        request,
        "annual_reports/public_graphic.html",
        {
            "report": report,
            "figures": charts.headline_figures(report.cells, report.facts),
            "charts": report_charts(report),
        },
    )


def public_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = selectors.report_public_get(pk=pk)
    if fmt not in services.PUBLISHED_FORMATS:
        raise Http404
    stored = report.files.filter(fmt=fmt).first()
    if stored is None:
        raise Http404
    return _file_response(bytes(stored.content), fmt, stored.filename, inline=fmt in ("html", "pdf"))


# --- the review of findings and returns ---------------------------------------------------------------------


@login_required
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The findings of a report with their review (confirm, dismiss with a reason), the report's returns,
    and the return form for the superior office."""
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    may_decide, why_not = services.review_rights(report, request.user)
    reviewed = selectors.reviewed_findings(report)
    returns = list(selectors.returns_of(report=report))
    may_return = services.may_return(report, request.user)
    withdrawable = {
        r.pk for r in returns if any(m.action == WITHDRAW for m in RETURN_MACHINE.available(r, request.user))
    }
    return render(
        request,
        "annual_reports/review.html",
        {
            "report": report,
            "reviewed": reviewed,
            "resolved": selectors.decisions_resolved(report, reviewed),
            "may_decide": may_decide,
            "why_not": why_not,
            "returns": returns,
            "withdrawable": withdrawable,
            "may_return": may_return,
            "return_form": ReturnForm(),
            "verdicts": Verdict,
        },
    )


@login_required
@require_POST
def finding_decide(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The decision could not be read: reload the page and try again."))
        return redirect("annual_reports:review", pk=pk)
    data = form.cleaned_data
    confirm = data["verdict"] == Verdict.CONFIRMED
    service = services.finding_confirm if confirm else services.finding_dismiss
    to_messages(
        request,
        lambda: service(
            report=report,
            rule=data["rule"],
            cells=data["cells"],
            reason=data["reason"],
            acting_user=request.user,
        ),
        done=_("Finding confirmed and sent back to the agency.") if confirm else _("Finding dismissed."),
    )
    return redirect("annual_reports:review", pk=pk)


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for returning the report."))
        return redirect("annual_reports:review", pk=pk)
    to_messages(
        request,
        lambda: services.annual_report_return(
            report=report, reason=form.cleaned_data["reason"], acting_user=request.user
        ),
        done=_("Report returned to the department with the reason."),
    )
    return redirect("annual_reports:review", pk=pk)


@login_required
@require_POST
def return_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.return_get_for_user(user=request.user, pk=pk)
    to_messages(
        request,
        lambda: services.report_return_withdraw(report_return=found, acting_user=request.user),
        done=_("Return withdrawn."),
    )
    return redirect("annual_reports:review", pk=found.report_id)
