"""The login lockout (django-axes): five wrong passwords lock the account and the address, with back-off."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai_web.accounts.lockout import cool_off_after
from tests.web import factories as f

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-horse-42"


def _user(username: str = "leader-x") -> Any:
    user = f.UserFactory(username=username)
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client: Client, username: str, password: str, address: str = "10.0.0.1") -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_right_password_after_five_wrong_ones_does_not_log_in() -> None:
    _user()
    client = Client()
    for _ in range(5):
        _login(client, "leader-x", "wrong")
    response = _login(client, "leader-x", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "暂时锁定" in response.content.decode()


def test_an_account_stays_locked_from_another_address() -> None:
    _user()
    for n in range(5):
        _login(Client(), "leader-x", "wrong", address=f"10.0.0.{n + 1}")
    assert _login(Client(), "leader-x", PASSWORD, address="10.9.9.9").status_code == 429


def test_an_address_trying_many_accounts_is_locked_out() -> None:
    _user("victim")
    for n in range(5):
        _login(Client(), f"guess-{n}", "wrong", address="10.6.6.6")
    assert _login(Client(), "victim", PASSWORD, address="10.6.6.6").status_code == 429


def test_a_right_password_before_the_limit_logs_in_and_resets_the_count() -> None:
    _user()
    client = Client()
    for _ in range(4):
        _login(client, "leader-x", "wrong")
    assert _login(client, "leader-x", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "leader-x", "wrong")
    assert _login(client, "leader-x", PASSWORD).status_code == 302


def test_the_wait_doubles_with_each_failure_past_the_limit_up_to_a_day() -> None:
    assert cool_off_after(5, limit=5) == timedelta(minutes=15)
    assert cool_off_after(6, limit=5) == timedelta(minutes=30)
    assert cool_off_after(8, limit=5) == timedelta(hours=2)
    assert cool_off_after(50, limit=5) == timedelta(days=1)


def test_behind_the_proxy_each_visitor_is_counted_by_the_address_nginx_saw(settings: Any) -> None:
    settings.GONGKAI_TRUSTED_PROXIES = ["127.0.0.1"]
    _user("victim")
    for n in range(5):
        Client().post(
            reverse("login"),
            {"username": f"guess-{n}", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP="203.0.113.66",
        )
    other_visitor = Client().post(
        reverse("login"),
        {"username": "victim", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="203.0.113.5",
    )
    assert other_visitor.status_code == 302
