"""督办: a superior office's notice on a department's overdue or nearly-due case, and its acknowledgement."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SupervisionNoticeQuerySet(models.QuerySet["SupervisionNotice"]):
    """Named sets of notices."""

    def unacknowledged(self) -> SupervisionNoticeQuerySet:
        """Notices the department has not acknowledged yet (its officers' and leaders' 待办)."""
        return self.filter(acknowledged_at__isnull=True)


class SupervisionNotice(models.Model):
    """A 督办 notice: the superior office (``issued_by``) presses a department to act on ``application``; the
    department's officer or leader acknowledges it. Written only by ``oversight.services``."""

    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        related_name="supervision_notices",
        on_delete=models.PROTECT,
    )
    #: The office that issued it (the application's department is ``application.agency``).
    office = models.ForeignKey(
        "agencies.Agency", verbose_name=_("issuing office"), related_name="+", on_delete=models.PROTECT
    )
    text = models.TextField(_("text of the notice"), max_length=2000)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), related_name="+", on_delete=models.PROTECT
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    objects = SupervisionNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("supervision notice (督办)")
        verbose_name_plural = _("supervision notices (督办)")

    def __str__(self) -> str:
        return f"督办 {self.application_id} · {self.issued_at:%Y-%m-%d}"

    @property
    def agency(self) -> models.Model:
        """The department the notice is addressed to (what audit rows and scoping file it under)."""
        return self.application.agency
