"""Member management pages of an agency's administrator, and the one-time set-password pages (thin views).

Out of the user's scope: 404 (another agency's members are never shown); in scope without the administrator
role: 403. Every write is a POST through one service.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai_web.agencies import selectors, services
from gongkai_web.agencies.forms import AccountForm, GrantForm, GuideForm, GuideReturnForm
from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.permissions import (
    can_edit_guide,
    can_manage_members,
    can_review_guide,
    grantable_roles,
)
from gongkai_web.common.errors import NotPermitted, ServiceError, to_form, to_messages
from gongkai_web.common.i18n import message


def _managed_agency(request: HttpRequest, code: str) -> Agency:
    agency = selectors.agency_get_for_members(user=request.user, code=code)
    if not can_manage_members(request.user, agency):
        raise NotPermitted(_("Only the agency's administrators may manage its members."))
    return agency


def _list_page(request: HttpRequest, agency: Agency, grant_form: GrantForm | None = None) -> HttpResponse:
    return render(
        request,
        "agencies/member_list.html",
        {
            "agency": agency,
            "members": selectors.members_of(agency=agency),
            "revocable": {r.value for r in grantable_roles(request.user)},
            "grant_form": grant_form or GrantForm(acting_user=request.user),
        },
    )


@login_required
def member_list(request: HttpRequest, code: str) -> HttpResponse:
    return _list_page(request, _managed_agency(request, code))


@login_required
@require_POST
def member_grant(request: HttpRequest, code: str) -> HttpResponse:
    agency = _managed_agency(request, code)
    form = GrantForm(request.POST, acting_user=request.user)
    if form.is_valid():
        try:
            services.member_role_grant(agency=agency, acting_user=request.user, **form.cleaned_data)
        except services.MemberChangeRefused as exc:
            to_form(form, exc)
        else:
            messages.success(request, _("Role granted."))
            return redirect("agencies:list", code=agency.code)
    return _list_page(request, agency, grant_form=form)


@never_cache
@login_required
def member_create(request: HttpRequest, code: str) -> HttpResponse:
    agency = _managed_agency(request, code)
    form = AccountForm(request.POST or None, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.member_account_create(
                agency=agency, acting_user=request.user, **form.cleaned_data
            )
        except services.MemberChangeRefused as exc:
            to_form(form, exc)
        else:
            return _link_page(request, agency, user, services.password_set_token(user=user), created=True)
    return render(request, "agencies/member_form.html", {"agency": agency, "form": form})


def _link_page(
    request: HttpRequest, agency: Agency, user: User, uid_token: tuple[str, str], *, created: bool
) -> HttpResponse:
    """The set-password link, shown once in this response only (never in a message or the session)."""
    uidb64, token = uid_token
    link = request.build_absolute_uri(
        reverse("agencies:password_set", kwargs={"uidb64": uidb64, "token": token})
    )
    return render(
        request,
        "agencies/member_created.html",
        {
            "agency": agency,
            "account": user,
            "link": link,
            "created": created,
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )


@never_cache
@login_required
@require_POST
def member_link(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = _managed_agency(request, code)
    user = selectors.member_get_in(agency=agency, pk=pk)
    try:
        uid_token = services.member_password_link_issue(agency=agency, acting_user=request.user, user=user)
    except services.MemberChangeRefused as exc:
        messages.error(request, message(exc))
        return redirect("agencies:list", code=agency.code)
    return _link_page(request, agency, user, uid_token, created=False)


@login_required
@require_POST
def member_revoke(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = _managed_agency(request, code)
    membership = selectors.membership_get_in(agency=agency, pk=pk)
    try:
        services.member_role_revoke(membership=membership, acting_user=request.user)
    except services.MemberChangeRefused as exc:
        messages.error(request, message(exc))
    else:
        messages.success(request, _("Role removed."))
    return redirect("agencies:list", code=agency.code)


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The new account's one-time link: choose a password (Django's reset confirmation, own pages)."""

    template_name = "agencies/password_set.html"
    success_url = reverse_lazy("agencies:password_set_done")


class PasswordSetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "agencies/password_set_done.html"


# --- the 政府信息公开指南 and 公开制度 -------------------------------------------------------------------------


@login_required
def guide_edit(request: HttpRequest, code: str) -> HttpResponse:
    """The agency's guide and rules: the edit form (officers, administrators), the edit awaiting review with
    approve and return (leaders other than its writer)."""

    agency, guide = selectors.guide_for_staff(user=request.user, code=code)
    may_edit = can_edit_guide(request.user, agency)
    initial = guide.pending or None
    form = GuideForm(request.POST or None, instance=guide, initial=initial)
    if request.method == "POST":
        if not may_edit:
            raise NotPermitted(_("Only the agency's officers or administrators may edit its guide."))
        if form.is_valid():
            try:
                services.guide_submit(
                    agency=agency,
                    fields={k: form.cleaned_data[k] for k in form.Meta.fields},
                    acting_user=request.user,
                )
            except ServiceError as exc:
                to_form(form, exc)
            else:
                messages.success(request, _("Edit submitted; a leader reviews it before it is published."))
                return redirect("agencies:guide", code=agency.code)
    may_review = (
        bool(guide.pending)
        and can_review_guide(request.user, agency)
        and guide.pending_by_id != getattr(request.user, "pk", None)
    )
    return render(
        request,
        "agencies/guide_edit.html",
        {
            "agency": agency,
            "guide": guide,
            "form": form if may_edit else None,
            "pending": [(GuideForm.base_fields[k].label, v) for k, v in guide.pending.items()],
            "may_review": may_review,
            "return_form": GuideReturnForm(),
        },
    )


@login_required
@require_POST
def guide_review(request: HttpRequest, code: str) -> HttpResponse:
    """Approve (``decision=approve``) or return with a reason the edit awaiting review."""

    agency, _guide = selectors.guide_for_staff(user=request.user, code=code)
    if request.POST.get("decision") == "approve":
        to_messages(
            request,
            lambda: services.guide_approve(agency=agency, acting_user=request.user),
            done=_("Guide approved and published."),
        )
    else:
        form = GuideReturnForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Reason for return: say what to change."))
        else:
            to_messages(
                request,
                lambda: services.guide_return(
                    agency=agency, reason=form.cleaned_data["reason"], acting_user=request.user
                ),
                done=_("Edit returned with the reason."),
            )
    return redirect("agencies:guide", code=agency.code)
