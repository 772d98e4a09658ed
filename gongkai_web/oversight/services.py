"""Writes of the superior office: issuing a 督办 notice on a department's case, and the department
acknowledging it. Each checks the acting user's right itself, runs in one transaction, writes one audit row
named like the service and sends mail only once the transaction has committed."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai_web.agencies.models import Agency, Role
from gongkai_web.agencies.permissions import user_roles_in
from gongkai_web.agencies.selectors import member_emails
from gongkai_web.applications.models import Application
from gongkai_web.common.audit import audit_record
from gongkai_web.common.errors import NotPermitted, Refused
from gongkai_web.common.permissions import Actor, signed_in
from gongkai_web.oversight.models import SupervisionNotice
from gongkai_web.oversight.permissions import ancestors, can_acknowledge, can_supervise

#: Longest text of a notice.
NOTICE_LIMIT = 2000


def _mail(notice: SupervisionNotice, office: Agency, emails: list[str]) -> None:
    # Written in the site's language: the recipients chose none.
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[督办] %(office)s on application %(number)s") % {
            "office": office.name,
            "number": notice.application.number,
        }
        body = _(
            "%(office)s has issued a supervision notice (督办) on application %(number)s (due %(due)s):\n\n"
            "%(text)s\n\nPlease acknowledge it on your task page."
        ) % {
            "office": office.name,
            "number": notice.application.number,
            "due": notice.application.due_date or "—",
            "text": notice.text,
        }
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [e]) for e in emails], fail_silently=True)


def supervision_notice_issue(*, application: Application, text: str, acting_user: Actor) -> SupervisionNotice:
    """A superior office above the case's department presses it to act on ``application`` (督办): stored,
    audited, and mailed to the department's officers and leaders after commit; it waits on their task page
    until one of them acknowledges it. Refused for a closed case or an empty text."""
    agency = application.agency
    if not can_supervise(acting_user, agency):
        raise NotPermitted(gettext_lazy("Only a superior office above the department may issue 督办."))
    body = text.strip()
    if not body:
        raise Refused(gettext_lazy("Write what the department is asked to do."), field="text")
    if len(body) > NOTICE_LIMIT:
        raise Refused(
            gettext_lazy("The notice is too long (at most %(limit)d characters)."),
            {"limit": NOTICE_LIMIT},
            field="text",
        )
    if not application.is_open:
        raise Refused(gettext_lazy("The case is closed: there is nothing left to press for."))
    issuer = signed_in(acting_user)
    assert issuer is not None  # can_supervise holds only for a signed-in member
    office = next(a for a in ancestors(agency) if Role.SUPERIOR in user_roles_in(user=acting_user, agency=a))
    with transaction.atomic():
        notice = SupervisionNotice.objects.create(
            application=application, office=office, text=body, issued_by=issuer
        )
        audit_record(
            acting_user=acting_user,
            action="supervision_notice_issue",
            obj=notice,
            agency=agency,
            changes={"application": application.number, "office": office.code},
        )
        emails = member_emails(agency=agency, roles=(Role.OFFICER, Role.LEADER))
        if emails:
            transaction.on_commit(functools.partial(_mail, notice, office, emails))
    return notice


def supervision_notice_acknowledge(*, notice: SupervisionNotice, acting_user: Actor) -> SupervisionNotice:
    """The department's officer or leader acknowledges a 督办 notice (once)."""
    if not can_acknowledge(acting_user, notice):
        raise NotPermitted(gettext_lazy("Only the department's officers and leaders acknowledge 督办."))
    with transaction.atomic():
        locked = SupervisionNotice.objects.select_for_update().get(pk=notice.pk)
        if locked.acknowledged_at is not None:
            raise Refused(gettext_lazy("This notice has already been acknowledged."))
        locked.acknowledged_by = signed_in(acting_user)
        locked.acknowledged_at = timezone.now()
        locked.save(update_fields=["acknowledged_by", "acknowledged_at"])
        audit_record(
            acting_user=acting_user,
            action="supervision_notice_acknowledge",
            obj=locked,
            agency=notice.application.agency,
        )
    return locked
