"""Agencies (a government's office above its departments) and memberships with a role."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a member may do in an agency."""

    OFFICER = "officer", _("officer (经办)")
    LEADER = "leader", _("leader in charge (分管领导)")
    ADMIN = "admin", _("agency administrator")
    SUPERIOR = "superior", _("superior office (reads subordinates)")


class Agency(models.Model):
    """A body that discloses information; ``parent`` is the office above it (None for the top)."""

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("superior agency"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.PROTECT,
    )
    #: Format of the index number (索引号); fields: agency_code, year, seq.
    index_scheme = models.CharField(
        _("index number scheme"), max_length=80, default="{agency_code}/{year}-{seq:05d}"
    )
    description = models.TextField(_("description"), blank=True)
    #: The 机关代字 its documents are numbered with (上党司法 → 上党司法依申〔2026〕4-1号); empty: the name.
    doc_prefix = models.CharField(
        _("document number prefix"),
        max_length=20,
        blank=True,
        help_text=_(
            "The agency's abbreviation in document numbers, e.g. 上党司法; the full name when empty."
        ),
    )
    #: The reconsideration body its final letters name (行政复议法 第二十四条, 第二十八条) unless the officer names one.
    review_body = models.CharField(
        _("administrative reconsideration body"),
        max_length=200,
        blank=True,
        help_text=_("Named in the remedies of final letters, e.g. 长治市上党区人民政府."),
    )

    #: The office reports the sum of its subordinates (its report is their roll-up): the board checks that
    #: its report equals the sum of theirs, and the roll-up above it counts its report instead of theirs.
    reports_rollup = models.BooleanField(
        _("report is the roll-up of the subordinates"),
        default=False,
        help_text=_("Tick when this office's annual report sums the reports of the agencies below it."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """``user`` holds ``role`` in ``agency``; a user may hold several roles and agencies."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="memberships", on_delete=models.CASCADE)
    agency = models.ForeignKey(Agency, related_name="memberships", on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.role}"


#: The fields of an agency's 政府信息公开指南 and 公开制度 that the agency writes (and its leader reviews).
GUIDE_FIELDS = (
    "office",
    "address",
    "postcode",
    "hours",
    "phone",
    "email",
    "how_to_apply",
    "fees",
    "remedies",
    "rules",
)


class AgencyGuide(models.Model):
    """An agency's 政府信息公开指南 (受理机构, address, hours, phone, how to apply, fees, remedies) and its 公开制度
    (``rules``), as published. An edit waits in ``pending`` (the same fields) until a leader other than its
    writer approves it (``agencies.services.guide_approve``); the portal shows the published fields only."""

    agency = models.OneToOneField(Agency, related_name="guide", on_delete=models.CASCADE)
    office = models.CharField(_("receiving office (受理机构)"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    hours = models.CharField(_("office hours"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=60, blank=True)
    email = models.CharField(_("e-mail"), max_length=200, blank=True)
    how_to_apply = models.TextField(_("how to apply"), blank=True)
    fees = models.TextField(_("fees"), blank=True)
    remedies = models.TextField(_("remedies"), blank=True)
    rules = models.TextField(_("disclosure rules (公开制度)"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    #: The edit awaiting review: field → text (empty: none waiting).
    pending = models.JSONField(default=dict, blank=True)
    pending_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    pending_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)

    class Meta:
        verbose_name = _("disclosure guide")
        verbose_name_plural = _("disclosure guides")

    def __str__(self) -> str:
        return f"{self.agency} · 政府信息公开指南"
