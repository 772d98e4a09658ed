"""Annual reports (generated or imported), their frozen published files, and correction notices."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from gongkai.findings import Finding
from gongkai.model import Prose, Report


class State(models.TextChoices):
    """Where a report stands; moves are in :mod:`gongkai_web.annual_reports.workflow`."""

    DRAFT = "draft", _("draft")
    CHECKED = "checked", _("checked, awaiting approval")
    APPROVED = "approved", pgettext_lazy("annual report", "approved")
    PUBLISHED = "published", _("published")
    SUPERSEDED = "superseded", _("superseded by a corrected version")
    IMPORTED = "imported", _("earlier report (imported), awaiting a leader's approval")
    RECORDED = "recorded", _("earlier report (imported and approved)")
    REJECTED = "rejected", _("earlier report (imported), rejected")


# --- named sets of states: the one definition of each, used everywhere ----------------------------------

#: A report the public may read.
PUBLIC_STATES = frozenset({State.PUBLISHED, State.SUPERSEDED})
#: A report that counts as the agency's report on its year, for the superior office's board and roll-up,
#: the reminders, the checks across years and the charts: published, or an earlier published report
#: uploaded as history and approved by a leader (never the importer).
COUNTED_STATES = frozenset({State.PUBLISHED, State.RECORDED})
#: A version being written or awaiting a decision: it never counts until it is published or approved.
IN_PROGRESS_STATES = frozenset({State.DRAFT, State.CHECKED, State.APPROVED, State.IMPORTED})
#: A report uploaded as history (its figures are the file's, not computed from the records).
HISTORY_STATES = frozenset({State.IMPORTED, State.RECORDED, State.REJECTED})


def cells_to_json(cells: dict[str, Any]) -> dict[str, Any]:
    """Cell values as JSON: counts stay ints, amounts become exact decimal strings."""
    return {k: str(v) if isinstance(v, Decimal) else int(v) for k, v in cells.items()}


class AnnualReportQuerySet(models.QuerySet["AnnualReport"]):
    """Named sets of reports."""

    def public(self) -> AnnualReportQuerySet:
        """Reports the public may read (published, and the versions a correction superseded)."""
        return self.filter(state__in=PUBLIC_STATES)

    def counted(self) -> AnnualReportQuerySet:
        """Reports that count as the agency's report on their year (:data:`COUNTED_STATES`)."""
        return self.filter(state__in=COUNTED_STATES)

    def by_precedence(self) -> AnnualReportQuerySet:
        """Ordered so that the first row of each agency and year is the one that counts: a published report
        before an approved import, then the newest version."""
        rank = models.Case(models.When(state=State.PUBLISHED, then=0), default=1)
        return self.annotate(_precedence=rank).order_by("agency_id", "-year", "_precedence", "-version")


class AnnualReport(models.Model):
    """One version of an agency's report on one year. ``state`` is written only by the workflow machine.

    ``cells`` (cell key -> value) and ``prose`` are the report as generated (then edited by the officer) or as
    imported; ``facts`` are the year's figures the prose was pre-filled from (items by category, fees);
    ``findings`` are the cross-check findings of the last check (or of the import).
    """

    agency = models.ForeignKey("agencies.Agency", related_name="annual_reports", on_delete=models.PROTECT)
    year = models.PositiveIntegerField(_("year"))
    template = models.CharField(_("template"), max_length=8)
    title = models.CharField(_("title"), max_length=300)
    state = models.CharField(
        _("status"), max_length=12, choices=State.choices, default=State.DRAFT, editable=False
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, related_name="superseded_by", on_delete=models.PROTECT
    )
    cells = models.JSONField(default=dict)
    prose = models.JSONField(default=dict)
    facts = models.JSONField(default=dict, blank=True)
    findings = models.JSONField(default=list, blank=True)
    checked_against = models.CharField(_("checked against"), max_length=200, blank=True)
    needs_correction = models.BooleanField(_("needs correction"), default=False)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    submitted_to = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, related_name="received_reports", on_delete=models.PROTECT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    catalogue_item = models.ForeignKey(
        "catalogue.Item", null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    source_name = models.CharField(_("imported file name"), max_length=200, blank=True)
    source_format = models.CharField(_("imported format"), max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "version"], name="unique_report_version")
        ]
        indexes = [models.Index(fields=["agency", "year", "state"], name="annual_agency_year_state")]

    def __str__(self) -> str:
        return gettext("%(title)s (version %(version)d)") % {"title": self.title, "version": self.version}

    @property
    def is_imported(self) -> bool:
        """Uploaded as history (whether approved yet or not): its figures are the file's."""
        return self.state in HISTORY_STATES

    @property
    def counts(self) -> bool:
        """Whether this version counts as the agency's report on its year (:data:`COUNTED_STATES`)."""
        return self.state in COUNTED_STATES

    @property
    def state_label(self) -> str:
        """The state in the active language."""
        return str(State(self.state).label)

    @property
    def state_label_lazy(self) -> StrOrPromise:
        """The state's label as a lazy translation (to render in a chosen language)."""
        return State(self.state).label

    def to_report(self) -> Report:
        """The report as the core's model (cells typed by the template)."""
        return Report(
            agency=self.agency.name,
            year=self.year,
            template=self.template,
            title=self.title,
            prose=Prose(**self.prose),
            cells=self.cells,
            source=self.source_name or f"gongkai:{self.agency.code}/{self.year}/v{self.version}",
        )

    def finding_objects(self) -> list[Finding]:
        return [Finding.model_validate(f) for f in self.findings]

    def findings_of(self, severity: str) -> list[Finding]:
        """The findings of the last check (or of the import) of one severity: the one place they are counted."""
        return [f for f in self.finding_objects() if f.severity == severity]

    @property
    def errors(self) -> list[Finding]:
        return self.findings_of("error")

    @property
    def warnings(self) -> list[Finding]:
        return self.findings_of("warning")


class ReportFile(models.Model):
    """A file of a published report, generated once and stored (never regenerated), or an imported original."""

    report = models.ForeignKey(AnnualReport, related_name="files", on_delete=models.PROTECT)
    fmt = models.CharField(max_length=10)
    filename = models.CharField(max_length=200)
    content = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "fmt"]
        constraints = [models.UniqueConstraint(fields=["report", "fmt"], name="unique_report_file")]

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.fmt, "application/octet-stream")


CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
    "text": "text/plain; charset=utf-8",
}


class CorrectionNotice(models.Model):
    """A record of a published year changed: the report's figures no longer match the records."""

    report = models.ForeignKey(AnnualReport, related_name="corrections", on_delete=models.CASCADE)
    record_type = models.CharField(max_length=64)
    record_id = models.CharField(max_length=64)
    changed = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def message(self) -> str:
        keys = ", ".join(sorted(self.changed)[:5])
        return gettext(
            "A record the published report of %(year)d was based on has changed (%(type)s #%(id)s): %(keys)s"
        ) % {"year": self.report.year, "type": self.record_type, "id": self.record_id, "keys": keys}
