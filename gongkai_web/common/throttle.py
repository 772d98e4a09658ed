"""Throttling of public writes and look-ups per client address, and the challenge (captcha) after a few.

A :class:`Rate` names a kind of request: after ``challenge_after`` requests from one address in a window the
page asks an arithmetic question (rendered on the server, read aloud by a screen reader, no image, no external
service); after ``limit`` it refuses (429) until the window ends. The counts live in the database
(:class:`gongkai_web.common.models.Throttle`, one row per address, kind and window, incremented with one
UPDATE), so they hold across workers and hosts and on SQLite as on PostgreSQL. ``settings.GONGKAI_THROTTLE``
may override a rate: ``{"apply": (challenge_after, limit, window_seconds)}``.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest

from gongkai_web.common.models import Throttle


@dataclass(frozen=True)
class Rate:
    """A kind of public request and its bounds per client address and window."""

    name: str
    challenge_after: int
    limit: int
    window_seconds: int


#: The public application form, the online 补正 and the status look-up (issue 14 item 4).
RATES: dict[str, Rate] = {
    "apply": Rate("apply", challenge_after=3, limit=20, window_seconds=3600),
    "correct": Rate("correct", challenge_after=3, limit=20, window_seconds=3600),
    "lookup": Rate("lookup", challenge_after=10, limit=60, window_seconds=600),
}


def rate(name: str) -> Rate:
    """The rate ``name`` as configured (``settings.GONGKAI_THROTTLE`` overrides the defaults)."""
    override = settings.GONGKAI_THROTTLE.get(name)
    if override:
        challenge_after, limit, window = override
        return Rate(name, int(challenge_after), int(limit), int(window))
    return RATES[name]


def _key(r: Rate, address: str) -> str:
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"{r.name}:{digest}"


def _window(r: Rate) -> int:
    return int(time.time()) // r.window_seconds


def throttle_count(r: Rate, address: str) -> int:
    """How many requests of kind ``r`` the address made in the current window."""
    row = Throttle.objects.filter(key=_key(r, address), window=_window(r)).values_list("count", flat=True)
    return int(row.first() or 0)


def throttle_hit(r: Rate, address: str) -> int:
    """Count one request of kind ``r`` from ``address``; returns the count in this window (this one included)."""
    key, window = _key(r, address), _window(r)
    with transaction.atomic():
        if not Throttle.objects.filter(key=key, window=window).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    Throttle.objects.create(key=key, window=window, count=1)
            except IntegrityError:  # another worker created it first
                Throttle.objects.filter(key=key, window=window).update(count=F("count") + 1)
        Throttle.objects.filter(key=key, window__lt=window - 1).delete()
        return int(Throttle.objects.values_list("count", flat=True).get(key=key, window=window))


def needs_challenge(r: Rate, count: int) -> bool:
    return count > r.challenge_after


def over_limit(r: Rate, count: int) -> bool:
    return count > r.limit


# --- the challenge -----------------------------------------------------------------------------------

_SESSION_KEY = "gongkai_challenge"


def challenge_new(request: HttpRequest, purpose: str) -> tuple[int, int]:
    """A new question for ``purpose`` (two small numbers to add), its answer kept in the server-side session."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    request.session[f"{_SESSION_KEY}:{purpose}"] = a + b
    return a, b


def challenge_passed(request: HttpRequest, purpose: str, answer: str) -> bool:
    """Whether ``answer`` is the answer to the question last asked for ``purpose`` (each question once)."""
    expected = request.session.pop(f"{_SESSION_KEY}:{purpose}", None)
    text = answer.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return expected is not None and text.isdigit() and int(text) == expected
