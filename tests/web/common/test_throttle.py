"""The database counter behind the throttling of public requests, and the arithmetic challenge."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from gongkai_web.common.models import Throttle
from gongkai_web.common.throttle import (
    Rate,
    challenge_new,
    challenge_passed,
    needs_challenge,
    over_limit,
    rate,
    throttle_count,
    throttle_hit,
)

pytestmark = pytest.mark.django_db

R = Rate("test", challenge_after=2, limit=3, window_seconds=3600)


def test_each_hit_counts_once_in_the_database() -> None:
    assert [throttle_hit(R, "10.0.0.1") for _ in range(3)] == [1, 2, 3]
    assert Throttle.objects.count() == 1 and throttle_count(R, "10.0.0.1") == 3


def test_addresses_are_counted_apart() -> None:
    throttle_hit(R, "10.0.0.1")
    assert throttle_hit(R, "10.0.0.2") == 1


def test_the_address_is_not_stored_in_clear() -> None:
    throttle_hit(R, "192.0.2.77")
    assert "192.0.2.77" not in Throttle.objects.get().key


def test_the_challenge_comes_after_a_few_and_the_refusal_past_the_limit() -> None:
    assert not needs_challenge(R, 2) and needs_challenge(R, 3)
    assert not over_limit(R, 3) and over_limit(R, 4)


def test_settings_override_a_rate(settings: Any) -> None:
    settings.GONGKAI_THROTTLE = {"apply": (1, 2, 60)}
    assert rate("apply") == Rate("apply", 1, 2, 60)


def _request() -> Any:
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/")
    request.session = SessionStore()
    return request


def test_the_right_answer_passes_the_challenge_once() -> None:
    request = _request()
    a, b = challenge_new(request, "apply")
    assert challenge_passed(request, "apply", f" {a + b} ")
    assert not challenge_passed(request, "apply", str(a + b))


def test_a_wrong_or_empty_answer_fails_the_challenge() -> None:
    request = _request()
    a, b = challenge_new(request, "apply")
    assert not challenge_passed(request, "apply", str(a + b + 1))
    challenge_new(request, "apply")
    assert not challenge_passed(request, "apply", "")


def test_full_width_digits_answer_the_challenge() -> None:
    request = _request()
    a, b = challenge_new(request, "apply")
    answer = str(a + b).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert challenge_passed(request, "apply", answer)
