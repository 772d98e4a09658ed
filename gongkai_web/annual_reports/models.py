"""Annual reports (generated or imported), their frozen published files, and correction notices."""

from __future__ import annotations

import hashlib
import json
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


# --- the review of findings and the returns of the superior office -----------------------------------------


class Verdict(models.TextChoices):
    """What a reviewer decided about one finding."""

    CONFIRMED = "confirmed", _("confirmed: sent back to the agency")
    DISMISSED = "dismissed", _("dismissed")


def finding_key(finding: Finding) -> str:
    """The cells part of a finding's key: its cell keys in the rule's order; a finding naming no cell (a
    missing table, the wrong template) is told apart from its siblings by a digest of its Chinese message."""
    if finding.cells:
        return ",".join(finding.cells)
    return "message:" + hashlib.sha256(finding.message_zh.encode("utf-8")).hexdigest()[:16]


def fingerprint(*, agency_id: int, year: int, rule: str, cells: str, judged: dict[str, Any]) -> str:
    """The digest of a decision's key and the values it judged: a decision applies to a finding exactly when
    their fingerprints are equal (so the board counts them with one ``IN``)."""
    data = {"agency": agency_id, "year": year, "rule": rule, "cells": cells, "judged": judged}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class FindingDecision(models.Model):
    """A reviewer's decision about one finding of an agency's report on a year, whatever version it was made
    on: keyed by (agency, year, rule, cells) so that it survives re-checks, new versions and re-imports.

    ``judged`` holds the values the reviewer saw (the finding's cells in the report, and in last year's
    report for a rule across years, with the rule's expected and found values); ``fingerprint`` is their
    digest with the key (:func:`fingerprint`). The decision applies to a
    finding while the finding's fingerprint is the stored one, and lapses (visibly) when a judged cell
    changed. ``report`` is the version it was made on.
    """

    agency = models.ForeignKey("agencies.Agency", related_name="finding_decisions", on_delete=models.PROTECT)
    year = models.PositiveIntegerField(_("year"))
    rule = models.CharField(_("rule"), max_length=64)
    cells = models.CharField(_("cells"), max_length=1000)
    verdict = models.CharField(_("decision"), max_length=12, choices=Verdict.choices)
    reason = models.TextField(_("reason"), blank=True)
    judged = models.JSONField(default=dict)
    fingerprint = models.CharField(max_length=64, db_index=True)
    message_zh = models.TextField(blank=True)
    message_en = models.TextField(blank=True)
    report = models.ForeignKey(AnnualReport, related_name="+", on_delete=models.PROTECT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.PROTECT
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["agency", "-year", "rule", "cells"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "rule", "cells"], name="unique_finding_decision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}/{self.rule}/{self.cells}: {self.verdict}"

    @property
    def verdict_label(self) -> str:
        return str(Verdict(self.verdict).label)


class ReturnState(models.TextChoices):
    """Where a return of a report by the superior office stands (moves: ``workflow.RETURN_MACHINE``)."""

    OPEN = "open", _("returned, awaiting a corrected version")
    ANSWERED = "answered", _("answered with a corrected version")
    WITHDRAWN = "withdrawn", _("withdrawn by the superior office")


#: A return the department still has to answer.
OPEN_RETURN_STATES = frozenset({ReturnState.OPEN})


class ReportReturnQuerySet(models.QuerySet["ReportReturn"]):
    def open(self) -> ReportReturnQuerySet:
        """Returns the department still has to answer (:data:`OPEN_RETURN_STATES`)."""
        return self.filter(state__in=OPEN_RETURN_STATES)


class ReportReturn(models.Model):
    """The superior office returns a department's report (of record) with a reason; it is answered when a
    later version of the year's report counts (a corrected version published, a corrected import approved).
    ``state`` is written only by ``workflow.RETURN_MACHINE``."""

    report = models.ForeignKey(AnnualReport, related_name="returns", on_delete=models.PROTECT)
    agency = models.ForeignKey("agencies.Agency", related_name="+", on_delete=models.PROTECT)
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("status"), max_length=12, choices=ReturnState.choices, default=ReturnState.OPEN, editable=False
    )
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.PROTECT
    )
    answered_by = models.ForeignKey(
        AnnualReport, null=True, blank=True, related_name="answers", on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ReportReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.state}"

    @property
    def state_label(self) -> str:
        return str(ReturnState(self.state).label)
