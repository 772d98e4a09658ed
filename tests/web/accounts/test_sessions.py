"""Staff sessions end after a working day and when the browser closes."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.web import factories as f

pytestmark = pytest.mark.django_db


def test_a_staff_session_lasts_at_most_a_working_day() -> None:
    assert settings.SESSION_COOKIE_AGE <= 9 * 60 * 60


def test_the_session_cookie_ends_when_the_browser_closes() -> None:
    user = f.UserFactory(username="someone")
    user.set_password("Correct-horse-42")
    user.save()
    client = Client()
    client.post(reverse("login"), {"username": "someone", "password": "Correct-horse-42"})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert client.session.get_expire_at_browser_close()
