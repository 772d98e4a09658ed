"""The staff home. Views are thin: the selectors of the apps whose tasks and pages they list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai_web.agencies.scoping import agency_get_for_user
from gongkai_web.staff import selectors


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Tasks, then per agency the pages the user may open (members only where they administer)."""
    return render(request, "staff/dashboard.html", {"home": selectors.home_for(user=request.user)})


@login_required
def audit_list(request: HttpRequest, code: str) -> HttpResponse:
    """The latest audit rows of an agency the user may read."""
    agency = agency_get_for_user(user=request.user, code=code)
    return render(
        request,
        "staff/audit_list.html",
        {"agency": agency, "entries": selectors.audit_entries_of(agency=agency)[:300]},
    )
