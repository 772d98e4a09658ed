"""Staff pages of the catalogue: thin views over selectors (reads) and one service per write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.errors import TransitionRefusedError
from gongkai_web.catalogue import selectors, services
from gongkai_web.catalogue.forms import AttachmentForm, ItemForm, ReturnForm
from gongkai_web.catalogue.models import Attachment
from gongkai_web.catalogue.uploads import UploadRefused
from gongkai_web.catalogue.workflow import ACTION_LABELS, ITEM_MACHINE, RETURN, can_edit_item
from gongkai_web.common.scoping import get_scoped_or_404

ACTIONS = {
    "submit": services.item_submit,
    "approve": services.item_approve,
    "publish": services.item_publish,
    "withdraw": services.item_withdraw,
    "revise": services.item_revise,
}


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Tasks, then per agency the pages the user may open (members only where they administer)."""
    from gongkai_web.agencies.models import Agency
    from gongkai_web.agencies.selectors import agency_ids_managed_by, agency_list_for_user
    from gongkai_web.applications.permissions import can_load_calendar
    from gongkai_web.oversight.selectors import agency_ids_overseen_by

    agencies = list(agency_list_for_user(user=request.user))
    managed = agency_ids_managed_by(user=request.user)
    return render(
        request,
        "staff/dashboard.html",
        {
            "tasks": selectors.item_tasks_for_user(user=request.user),
            "agencies": agencies,
            "managed": managed,
            "overseen": agency_ids_overseen_by(user=request.user),
            # superusers manage agencies they are not members of: listed apart, members page only
            "managed_elsewhere": Agency.objects.filter(id__in=managed - {a.pk for a in agencies}),
            "can_load_calendar": can_load_calendar(request.user),
        },
    )


@login_required
def item_list(request: HttpRequest, code: str) -> HttpResponse:
    agency = selectors.agency_get_for_user(user=request.user, code=code)
    items = selectors.item_list_for_user(user=request.user, agency=agency)[:200]
    return render(
        request,
        "staff/item_list.html",
        {"agency": agency, "items": items, "can_create": can_edit_item(request.user, agency)},
    )


@login_required
def item_create(request: HttpRequest, code: str) -> HttpResponse:
    agency = selectors.agency_get_for_user(user=request.user, code=code)
    if not can_edit_item(request.user, agency):
        raise PermissionDenied
    form = ItemForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        item = services.item_create(agency=agency, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Draft saved."))
        return redirect("staff:item_detail", pk=item.pk)
    return render(request, "staff/item_form.html", {"agency": agency, "form": form})


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, pk=pk)
    moves = [(m.action, ACTION_LABELS[m.action]) for m in ITEM_MACHINE.available(item, request.user)]
    return render(
        request,
        "staff/item_detail.html",
        {
            "item": item,
            "moves": [m for m in moves if m[0] != RETURN],
            "can_return": any(m[0] == RETURN for m in moves),
            "return_form": ReturnForm(),
            "attachment_form": AttachmentForm(),
            "editable": item.status in services.EDITABLE and can_edit_item(request.user, item),
            "history": item_history(item),
        },
    )


def item_history(item: object) -> object:
    from gongkai_web.common.models import AuditEntry

    return AuditEntry.objects.filter(object_type="catalogue.item", object_id=str(item.pk)).select_related(
        "actor"
    )  # type: ignore[attr-defined]


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, pk=pk)
    if item.status not in services.EDITABLE or not can_edit_item(request.user, item):
        raise PermissionDenied
    form = ItemForm(request.POST or None, instance=item, agency=item.agency)
    if request.method == "POST" and form.is_valid():
        services.item_update(item=item, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("staff:item_detail", pk=item.pk)
    return render(request, "staff/item_form.html", {"agency": item.agency, "form": form, "item": item})


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, pk=pk)
    move = ITEM_MACHINE.move_for(item.status, action)
    if move is not None and (move.allowed is None or not move.allowed(request.user, item)):
        raise PermissionDenied
    try:
        if action == RETURN:
            form = ReturnForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.item_return(item=item, acting_user=request.user, reason=reason)
        elif action in ACTIONS:
            ACTIONS[action](item=item, acting_user=request.user)
        else:
            raise PermissionDenied
    except TransitionRefusedError as exc:
        messages.error(request, exc.message_zh)
    else:
        messages.success(request, _("Done."))
    return redirect("staff:item_detail", pk=item.pk)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, pk=pk)
    if item.status not in services.EDITABLE or not can_edit_item(request.user, item):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect("staff:item_detail", pk=item.pk)
    upload = form.cleaned_data["file"]
    try:
        services.attachment_add(
            item=item, name=upload.name, size=upload.size, data=upload.file, acting_user=request.user
        )
    except UploadRefused as exc:
        messages.error(request, exc.message)
        return render(
            request, "staff/upload_refused.html", {"item": item, "message": exc.message}, status=400
        )
    except TransitionRefusedError as exc:
        raise PermissionDenied(exc.message_zh) from exc
    messages.success(request, _("File attached."))
    return redirect("staff:item_detail", pk=item.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    att = get_scoped_or_404(
        Attachment.objects.select_related("item"), request.user, field="item__agency", pk=pk
    )
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.original_name)


@login_required
def audit_list(request: HttpRequest, code: str) -> HttpResponse:
    from gongkai_web.common.models import AuditEntry

    agency = selectors.agency_get_for_user(user=request.user, code=code)
    entries = AuditEntry.objects.filter(agency=agency).select_related("actor")[:300]
    return render(request, "staff/audit_list.html", {"agency": agency, "entries": entries})
