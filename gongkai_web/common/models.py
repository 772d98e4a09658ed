"""The audit log: who did what to which object, when, and what changed."""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from gongkai.workflow import EVENT_LABELS, STATE_LABELS, Event, State
from gongkai_web.common.i18n import label_pair

#: What each audit action says in the log (the actions are named like the services and moves that write them).
ACTION_LABELS: dict[str, StrOrPromise] = {
    "agency_create": _("agency created"),
    "membership_grant": _("role granted"),
    "membership_revoke": _("role removed"),
    "account_create": _("staff account created"),
    "password_link_issue": _("set-password link issued"),
    "item_create": _("item drafted"),
    "item_update": _("item edited"),
    "item_attach": _("file attached"),
    "item_submit": _("submitted for approval"),
    "item_approve": _("approved"),
    "item_return": _("returned"),
    "item_publish": _("published"),
    "item_withdraw": _("withdrawn"),
    "item_revise": _("made a draft again"),
    "items_import_published": _("published items imported from an archive"),
    "register_import": _("register rows imported"),
    "application_receive": _("application received"),
    "application_due_recompute": _("due date recomputed"),
    "letter_issue": _("document issued"),
    "appeal_record": _("reconsideration or lawsuit recorded"),
    "appeal_decide": _("its result recorded"),
    "holiday_notice_load": _("holiday notice loaded"),
    "proposal_create": _("proposed for approval"),
    "proposal_approve": _("proposal approved"),
    "proposal_return": _("proposal returned"),
    "letter_delivery_record": _("delivery of a document recorded"),
    "annual_report_generate": _("annual report generated"),
    "annual_report_refresh": _("figures regenerated"),
    "annual_report_update_prose": _("text edited"),
    "annual_report_check": _("checked and submitted for approval"),
    "annual_report_reopen": _("returned for changes"),
    "annual_report_approve": _("approved"),
    "annual_report_publish": _("published and submitted upward"),
    "annual_report_supersede": _("superseded by a corrected version"),
    "annual_report_correct": _("correction started"),
    "annual_report_import": _("earlier report imported"),
    "annual_report_record": _("imported report approved"),
    "annual_report_reject": _("imported report rejected"),
    "annual_report_flag": _("flagged: a record it counts changed"),
    "finding_confirm": _("finding confirmed and sent back to the agency"),
    "finding_dismiss": _("finding dismissed with a reason"),
    "annual_report_return": _("annual report returned by the superior office"),
    "report_return_answer": _("return answered by a corrected version"),
    "report_return_withdraw": _("return withdrawn"),
    "supervision_notice_issue": _("supervision notice (督办) issued"),
    "supervision_notice_acknowledge": _("supervision notice (督办) acknowledged"),
    "application_correct_online": _("correction answered online by the applicant"),
    "item_publish_with_report": _("published in the annual-report column with the annual report"),
    "register_row_create": _("register record added"),
    "register_row_update": _("register record edited"),
    "register_row_delete": _("register record deleted"),
    "agency_guide_submit": _("disclosure guide and rules submitted for review"),
    "agency_guide_approve": _("disclosure guide and rules approved"),
    "agency_guide_return": _("disclosure guide and rules returned"),
    "category_create": _("catalogue column added"),
    "category_update": _("catalogue column changed"),
    "category_delete": _("catalogue column removed"),
    "two_factor_enrol": _("second factor (TOTP) enrolled"),
}


class AuditEntry(models.Model):
    """One recorded action. Rows are written only by :func:`gongkai_web.common.audit.audit_record`."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.PROTECT
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    @property
    def label(self) -> str:
        """The action in the active language (an event of a case by the core's label; else the stored name)."""
        if self.action in ACTION_LABELS:
            return str(ACTION_LABELS[self.action])
        event = self.action.removeprefix("application_")
        if event in {e.value for e in Event}:
            return label_pair(EVENT_LABELS[Event(event)])
        return self.action

    @property
    def change_lines(self) -> list[str]:
        """The changes in words: 「字段：旧 → 新」 for each changed field (its label, and a choice by its label),
        「字段：值」 for a value recorded alone, in the active language."""
        return [change_line(self.object_type, name, value) for name, value in (self.changes or {}).items()]


#: A datetime as the audit log stores it (ISO 8601), shown to the minute.
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _field_of(object_type: str, name: str) -> models.Field[Any, Any] | None:
    try:
        model = apps.get_model(object_type)
        field = model._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None
    return field if isinstance(field, models.Field) else None


def _shown(field: models.Field[Any, Any] | None, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field is not None and field.is_relation and isinstance(value, int):
        related = field.related_model
        if isinstance(related, type) and issubclass(related, models.Model):
            found = related._default_manager.filter(pk=value).first()
            if found is not None:
                return str(getattr(found, "username", None) or found)
    if isinstance(value, str) and ISO_DATETIME.match(value):
        return value[:16].replace("T", " ")
    if field is not None and field.choices:
        for key, label in field.flatchoices:
            if key == value:
                return str(label)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dict):
        return "；".join(f"{k}：{_shown(None, v)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(_shown(None, v) for v in value)
    return str(value)


#: Labels of the names the services record in ``changes`` that are not fields of the object.
CHANGE_LABELS: dict[str, StrOrPromise] = {
    "note": _("note"),
    "register": _("register"),
    "rows": _("rows"),
    "skipped": _("rows already present"),
    "items": _("items"),
    "file": _("file"),
    "format": _("format"),
    "findings": _("findings"),
    "url": _("web address"),
    "record": _("record"),
    "user": _("account"),
    "username": _("user name"),
    "application": _("application"),
    "checked_at": _("time checked"),
    "approved_at": _("time approved"),
    "approver": _("approved by"),
    "version": _("version"),
    "sha256": "SHA-256",
}


def _case_state(value: Any) -> Any:
    known = {st.value for st in State}
    return label_pair(STATE_LABELS[State(value)]) if value in known else value


def _case_event(value: Any) -> Any:
    known = {e.value for e in Event}
    return label_pair(EVENT_LABELS[Event(value)]) if value in known else value


def change_line(object_type: str, name: str, value: Any) -> str:
    """One recorded change in words (see :attr:`AuditEntry.change_lines`)."""
    field = _field_of(object_type, name)
    if name in CHANGE_LABELS:
        label = str(CHANGE_LABELS[name])
    elif field is not None:
        label = str(field.verbose_name)
    else:
        label = name.replace("_", " ")
    if object_type == "applications.application" and name == "state":
        # A case's states are the core's, labelled in both languages there (the field's choices are Chinese).
        field = None
        value = [_case_state(v) for v in value] if isinstance(value, list) else _case_state(value)
    if object_type == "applications.proposal" and name == "event":
        # A draft's event is the core's, labelled in both languages there (the field's choices are Chinese).
        field = None
        value = _case_event(value)
    if isinstance(value, list) and len(value) == 2:
        return gettext("%(field)s: %(before)s → %(after)s") % {
            "field": label,
            "before": _shown(field, value[0]),
            "after": _shown(field, value[1]),
        }
    return gettext("%(field)s: %(value)s") % {"field": label, "value": _shown(field, value)}


class Counter(models.Model):
    """A named counter; ``portal`` versions the public pages' cache (bumped whenever they may change)."""

    name = models.CharField(max_length=40, unique=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class SentReminder(models.Model):
    """A reminder e-mailed to an agency on a day: at most one of each kind per agency and day, so a
    scheduler that runs the reminder commands twice (a retry, two hosts) does not mail twice."""

    kind = models.CharField(max_length=40)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "agency", "day"], name="one_reminder_per_kind_agency_day")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.agency_id} {self.day}"


class Throttle(models.Model):
    """How many times a client address did one public thing in one time window (``common.throttle``): a
    counter in the database, so every worker and host sees the same count, on SQLite and PostgreSQL alike."""

    key = models.CharField(max_length=120)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="one_throttle_row_per_window")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window}={self.count}"
