"""Request hygiene and response headers of the whole site (issue 14, items 3 and 5).

- :class:`InputGuardMiddleware`: a path, query string or form with a NUL byte or another control character,
  or a request declaring a character set other than UTF-8, is an input error (400 with the site's page), never
  a 500 from the database or the decoder; a link the site cannot build from what a visitor typed (a
  ``NoReverseMatch`` on a public page) is a 400 as well, logged for the operators.
- :class:`SecurityHeadersMiddleware`: ``Permissions-Policy`` on every answer and ``Cache-Control: no-store`` on
  every staff page (personal data never stays in a browser's or a proxy's cache).

The Content-Security-Policy itself comes from django-csp (``CONTENT_SECURITY_POLICY`` in settings).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import NoReverseMatch
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.defaults import bad_request

logger = logging.getLogger("gongkai_web.security")

#: C0 control characters but tab, line feed and carriage return (which a textarea sends), and DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: The only character set a request may declare (the site's forms are UTF-8; browsers send nothing else).
ACCEPTED_CHARSETS = frozenset({"utf-8", "utf8"})
#: Where a visitor without an account never goes: programming errors there stay errors.
STAFF_PREFIXES = ("/staff/", "/admin/")
#: Form bodies the guard reads (a multipart body's text fields are checked by the forms' own validators).
FORM_TYPE = "application/x-www-form-urlencoded"

GetResponse = Callable[[HttpRequest], HttpResponse]


def _has_control(values: Iterable[str]) -> bool:
    return any(CONTROL.search(value) for value in values)


def _query_has_control(query: QueryDict) -> bool:
    return any(_has_control([key, *query.getlist(key)]) for key in query)


def input_problem(request: HttpRequest) -> str | None:
    """Why ``request`` is refused before any view sees it, or None."""
    charset = request.content_params.get("charset") if request.content_params else None
    if charset is not None and charset.strip().strip('"').lower() not in ACCEPTED_CHARSETS:
        return "declared charset"
    if CONTROL.search(request.path):
        return "control character in the path"
    if _query_has_control(request.GET):
        return "control character in the query string"
    if request.method == "POST" and request.content_type == FORM_TYPE and _query_has_control(request.POST):
        return "control character in the form"
    return None


def client_address(request: HttpRequest) -> str:
    """The visitor's address, for anything that counts per address (the login lockout, a form's rate limit):
    ``X-Real-IP`` as nginx set it, but only when the request came from a trusted proxy
    (``GONGKAI_TRUSTED_PROXIES``, by default none; production: 127.0.0.1), else the peer's ``REMOTE_ADDR``. A
    client talking to the app directly cannot choose its address."""
    peer = str(request.META.get("REMOTE_ADDR") or "")
    trusted: list[str] = list(getattr(settings, "GONGKAI_TRUSTED_PROXIES", []))
    forwarded = str(request.META.get("HTTP_X_REAL_IP") or "").strip()
    if peer in trusted and forwarded:
        return forwarded[:64]
    return peer


def is_staff_path(path: str) -> bool:
    return path.startswith(STAFF_PREFIXES)


class InputGuardMiddleware:
    """Refuse malformed input with 400 (see the module's docstring); put right after SecurityMiddleware."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            problem = input_problem(request)
        except (BadRequest, UnicodeDecodeError, LookupError):
            problem = "undecodable request"
        if problem is not None:
            logger.info("refused %s: %s", request.path[:200], problem)
            return bad_request(request, BadRequest(problem))
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, NoReverseMatch) and not is_staff_path(request.path):
            logger.error("no link for a public request %s", request.path[:200], exc_info=exception)
            return bad_request(request, BadRequest("unroutable input"))
        return None


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` everywhere, ``Cache-Control: no-store`` on staff pages."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy: str = getattr(settings, "GONGKAI_PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        if is_staff_path(request.path) or request.path.startswith("/accounts/"):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
