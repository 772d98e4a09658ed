"""Staff who must use a second factor reach no staff or admin page before they enrolled and verified one."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from gongkai_web.accounts.services import confirmed_device
from gongkai_web.agencies.permissions import needs_second_factor
from gongkai_web.common.security import is_staff_path


def second_factor_missing(request: HttpRequest) -> bool:
    """The signed-in user must verify a second factor in this session and has not."""
    user = request.user
    if not settings.GONGKAI_TWO_FACTOR or not user.is_authenticated:
        return False
    if getattr(user, "is_verified", lambda: False)():
        return False
    return needs_second_factor(user)


class TwoFactorMiddleware:
    """After OTPMiddleware: send such a user to the verify step, or to enrol when they have no device yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_staff_path(request.path) and second_factor_missing(request):
            assert request.user.is_authenticated
            enrolled = confirmed_device(user=request.user) is not None
            target = reverse("accounts:two_factor" if enrolled else "accounts:two_factor_enrol")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
