"""The second factor's pages: enrolment (a QR code drawn here, and the secret to type) and the verify step."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai_web.accounts import services
from gongkai_web.accounts.forms import TokenForm
from gongkai_web.common.errors import Refused, to_form


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return str(settings.LOGIN_REDIRECT_URL)


def secret_of(device: TOTPDevice) -> str:
    """The device's key as the base32 text authenticator apps accept typed in (grouped by four)."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn on the server (nothing fetched)."""
    svg: str = segno.make(device.config_url, error="m").svg_inline(scale=4, title="TOTP")
    return svg


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Show a new device's QR code and secret; a first right code confirms it and verifies this session."""
    device = services.two_factor_device_start(actor=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_enrol(actor=request.user, token=form.cleaned_data["token"])
        except Refused as exc:
            to_form(form, exc)
        else:
            otp_login(request, device)
            return redirect(_next(request))
    return render(
        request,
        "registration/two_factor_enrol.html",
        {"form": form, "secret": secret_of(device), "qr": qr_svg(device), "next": _next(request)},
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The step after the password: the code of the enrolled device."""
    if services.confirmed_device(user=request.user) is None:  # type: ignore[arg-type]
        return redirect(f"{reverse('accounts:two_factor_enrol')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_check(actor=request.user, token=form.cleaned_data["token"])
        except Refused as exc:
            to_form(form, exc)
        else:
            otp_login(request, device)
            return redirect(_next(request))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": _next(request)})
