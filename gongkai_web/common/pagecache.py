"""A page cache for the public portal, safe because public pages are the same for every anonymous visitor.

Each cached page is keyed by the portal version, the language and the full path. The version is one row in
the database, bumped in the same transaction as any change that can alter a public page (publication,
withdrawal, new agency); each process reads the version at most once every ``PORTAL_VERSION_SECONDS`` (1 s),
so a change shows everywhere within a second; entries also expire after ``PORTAL_CACHE_SECONDS``. Logged-in users, non-GET requests and responses carrying messages bypass the cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from gongkai_web.common.models import Counter

PORTAL = "portal"


_seen: dict[str, float] = {"value": 0.0, "at": float("-inf")}


def portal_version() -> int:
    """The portal version, read from the database at most every ``PORTAL_VERSION_SECONDS`` per process."""
    now = time.monotonic()
    if now - _seen["at"] >= settings.PORTAL_VERSION_SECONDS:
        row = Counter.objects.filter(name=PORTAL).values_list("value", flat=True).first()
        _seen["value"], _seen["at"] = float(row or 0), now
    return int(_seen["value"])


def portal_version_bump() -> None:
    """Invalidate every cached public page (call inside the transaction that changes what they show)."""
    if not Counter.objects.filter(name=PORTAL).update(value=F("value") + 1):
        Counter.objects.get_or_create(name=PORTAL, defaults={"value": 1})
    _seen["at"] = float("-inf")  # this process sees its own change at once


def cached_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or request.user.is_authenticated or "messages" in request.COOKIES:
            return view(request, *args, **kwargs)
        cache = caches["portal"]
        key = f"p:{portal_version()}:{get_language()}:{request.get_full_path()}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["Content-Language"] = get_language()
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), settings.PORTAL_CACHE_SECONDS)
        return response

    return wrapper
