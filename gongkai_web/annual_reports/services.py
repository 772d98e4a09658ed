"""Writes of annual reports: generate, edit, check, approve and publish, correct, import and approve imports;
correction flags; reminders. Each is one transaction with its audit row; the state changes only through the
machine (:mod:`gongkai_web.annual_reports.workflow`), and each service checks the acting user's rights itself.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_stubs_ext import StrOrPromise

from gongkai.checks import check_pair, check_report
from gongkai.errors import GongkaiError, ParseError
from gongkai.fetch import fetch_report
from gongkai.model import Prose, Report
from gongkai.parsers import MAX_INPUT_BYTES
from gongkai.renderers import render
from gongkai.sandbox import read_untrusted
from gongkai.templates import get_template
from gongkai_web.agencies.models import Agency, Role
from gongkai_web.agencies.selectors import member_emails
from gongkai_web.annual_reports.models import (
    HISTORY_STATES,
    AnnualReport,
    CorrectionNotice,
    FindingDecision,
    ReportFile,
    ReportReturn,
    State,
    Verdict,
    cells_to_json,
)
from gongkai_web.annual_reports.permissions import can_return, can_review_findings
from gongkai_web.annual_reports.selectors import (
    ReviewedFinding,
    compute_cells,
    compute_report,
    report_of_record,
    report_previous_year,
    reviewed_findings,
    year_facts,
)
from gongkai_web.annual_reports.workflow import (
    ANSWER,
    APPROVE,
    CHECK,
    PUBLISH,
    RECORD,
    REJECT,
    REOPEN,
    REPORT_MACHINE,
    RETURN_MACHINE,
    SUPERSEDE,
    WITHDRAW,
    can_import,
    can_write,
    not_a_writer,
    returnable,
)
from gongkai_web.catalogue.models import Item
from gongkai_web.common.audit import audit_record
from gongkai_web.common.changes import Change
from gongkai_web.common.errors import NotPermitted, Refused
from gongkai_web.common.i18n import in_document_language, message
from gongkai_web.common.permissions import Actor, signed_in
from gongkai_web.common.reminders import reminder_claim

#: Largest history upload accepted (the core's own input bound is larger).
MAX_UPLOAD_BYTES = min(10 * 1024 * 1024, MAX_INPUT_BYTES)
#: Formats generated once at publication and stored.
PUBLISHED_FORMATS = ("html", "docx", "pdf")
PROSE_FIELDS = tuple(Prose.model_fields)


def _locked(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)


def _fresh_cells(report: AnnualReport) -> dict[str, Any]:
    """The report's cells recomputed from the records now, on its own template."""
    return cells_to_json(
        compute_cells(agency=report.agency, year=report.year, template=get_template(report.template))
    )


def _must_write(report_or_agency: AnnualReport | Agency, acting_user: Actor, what: StrOrPromise) -> None:
    if not can_write(acting_user, report_or_agency):
        raise NotPermitted(what)


def annual_report_generate(*, agency: Agency, year: int, acting_user: Actor) -> AnnualReport:
    """A new draft for ``agency`` on ``year``, every cell computed from the records and part 一 pre-filled.

    Refused for non-officers, and when a generated report of that year already exists (correct it instead).
    """
    _must_write(agency, acting_user, gettext_lazy("Only the agency's officers may generate a report."))
    if year > timezone.localdate().year:
        raise Refused(
            gettext_lazy("A report cannot be generated on a year that has not begun."), field="year"
        )
    with transaction.atomic():
        current = (
            AnnualReport.objects.filter(agency=agency, year=year)
            .exclude(state__in={State.SUPERSEDED, *HISTORY_STATES})
            .order_by("-version")
            .first()
        )
        if current is not None:
            raise Refused(
                gettext_lazy(
                    "A report on %(year)d already exists (%(state)s); start a correction of a published one."
                ),
                {"year": year, "state": current.state_label_lazy},
                field="year",
            )
        report = compute_report(agency, year)
        latest = AnnualReport.objects.filter(agency=agency, year=year).aggregate(v=Max("version"))["v"]
        row = _create_version(
            agency=agency,
            year=year,
            template=report.template,
            title=report.title,
            version=(latest or 0) + 1,
            cells=cells_to_json(report.cells),
            prose=report.prose.model_dump(),
            facts=year_facts(agency=agency, year=year),
            author=signed_in(acting_user),
        )
        audit_record(
            acting_user=acting_user,
            action="annual_report_generate",
            obj=row,
            changes={"year": year, "template": row.template},
        )
    return row


def _create_version(**fields: Any) -> AnnualReport:
    """A new version row; two officers generating the same year at once get a refusal, not an error page."""
    try:
        with transaction.atomic():
            return AnnualReport.objects.create(**fields)
    except IntegrityError:
        raise Refused(
            gettext_lazy("Another version of this report was just created: reload the page to see it.")
        ) from None


def _draft_for_writing(report: AnnualReport, acting_user: Actor) -> AnnualReport:
    locked = _locked(report)
    _must_write(locked, acting_user, gettext_lazy("Only the agency's officers may edit the report."))
    if locked.state != State.DRAFT:
        raise Refused(
            gettext_lazy("Only a draft can be changed; this report is %(state)s."),
            {"state": locked.state_label_lazy},
        )
    return locked


def annual_report_refresh(*, report: AnnualReport, acting_user: Actor) -> AnnualReport:
    """Recompute a draft's cells and figures from the records (the prose the officer wrote is kept)."""
    with transaction.atomic():
        locked = _draft_for_writing(report, acting_user)
        cells = _fresh_cells(locked)
        changed = {k: [locked.cells.get(k), v] for k, v in cells.items() if locked.cells.get(k) != v}
        locked.cells = cells
        locked.facts = year_facts(agency=locked.agency, year=locked.year)
        locked.findings = []
        locked.needs_correction = False
        locked.save()
        audit_record(
            acting_user=acting_user,
            action="annual_report_refresh",
            obj=locked,
            changes={"cells": len(changed)},
        )
    return locked


def annual_report_update_prose(
    *, report: AnnualReport, acting_user: Actor, prose: dict[str, str]
) -> AnnualReport:
    """Replace the prose of a draft (parts 一, 五, 六 and any text inside parts 二–四)."""
    unknown = set(prose) - set(PROSE_FIELDS)
    if unknown:
        raise Refused(
            gettext_lazy("Unknown parts of the text: %(parts)s"), {"parts": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = _draft_for_writing(report, acting_user)
        new = {**locked.prose, **{k: v.strip() for k, v in prose.items()}}
        changes = {k: [locked.prose.get(k, ""), v] for k, v in new.items() if locked.prose.get(k, "") != v}
        locked.prose = new
        locked.findings = []
        locked.save()
        audit_record(
            acting_user=acting_user, action="annual_report_update_prose", obj=locked, changes=changes
        )
    return locked


def report_findings(report: AnnualReport) -> tuple[list[dict[str, Any]], str]:
    """Every single-report cross-check, and the across-years ones against last year's report of record
    (published, or an approved import) when there is one; as JSON, with a note naming what it was compared
    with."""
    current = report.to_report()
    found = check_report(current)
    previous = report_previous_year(agency=report.agency, year=report.year)
    against = ""
    if previous is not None:
        found += check_pair(previous.to_report(), current)
        # Stored with the report and shown as written: in the documents' language.
        state = in_document_language(previous.state_label_lazy)
        against = f"{previous.year} 年年报（{state}，第{previous.version}版）"
    return [f.model_dump(mode="json") for f in found], against


def annual_report_check(*, report: AnnualReport, acting_user: Actor) -> AnnualReport:
    """Recompute the cells, run every cross-check (with last year's report), and mark the draft checked.

    The findings are saved either way; any error refuses the move (Refused).
    """
    with transaction.atomic():
        locked = _locked(report)
        REPORT_MACHINE.authorize(locked, action=CHECK, acting_user=acting_user)
        locked.cells = _fresh_cells(locked)
        locked.findings, locked.checked_against = report_findings(locked)
        locked.needs_correction = False
        locked.save()
    return REPORT_MACHINE.apply(
        report, action=CHECK, acting_user=acting_user, updates={"checked_at": timezone.now()}
    )


def annual_report_reopen(*, report: AnnualReport, acting_user: Actor) -> AnnualReport:
    """Return a checked report to draft, for changes (its officer, or a leader)."""
    return REPORT_MACHINE.apply(report, action=REOPEN, acting_user=acting_user)


def _store_files(report: AnnualReport) -> list[ReportFile]:
    core = report.to_report()
    files = []
    for fmt in PUBLISHED_FORMATS:
        content = render(core, fmt)
        data = content.encode("utf-8") if isinstance(content, str) else content
        files.append(
            ReportFile.objects.create(
                report=report,
                fmt=fmt,
                filename=f"{report.agency.code}-{report.year}-v{report.version}.{fmt}",
                content=data,
                sha256=hashlib.sha256(data).hexdigest(),
            )
        )
    return files


def _catalogue_item(report: AnnualReport, files: list[ReportFile], approver: Actor) -> Item:
    """The entry in the portal's annual-report column, linking to the report page and its frozen files,
    published by the approving leader in their own name (never recorded as drafted and submitted by the
    report's author, who did not act: the report's own two steps are its review)."""
    from gongkai_web.catalogue import services as catalogue
    from gongkai_web.catalogue.categories import ANNUAL_REPORT_CODE

    category = report.agency.categories.get(code=ANNUAL_REPORT_CODE)
    url = reverse("annual_reports_public:detail", kwargs={"pk": report.pk})
    paragraphs = "".join(
        f"<p>{escape(line)}</p>" for line in report.prose.get("overview", "").splitlines() if line
    )
    # The frozen files are served from the report itself (never copied), so the item links to them.
    links = " · ".join(
        f'<a href="{reverse("annual_reports_public:file", kwargs={"pk": report.pk, "fmt": f.fmt})}">'
        f"{f.fmt.upper()}</a>"
        for f in files
    )
    title = report.title if report.version == 1 else f"{report.title}（更正版）"
    return catalogue.item_publish_with_report(
        agency=report.agency,
        category=category,
        title=title,
        body=f'{paragraphs}<p><a href="{url}">查看年报全文、图表与图解</a></p><p>下载：{links}</p>',
        author=report.author,
        acting_user=approver,
    )


def _notify_superior(report: AnnualReport) -> None:
    if report.submitted_to is None:
        return
    emails = member_emails(agency=report.submitted_to, roles=(Role.SUPERIOR, Role.ADMIN))
    if emails:
        # Written in the site's language, not the approving leader's: the recipients chose none.
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Annual report submitted: %(title)s") % {"title": report.title}
            body = _("%(agency)s has published and submitted %(title)s (version %(version)d).") % {
                "agency": report.agency.name,
                "title": report.title,
                "version": report.version,
            }
        send_mass_mail(
            [(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in emails],
            fail_silently=True,
        )


def annual_report_approve(*, report: AnnualReport, acting_user: Actor) -> AnnualReport:
    """The leader approves a checked report, which is then published at once: HTML, DOCX and PDF generated and
    stored (frozen), an entry in the portal's annual-report column, submitted to the superior office; a
    corrected version supersedes the one before. Refused if the records changed since the check, and for
    anyone who wrote any version of the report."""
    with transaction.atomic():
        locked = _locked(report)
        REPORT_MACHINE.authorize(locked, action=APPROVE, acting_user=acting_user)
        if _fresh_cells(locked) != locked.cells:
            raise Refused(
                gettext_lazy(
                    "The records the report is based on changed after the check: return it and check again."
                )
            )
        approved = REPORT_MACHINE.apply(
            locked,
            action=APPROVE,
            acting_user=acting_user,
            updates={"approver": signed_in(acting_user), "approved_at": timezone.now()},
        )
        files = _store_files(approved)
        item = _catalogue_item(approved, files, acting_user)
        now = timezone.now()
        published = REPORT_MACHINE.apply(
            approved,
            action=PUBLISH,
            acting_user=acting_user,
            updates={
                "published_at": now,
                "catalogue_item": item,
                "submitted_to": approved.agency.parent,
                "submitted_at": now if approved.agency.parent_id else None,
            },
        )
        if published.supersedes is not None:
            REPORT_MACHINE.apply(published.supersedes, action=SUPERSEDE, acting_user=None)
        _answer_returns(published)
        transaction.on_commit(lambda: _notify_superior(published))
    report.refresh_from_db()
    return published


def annual_report_correct(*, report: AnnualReport, acting_user: Actor) -> AnnualReport:
    """A new draft version of a published report, recomputed from the records, that will supersede it once
    approved (until then the published version stays the one that counts)."""
    with transaction.atomic():
        locked = _locked(report)
        _must_write(locked, acting_user, gettext_lazy("Only the agency's officers may correct a report."))
        if locked.state != State.PUBLISHED:
            raise Refused(gettext_lazy("Only a published report can be corrected."))
        if AnnualReport.objects.filter(supersedes=locked).exists():
            raise Refused(gettext_lazy("A corrected version of this report already exists."))
        row = AnnualReport.objects.create(
            agency=locked.agency,
            year=locked.year,
            template=locked.template,
            title=locked.title,
            version=locked.version + 1,
            supersedes=locked,
            cells=_fresh_cells(locked),
            prose=locked.prose,
            facts=year_facts(agency=locked.agency, year=locked.year),
            author=signed_in(acting_user),
        )
        audit_record(
            acting_user=acting_user,
            action="annual_report_correct",
            obj=row,
            changes={"supersedes": locked.pk, "version": row.version},
        )
    return row


def _same_agency(printed: str, agency: Agency) -> bool:
    """Whether the agency a report prints is ``agency``: the same name, or one a shorter form of the other
    (「上党区司法局」 for 「长治市上党区司法局」); a report that prints none is taken as the agency's."""
    a, b = "".join(printed.split()), "".join(agency.name.split())
    return not a or a == b or a.endswith(b) or b.endswith(a)


def _check_history(parsed: Report, agency: Agency, year: int | None, field: str) -> None:
    """A history import is of the agency it is uploaded to, and of the year named (if one is)."""
    if not _same_agency(parsed.agency, agency):
        raise Refused(
            gettext_lazy(
                "The report in the file is of %(printed)s, not of %(agency)s: import it on that agency's "
                "pages. Nothing was saved."
            ),
            {"printed": parsed.agency, "agency": agency.name},
            field=field,
        )
    if year is not None and parsed.year != year:
        raise Refused(
            gettext_lazy("The report in the file is of %(found)d, not of %(year)d. Nothing was saved."),
            {"found": parsed.year, "year": year},
            field=field,
        )


def annual_report_import(
    *,
    agency: Agency,
    acting_user: Actor,
    name: str = "",
    data: bytes | None = None,
    url: str = "",
    year: int | None = None,
) -> AnnualReport:
    """An earlier published report, uploaded as a file (``name``, ``data``) in any format the core reads or
    fetched from ``url`` (the page, or the report it links as an attachment: :func:`gongkai.fetch.fetch_report`,
    bounded in size and time, robots.txt honoured), checked and stored as imported. It counts nowhere until a
    leader other than the importer approves it (:func:`annual_report_record`).

    Refused (on the file or address) when the report the file holds is of another agency than ``agency``, or
    of another year than ``year`` when one is named.
    Raises ParseError (Chinese and English message) for an unreadable or oversized file, FetchError for an
    address that gives no report (unreachable, refused by robots.txt, an HTTP error, too large, not a report);
    nothing is saved then.
    """
    if not can_import(acting_user, agency):
        raise NotPermitted(gettext_lazy("Only the agency's officers or administrators may import reports."))
    if url:
        page, result = fetch_report(
            url.strip(),
            honour_robots=True,
            max_bytes=MAX_UPLOAD_BYTES,
            public_only=getattr(settings, "GONGKAI_FETCH_PUBLIC_ONLY", True),
            reader=read_untrusted,
        )
        data, name = page.data, page.final_url
    elif data is None:
        raise Refused(gettext_lazy("Choose a file or give the address of the report."), field="file")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ParseError(
            f"文件过大（{len(data) // 1024} KB），上限为 {MAX_UPLOAD_BYTES // 1024 // 1024} MB。",
            f"file too large ({len(data)} bytes, limit {MAX_UPLOAD_BYTES})",
        )
    if not url:
        # Parsed out of this worker, in a child with memory and CPU limits (gongkai.sandbox).
        result = read_untrusted(data, source=name[-200:])
    parsed = result.report
    _check_history(parsed, agency, year, "url" if url else "file")
    findings = [*result.warnings, *check_report(parsed)]
    with transaction.atomic():
        previous = report_previous_year(agency=agency, year=parsed.year)
        if previous is not None:
            # Stored under this agency, the file is compared as this agency's (whatever name it prints).
            findings += check_pair(previous.to_report(), parsed.model_copy(update={"agency": agency.name}))
        latest = AnnualReport.objects.filter(agency=agency, year=parsed.year).aggregate(v=Max("version"))["v"]
        row = AnnualReport.objects.create(
            agency=agency,
            year=parsed.year,
            template=parsed.template,
            title=parsed.title or f"{agency.name}{parsed.year}年政府信息公开工作年度报告",
            state=State.IMPORTED,
            version=(latest or 0) + 1,
            cells=cells_to_json(parsed.cells),
            prose=parsed.prose.model_dump(),
            findings=[f.model_dump(mode="json") for f in findings],
            author=signed_in(acting_user),
            source_name=name[-200:],
            source_format=result.format,
        )
        ReportFile.objects.create(
            report=row,
            fmt="original",
            filename=(_file_name_of(name) if url else name)[-200:],
            content=data,
            sha256=hashlib.sha256(data).hexdigest(),
        )
        audit_record(
            acting_user=acting_user,
            action="annual_report_import",
            obj=row,
            changes={"file": name[-200:], "format": result.format, "findings": len(findings), "url": url},
        )
    return row


def _file_name_of(url: str) -> str:
    """The last part of a report's address (「2023nb.pdf」), or 「report.html」 for a directory address."""
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return last or "report.html"


def annual_report_record(*, report: AnnualReport, acting_user: Actor) -> AnnualReport:
    """A leader approves an imported report: from now on it counts as the agency's report on its year (where
    no published one does). Refused for whoever imported or wrote any version of the year's report. It answers
    the open returns of earlier versions."""
    with transaction.atomic():
        recorded = REPORT_MACHINE.apply(
            report, action=RECORD, acting_user=acting_user, updates={"approver": signed_in(acting_user)}
        )
        _answer_returns(recorded)
    return recorded


def annual_report_reject(*, report: AnnualReport, acting_user: Actor) -> AnnualReport:
    """A leader rejects an imported report (a wrong file, a wrong year): it never counts; it stays listed."""
    return REPORT_MACHINE.apply(
        report, action=REJECT, acting_user=acting_user, updates={"approver": signed_in(acting_user)}
    )


# --- a record of a published year changed -------------------------------------------------------------------


def annual_reports_flag(change: Change, acting_user: Actor = None) -> list[AnnualReport]:
    """Flag the agency's published report on each year of ``change`` whose figures no longer match the records
    (a correction notice names the cells that changed). The listener of
    :func:`gongkai_web.common.changes.records_changed`: every service that writes a record counted in a
    report calls it in its transaction."""
    flagged = []
    reports = AnnualReport.objects.filter(
        agency_id=change.agency_id, year__in=change.years, state=State.PUBLISHED, needs_correction=False
    ).select_related("agency")
    for report in reports.select_for_update(of=("self",)):
        changed: dict[str, Any] = {
            k: [report.cells.get(k), v] for k, v in _fresh_cells(report).items() if report.cells.get(k) != v
        }
        facts = year_facts(agency=report.agency, year=report.year)
        if report.facts and facts["items_by_category"] != report.facts.get("items_by_category"):
            changed["facts.items_by_category"] = [report.facts.get("items_total"), facts["items_total"]]
        if not changed:
            continue
        AnnualReport.objects.filter(pk=report.pk).update(needs_correction=True)
        report.needs_correction = True
        record_type, _sep, record_id = change.record.partition("#")
        CorrectionNotice.objects.create(
            report=report, record_type=record_type, record_id=record_id, changed=changed
        )
        audit_record(
            acting_user=acting_user,
            action="annual_report_flag",
            obj=report,
            changes={"record": change.record, "cells": sorted(changed)},
        )
        flagged.append(report)
    return flagged


# --- reminders ---------------------------------------------------------------------------------------------


def report_deadline(agency: Agency, year: int) -> date:
    """The day the report on ``year`` is due: 31 January for departments, 31 March for a government (the top
    of a hierarchy), of the following year (条例第四十九、五十条)."""
    return date(year + 1, 3, 31) if agency.parent_id is None else date(year + 1, 1, 31)


def agencies_unreported(*, year: int) -> list[Agency]:
    """Agencies with no report on ``year`` that counts (:data:`COUNTED_STATES`: published, or an approved
    import), the ones the reminders nag."""
    done = AnnualReport.objects.filter(year=year).counted().values("agency_id")
    return list(Agency.objects.exclude(id__in=done).order_by("code"))


def reminders_send(*, today: date, window: int = 14) -> int:
    """Mail the officers and leaders of agencies with no report of last year that counts when its deadline
    is at most ``window`` days away (or passed). Mail goes out after the transaction commits, at most once
    per agency and day. Returns the number of messages."""
    year = today.year - 1
    # The site's language: recipients chose none. One transaction: the claims of the day and the mail.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        messages = _reminder_messages(year=year, today=today, window=window)
        if messages:
            transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return len(messages)


def _reminder_messages(*, year: int, today: date, window: int) -> list[tuple[str, str, str, list[str]]]:
    """The reminders (subject, body, sender, recipients) of :func:`reminders_send`, in the active language."""
    messages: list[tuple[str, str, str, list[str]]] = []
    for agency in agencies_unreported(year=year):
        deadline = report_deadline(agency, year)
        left = (deadline - today).days
        if left > window:
            continue
        if left >= 0:
            when = ngettext("%(n)d day left", "%(n)d days left", left) % {"n": left}
        else:
            when = ngettext("%(n)d day overdue", "%(n)d days overdue", -left) % {"n": -left}
        due = _("%(year)d-%(month)02d-%(day)02d") % {
            "year": deadline.year,
            "month": deadline.month,
            "day": deadline.day,
        }
        emails = member_emails(agency=agency, roles=(Role.OFFICER, Role.LEADER))
        if not emails or not reminder_claim(kind=f"annual_report_{year}", agency_id=agency.pk, day=today):
            continue
        for email in emails:
            messages.append(
                (
                    _("Reminder: the %(year)d annual report of %(agency)s is not published yet")
                    % {"agency": agency.name, "year": year},
                    _(
                        "The %(year)d annual report of %(agency)s is due by %(due)s (%(when)s) and is not published yet."
                    )
                    % {"agency": agency.name, "year": year, "due": due, "when": when},
                    settings.DEFAULT_FROM_EMAIL,
                    [email],
                )
            )
    return messages


# --- the review of findings and the returns of the superior office -----------------------------------------


def _mail_department(report: AnnualReport, subject: str, body: str) -> None:
    """Mail the department's officers and leaders (after commit; in the site's language, as every notice)."""
    emails = member_emails(agency=report.agency, roles=(Role.OFFICER, Role.LEADER))
    if emails:
        send_mass_mail(
            [(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in emails], fail_silently=True
        )


def _finding_text(reviewed: ReviewedFinding) -> str:
    """A finding as a department reads it in a notice: the message, the rule, the cells on each side."""
    lang = "en" if translation.get_language() == "en" else "zh"
    lines = [reviewed.finding.message(lang), _("Rule: %(rule)s") % {"rule": reviewed.rule_title}]
    for cell in reviewed.judged_cells:
        if reviewed.across_years:
            lines.append(
                _("%(cell)s: %(value)s this year, %(previous)s last year")
                % {"cell": cell.label, "value": cell.value, "previous": cell.previous}
            )
        else:
            lines.append(f"{cell.label}: {cell.value}")
    if reviewed.finding.expected is not None or reviewed.finding.found is not None:
        lines.append(
            _("Expected %(expected)s, found %(found)s")
            % {"expected": reviewed.finding.expected, "found": reviewed.finding.found}
        )
    return "\n".join(lines)


def _may_decide(report: AnnualReport, acting_user: Actor) -> None:
    """Raise unless ``acting_user`` may decide about the report's findings: the superior office or the
    agency's leader in charge (``NotPermitted``), never a writer of the year's report (``Refused``)."""
    if not can_review_findings(acting_user, report):
        raise NotPermitted(
            gettext_lazy("Only the superior office or the agency's leader in charge may review findings.")
        )
    not_a_writer(report, acting_user)


def review_rights(report: AnnualReport, acting_user: Actor) -> tuple[bool, str]:
    """Whether ``acting_user`` may decide about the report's findings (the check of :func:`finding_confirm`
    and :func:`finding_dismiss`), and, when their role allows it but separation of duties does not, why (the
    review page shows it instead of the forms)."""
    try:
        _may_decide(report, acting_user)
    except NotPermitted:
        return False, ""
    except GongkaiError as exc:
        return False, message(exc)
    return True, ""


def _may_return(report: AnnualReport, acting_user: Actor) -> None:
    if not can_return(acting_user, report):
        raise NotPermitted(gettext_lazy("Only the superior office may return a department's report."))
    returnable(report, acting_user)


def may_return(report: AnnualReport, acting_user: Actor) -> bool:
    """Whether :func:`annual_report_return` would accept ``acting_user`` returning ``report`` now (the review
    page offers the form exactly then)."""
    try:
        _may_return(report, acting_user)
    except GongkaiError:
        return False
    return True


def _decide(
    *, report: AnnualReport, rule: str, cells: str, verdict: Verdict, reason: str, acting_user: Actor
) -> tuple[FindingDecision, ReviewedFinding]:
    _may_decide(report, acting_user)
    reason = reason.strip()
    if verdict == Verdict.DISMISSED and not reason:
        raise Refused(gettext_lazy("Give the reason for dismissing the finding."), field="reason")
    with transaction.atomic():
        locked = _locked(report)
        match = [r for r in reviewed_findings(locked) if r.finding.rule == rule and r.cells == cells]
        if not match:
            raise Refused(
                gettext_lazy("This finding is no longer among the report's findings: reload the page.")
            )
        reviewed = match[0]
        existing = (
            FindingDecision.objects.select_for_update()
            .filter(agency_id=locked.agency_id, year=locked.year, rule=rule, cells=cells)
            .first()
        )
        before = [existing.verdict, existing.reason] if existing is not None else [None, None]
        decision = existing or FindingDecision(agency=locked.agency, year=locked.year, rule=rule, cells=cells)
        decision.verdict = verdict
        decision.reason = reason
        decision.judged = reviewed.judged
        decision.fingerprint = reviewed.fingerprint
        decision.message_zh = reviewed.finding.message_zh
        decision.message_en = reviewed.finding.message_en
        decision.report = locked
        decision.decided_by = signed_in(acting_user)
        decision.decided_at = timezone.now()
        try:
            with transaction.atomic():
                decision.save()
        except IntegrityError:
            raise Refused(
                gettext_lazy("Another reviewer has just decided about this finding: reload the page.")
            ) from None
        audit_record(
            acting_user=acting_user,
            action=f"finding_{'confirm' if verdict == Verdict.CONFIRMED else 'dismiss'}",
            obj=decision,
            changes={
                "report": locked.pk,
                "rule": rule,
                "cells": cells,
                "verdict": [before[0], verdict.value],
                "reason": [before[1], reason],
                "judged": reviewed.judged,
            },
        )
    return decision, reviewed


def finding_confirm(
    *, report: AnnualReport, rule: str, cells: str, acting_user: Actor, reason: str = ""
) -> FindingDecision:
    """Confirm a finding of ``report`` (rule id and the cells key of :func:`models.finding_key`): it is sent
    back to the agency (its officers and leaders are mailed the message, the rule and the cells on each side,
    with ``reason`` as a note). The decision holds for the agency's year until a judged cell changes. The
    superior office or the agency's leader in charge (never a writer of the year's report); audited."""
    decision, _reviewed = _decide(
        report=report,
        rule=rule,
        cells=cells,
        verdict=Verdict.CONFIRMED,
        reason=reason,
        acting_user=acting_user,
    )

    def notify() -> None:
        # In the site's language (the cells' labels and the rule's name too), whatever the reviewer reads.
        with translation.override(settings.LANGUAGE_CODE):
            shown = [
                r for r in reviewed_findings(decision.report) if (r.finding.rule, r.cells) == (rule, cells)
            ]
            if not shown:
                return
            subject = _("A finding of %(title)s was confirmed: please correct it") % {"title": report.title}
            body = _finding_text(shown[0])
            if decision.reason:
                body += "\n" + _("Note: %(reason)s") % {"reason": decision.reason}
        _mail_department(report, subject, body)

    transaction.on_commit(notify)
    return decision


def finding_dismiss(
    *, report: AnnualReport, rule: str, cells: str, reason: str, acting_user: Actor
) -> FindingDecision:
    """Dismiss a finding of ``report`` with a reason (required): it stays dismissed through re-checks, new
    versions and re-imports of the agency's year while the cells it judged are unchanged. Same rights as
    :func:`finding_confirm`; audited."""
    decision, _reviewed = _decide(
        report=report,
        rule=rule,
        cells=cells,
        verdict=Verdict.DISMISSED,
        reason=reason,
        acting_user=acting_user,
    )
    return decision


def annual_report_return(*, report: AnnualReport, reason: str, acting_user: Actor) -> ReportReturn:
    """The superior office returns a department's report that counts (published, or an approved import)
    with a reason (required): the department's officers and leaders are mailed the reason and the confirmed
    findings; the department answers with a corrected version, which answers the return when it counts.
    One open return per report; audited."""
    if not can_return(acting_user, report):
        raise NotPermitted(gettext_lazy("Only the superior office may return a department's report."))
    reason = reason.strip()
    if not reason:
        raise Refused(gettext_lazy("Give the reason for returning the report."), field="reason")
    with transaction.atomic():
        locked = _locked(report)
        _may_return(locked, acting_user)
        returned = ReportReturn.objects.create(
            report=locked, agency=locked.agency, reason=reason, returned_by=signed_in(acting_user)
        )
        audit_record(
            acting_user=acting_user,
            action="annual_report_return",
            obj=locked,
            changes={"return": returned.pk, "reason": reason},
        )

    def notify() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            confirmed = [r for r in reviewed_findings(locked) if r.status == Verdict.CONFIRMED]
            subject = _("Annual report returned by the superior office: %(title)s") % {"title": locked.title}
            body = _("%(office)s returned %(title)s (version %(version)d): %(reason)s") % {
                "office": locked.agency.parent.name if locked.agency.parent else "",
                "title": locked.title,
                "version": locked.version,
                "reason": reason,
            }
            body += "".join("\n\n" + _finding_text(r) for r in confirmed)
        _mail_department(locked, subject, body)

    transaction.on_commit(notify)
    return returned


def report_return_withdraw(*, report_return: ReportReturn, acting_user: Actor) -> ReportReturn:
    """The superior office withdraws a return that is still open (returned by mistake)."""
    return RETURN_MACHINE.apply(
        report_return, action=WITHDRAW, acting_user=acting_user, updates={"closed_at": timezone.now()}
    )


def _answer_returns(report: AnnualReport) -> None:
    """A later version of the year's report now counts: the open returns of the earlier versions are
    answered by it (the system's move). An approved import of a year with a published report answers none
    (it does not count)."""
    of_record = report_of_record(agency=report.agency, year=report.year)
    if of_record is None or of_record.pk != report.pk:
        return
    waiting = ReportReturn.objects.open().filter(
        agency_id=report.agency_id, report__year=report.year, report__version__lt=report.version
    )
    for open_return in waiting:
        RETURN_MACHINE.apply(
            open_return,
            action=ANSWER,
            acting_user=None,
            updates={"answered_by": report, "closed_at": timezone.now()},
        )
