"""The second factor's state changes: a TOTP device made for enrolment, confirmed with a first code."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai_web.common.audit import audit_record
from gongkai_web.common.errors import NotPermitted, Refused
from gongkai_web.common.permissions import Actor, signed_in

#: The one device a user enrols (the name shown in Django admin).
DEVICE_NAME = "authenticator"
WRONG_CODE = _("That code is not right: enter the six digits your authenticator app shows now.")


def _user(actor: Actor) -> User:
    user = signed_in(actor)
    if user is None:
        raise NotPermitted(_("Sign in first."))
    return user


def confirmed_device(*, user: User) -> TOTPDevice | None:
    """The user's confirmed TOTP device, if they enrolled one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def two_factor_device_start(*, actor: Actor) -> TOTPDevice:
    """The unconfirmed device the enrolment page shows (made once, kept until confirmed); refused when the user
    already has a confirmed one (a password alone never replaces a second factor)."""
    user = _user(actor)
    if confirmed_device(user=user) is not None:
        raise NotPermitted(_("A second factor is already set up for this account."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def two_factor_enrol(*, actor: Actor, token: str) -> TOTPDevice:
    """Confirm the enrolment device with the first code the authenticator shows; audited."""
    device = two_factor_device_start(actor=actor)
    verified = device.verify_token(token)
    if not verified:
        raise Refused(WRONG_CODE, field="token")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        acting_user=actor, action="two_factor_enrol", obj=device, changes={"confirmed": [False, True]}
    )
    return device


def two_factor_check(*, actor: Actor, token: str) -> TOTPDevice:
    """The user's confirmed device that accepts ``token`` (django-otp throttles repeated failures)."""
    user = _user(actor)
    device = match_token(user, token)
    if not isinstance(device, TOTPDevice) or not device.confirmed:
        raise Refused(WRONG_CODE, field="token")
    return device
