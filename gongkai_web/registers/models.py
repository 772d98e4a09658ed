"""Register rows kept by each agency; part 二's cells are computed from them (see selectors)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency


class RuleKind(models.TextChoices):
    REGULATION = "regulation", _("regulation")
    NORMATIVE = "normative", _("administrative normative document")


class Rule(models.Model):
    """A regulation or normative document: in force from ``issued_on`` until ``repealed_on`` (if any)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="rules")
    kind = models.CharField(_("kind"), max_length=12, choices=RuleKind.choices)
    title = models.CharField(_("title"), max_length=300)
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"))
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)

    #: The content hash of the row (``specs.row_key``): an import adds no row already here.
    row_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-issued_on", "id"]
        indexes = [models.Index(fields=["agency", "issued_on"]), models.Index(fields=["agency", "row_key"])]


class DecisionKind(models.TextChoices):
    LICENSING = "licensing", _("administrative licensing")
    OTHER_SERVICES = "other_services", _("other external management services")
    PENALTY = "penalty", _("administrative penalty")
    ENFORCEMENT = "enforcement", _("administrative enforcement")


class Decision(models.Model):
    """A licensing, penalty or enforcement decision on a ``matter`` (事项; the 2019 template counts matters)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("kind"), max_length=16, choices=DecisionKind.choices)
    matter = models.CharField(_("matter"), max_length=200)
    reference = models.CharField(_("decision number"), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"))

    #: The content hash of the row (``specs.row_key``): an import adds no row already here.
    row_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-decided_on", "id"]
        indexes = [models.Index(fields=["agency", "decided_on"]), models.Index(fields=["agency", "row_key"])]


class Fee(models.Model):
    """A fee item collected in ``year``, with the amount collected in 万元."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="fees")
    name = models.CharField(_("fee item"), max_length=200)
    year = models.PositiveIntegerField(_("year"))
    amount = models.DecimalField(_("amount (10k yuan)"), max_digits=18, decimal_places=6)

    #: The content hash of the row (``specs.row_key``): an import adds no row already here.
    row_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-year", "name"]
        indexes = [models.Index(fields=["agency", "year"]), models.Index(fields=["agency", "row_key"])]


class Procurement(models.Model):
    """A government procurement project, its amount in 万元."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="procurements")
    title = models.CharField(_("project"), max_length=300)
    contracted_on = models.DateField(_("contracted on"))
    amount = models.DecimalField(_("amount (10k yuan)"), max_digits=18, decimal_places=6)

    #: The content hash of the row (``specs.row_key``): an import adds no row already here.
    row_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-contracted_on", "id"]
        indexes = [
            models.Index(fields=["agency", "contracted_on"]),
            models.Index(fields=["agency", "row_key"]),
        ]
