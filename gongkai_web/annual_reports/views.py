"""Pages of annual reports: staff (list, generate, report page with drill-down, prose, moves, history import)
and public (published reports with their charts and infographic, frozen files). Views validate and call one
service; reads go through scoped selectors (404 outside the user's agencies)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.errors import GongkaiError
from gongkai.renderers import render as render_report
from gongkai.templates import get_template
from gongkai_web.agencies.models import Agency
from gongkai_web.annual_reports import charts, selectors, services
from gongkai_web.annual_reports.forms import GenerateForm, ImportForm, ProseForm
from gongkai_web.annual_reports.models import CONTENT_TYPES, AnnualReport, State
from gongkai_web.annual_reports.workflow import (
    ACTION_LABELS,
    APPROVE,
    CHECK,
    REOPEN,
    REPORT_MACHINE,
    can_import,
    is_leader,
    is_officer,
)
from gongkai_web.common.downloads import file_response
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
    agency = selectors.agency_get_for_user(user=request.user, code=code)
    return render(
        request,
        "annual_reports/list.html",
        {
            "agency": agency,
            "reports": selectors.report_list_for_user(user=request.user, agency=agency),
            "received": selectors.reports_received_by(user=request.user, agency=agency),
            "form": GenerateForm(),
            "can_generate": is_officer(request.user, agency),
            "can_import": can_import(request.user, agency),
        },
    )


@login_required
@require_POST
def report_generate(request: HttpRequest, code: str) -> HttpResponse:
    agency = selectors.agency_get_for_user(user=request.user, code=code)
    if not is_officer(request.user, agency):
        raise PermissionDenied
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid year."))
        return redirect("annual:list", code=code)
    try:
        report = services.annual_report_generate(
            agency=agency, year=form.cleaned_data["year"], acting_user=request.user
        )
    except GongkaiError as exc:
        messages.error(request, message(exc))
        return redirect("annual:list", code=code)
    messages.success(request, _("Draft report for %(year)d generated.") % {"year": report.year})
    return redirect("annual:detail", pk=report.pk)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    user = request.user
    editable = report.state == State.DRAFT and is_officer(user, report)
    actions = [
        (m.action, str(ACTION_LABELS[m.action]))
        for m in REPORT_MACHINE.available(report, user)
        if m.action in ACTION_LABELS
    ]
    if (
        report.state == State.CHECKED
        and is_officer(user, report)
        and not any(a == REOPEN for a, _ in actions)
    ):
        actions.append((REOPEN, str(ACTION_LABELS[REOPEN])))
    if report.state == State.CHECKED and is_leader(user, report) and report.author_id == user.pk:
        messages.info(request, _("You drafted this report: another leader in charge must approve it."))
    return render(
        request,
        "annual_reports/detail.html",
        {
            "report": report,
            "tables": report_tables(report, links=not report.is_imported),
            "findings": report.finding_objects(),
            "prose_form": ProseForm(initial=report.prose) if editable else None,
            "editable": editable,
            "actions": actions,
            "can_correct": report.state == State.PUBLISHED and is_officer(user, report),
            "corrections": report.corrections.all()[:20],
            "versions": AnnualReport.objects.filter(agency=report.agency, year=report.year).order_by(
                "version"
            ),
            "files": report.files.all(),
            "charts": report_charts(report),
        },
    )


@login_required
@require_POST
def report_prose(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    if not is_officer(request.user, report):
        raise PermissionDenied
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
    return redirect("annual:detail", pk=pk)


#: action -> (who may ask for it, service)
_ACTIONS: dict[str, tuple[Any, Any]] = {
    CHECK: (is_officer, services.annual_report_check),
    REOPEN: (is_officer | is_leader, services.annual_report_reopen),
    APPROVE: (is_leader, services.annual_report_approve),
    "refresh": (is_officer, services.annual_report_refresh),
    "correct": (is_officer, services.annual_report_correct),
}


@login_required
@require_POST
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    if action not in _ACTIONS:
        raise Http404
    allowed, service = _ACTIONS[action]
    if not allowed(request.user, report):
        raise PermissionDenied
    try:
        result = service(report=report, acting_user=request.user)
    except GongkaiError as exc:
        messages.error(request, message(exc))
        return redirect("annual:detail", pk=pk)
    done = {
        CHECK: _("Check passed; submitted to the leader in charge for approval."),
        REOPEN: _("Returned for changes."),
        APPROVE: _("Approved: the report is published and submitted to the superior office."),
        "refresh": _("Figures regenerated from the latest records."),
        "correct": _("Draft of a corrected version created."),
    }[action]
    messages.success(request, done)
    return redirect("annual:detail", pk=result.pk)


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
    agency = selectors.agency_get_for_user(user=request.user, code=code)
    if not can_import(request.user, agency):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(services.MAX_UPLOAD_BYTES + 1)
        try:
            report = services.annual_report_import(
                agency=agency, acting_user=request.user, name=upload.name, data=data
            )
        except GongkaiError as exc:
            form.add_error(
                "file", _("The file cannot be read; nothing was saved: %(reason)s") % {"reason": message(exc)}
            )
        else:
            messages.success(
                request,
                _("Report for %(year)d imported (%(count)d findings).")
                % {"year": report.year, "count": len(report.findings)},
            )
            return redirect("annual:detail", pk=report.pk)
    return render(request, "annual_reports/import.html", {"agency": agency, "form": form})


# --- public ---------------------------------------------------------------------------------------------


def public_list(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code)
    return render(
        request,
        "annual_reports/public_list.html",
        {"agency": agency, "reports": selectors.reports_public(agency=agency)},
    )


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_public_get(pk=pk)
    return render(
        request,
        "annual_reports/public_detail.html",
        {
            "report": report,
            "tables": report_tables(report, links=False),
            "charts": report_charts(report),
            "files": report.files.filter(fmt__in=services.PUBLISHED_FORMATS),
            "versions": selectors.reports_public(agency=report.agency).filter(year=report.year),
            "prose": report.to_report().prose,
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
