"""TOTP second factor (django-otp) for leaders, administrators, the superior office and superusers."""

from __future__ import annotations

import re
from base64 import b32decode
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai_web.common.models import AuditEntry
from tests.web import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_factor_on(settings: Any) -> None:
    settings.GONGKAI_TWO_FACTOR = True


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _code(key: bytes, *, step: int = 0) -> str:
    return f"{totp(key, drift=step):06d}"


def _secret_on(page: str) -> bytes:
    text = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page)
    assert text is not None
    raw = text.group(1).replace(" ", "")
    return b32decode(raw + "=" * (-len(raw) % 8))


@pytest.mark.parametrize("role", ["leader", "admin", "superior"])
def test_a_role_that_approves_or_oversees_is_sent_to_enrol_before_any_staff_page(
    world: Any, role: str
) -> None:
    response = _signed_in(world.users[role]).get(reverse("staff:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_enrol"))


def test_a_superuser_is_sent_to_enrol_before_the_admin_site(world: Any) -> None:
    root = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    response = _signed_in(root).get("/admin/")
    assert response["Location"].startswith(reverse("accounts:two_factor_enrol"))


def test_an_officer_reaches_the_dashboard_with_the_password_alone(world: Any) -> None:
    assert _signed_in(world.users["officer"]).get(reverse("staff:dashboard")).status_code == 200


def test_the_enrolment_page_shows_a_qr_code_drawn_on_the_server_and_the_key(world: Any) -> None:
    page = _signed_in(world.users["leader"]).get(reverse("accounts:two_factor_enrol")).content.decode()
    assert "<svg" in page and 'id="totp-secret"' in page
    assert "https://" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_enrolling_with_the_shown_key_verifies_the_session_and_opens_the_dashboard(world: Any) -> None:
    client = _signed_in(world.users["leader"])
    key = _secret_on(client.get(reverse("accounts:two_factor_enrol")).content.decode())
    response = client.post(reverse("accounts:two_factor_enrol"), {"token": _code(key), "next": "/staff/"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get(reverse("staff:dashboard")).status_code == 200
    assert TOTPDevice.objects.get(user=world.users["leader"]).confirmed
    assert AuditEntry.objects.filter(action="two_factor_enrol", actor=world.users["leader"]).exists()


def test_a_wrong_code_does_not_enrol(world: Any) -> None:
    client = _signed_in(world.users["leader"])
    key = _secret_on(client.get(reverse("accounts:two_factor_enrol")).content.decode())
    wrong = f"{(int(_code(key)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:two_factor_enrol"), {"token": wrong})
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.users["leader"], confirmed=True).exists()


def _enrolled(user: Any) -> bytes:
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return bytes(device.bin_key)


def test_a_new_session_of_an_enrolled_leader_asks_for_the_code_and_then_opens(world: Any) -> None:
    key = _enrolled(world.users["leader"])
    client = _signed_in(world.users["leader"])
    response = client.get(reverse("staff:dashboard"))
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    assert client.post(reverse("accounts:two_factor"), {"token": _code(key)}).status_code == 302
    assert client.get(reverse("staff:dashboard")).status_code == 200


def test_the_verify_step_refuses_a_wrong_code(world: Any) -> None:
    key = _enrolled(world.users["leader"])
    client = _signed_in(world.users["leader"])
    wrong = f"{(int(_code(key)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:two_factor"), {"token": wrong})
    assert response.status_code == 200
    assert client.get(reverse("staff:dashboard")).status_code == 302


def test_a_password_alone_cannot_replace_an_enrolled_second_factor(world: Any) -> None:
    _enrolled(world.users["leader"])
    response = _signed_in(world.users["leader"]).get(reverse("accounts:two_factor_enrol"))
    assert response.status_code == 403


def test_a_used_code_is_not_accepted_twice(world: Any) -> None:
    key = _enrolled(world.users["leader"])
    code = _code(key)
    assert (
        _signed_in(world.users["leader"]).post(reverse("accounts:two_factor"), {"token": code}).status_code
        == 302
    )
    second = _signed_in(world.users["leader"]).post(reverse("accounts:two_factor"), {"token": code})
    assert second.status_code == 200


def test_with_the_setting_off_a_leader_signs_in_with_the_password_alone(world: Any, settings: Any) -> None:
    settings.GONGKAI_TWO_FACTOR = False
    assert _signed_in(world.users["leader"]).get(reverse("staff:dashboard")).status_code == 200
