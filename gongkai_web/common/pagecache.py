"""A page cache for the public portal, safe because public pages are the same for every anonymous visitor.

Each cached page is keyed by the portal version, the language and the full path. The version is one row in
the database, bumped in the same transaction as any change that can alter a public page (publication,
withdrawal, new agency), so every worker process sees a change at once; entries also expire after
``PORTAL_CACHE_SECONDS``. Logged-in users, non-GET requests and responses carrying messages bypass the cache.
"""

from __future__ import annotations

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


def portal_version() -> int:
    row = Counter.objects.filter(name=PORTAL).values_list("value", flat=True).first()
    return row or 0


def portal_version_bump() -> None:
    """Invalidate every cached public page (call inside the transaction that changes what they show)."""
    if not Counter.objects.filter(name=PORTAL).update(value=F("value") + 1):
        Counter.objects.get_or_create(name=PORTAL, defaults={"value": 1})


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
