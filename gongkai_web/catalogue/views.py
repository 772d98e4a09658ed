"""Staff pages of the catalogue: thin views over selectors (reads) and one service per write.

The item page offers exactly the moves :meth:`ITEM_MACHINE.available <gongkai_web.common.transitions.Machine.
available>` gives the user (a move that needs input, the return with its reason, comes with its form); the
services check every right again, and a refusal of the user's rights answers 403.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.errors import GongkaiError
from gongkai_web.agencies.permissions import can_manage_categories
from gongkai_web.agencies.scoping import agency_get_for_user, get_scoped_or_404
from gongkai_web.catalogue import selectors, services
from gongkai_web.catalogue.forms import AttachmentForm, CategoryForm, ItemFilterForm, ItemForm, ReturnForm
from gongkai_web.catalogue.models import Attachment, Item
from gongkai_web.catalogue.workflow import (
    APPROVE,
    ITEM_MACHINE,
    PUBLISH,
    RETURN,
    REVISE,
    SUBMIT,
    WITHDRAW,
    can_edit_item,
    may_edit,
)
from gongkai_web.common.errors import NotPermitted, to_form, to_messages
from gongkai_web.common.i18n import message
from gongkai_web.common.uploads import UploadRefused

#: The service behind each move of the item page (the return takes its reason from ReturnForm).
MOVES: dict[str, Callable[..., Item]] = {
    SUBMIT: services.item_submit,
    APPROVE: services.item_approve,
    PUBLISH: services.item_publish,
    WITHDRAW: services.item_withdraw,
    REVISE: services.item_revise,
}


#: Items per page of the staff item list.
ITEMS_PER_PAGE = 50


@login_required
def item_list(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, code=code)
    form = ItemFilterForm(request.GET or None, agency=agency)
    where = selectors.ItemFilter()
    if form.is_bound and form.is_valid():
        where = selectors.ItemFilter(**form.cleaned_data)
    items = selectors.item_search_for_user(user=request.user, agency=agency, where=where)
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalogue/item_list.html",
        {
            "agency": agency,
            "items": page.object_list,
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "can_create": can_edit_item(request.user, agency),
        },
    )


@login_required
def item_create(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, code=code)
    if not can_edit_item(request.user, agency):
        raise NotPermitted(_("Only the agency's officers may draft items."))
    form = ItemForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(agency=agency, acting_user=request.user, **form.cleaned_data)
        except NotPermitted:
            raise
        except GongkaiError as exc:  # e.g. a body too deeply nested to sanitise (catalogue.sanitize)
            to_form(form, exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("catalogue:item_detail", pk=item.pk)
    return render(request, "catalogue/item_form.html", {"agency": agency, "form": form})


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, pk=pk)
    available = ITEM_MACHINE.available(item, request.user)
    for why in ITEM_MACHINE.blocked(item, request.user):
        messages.info(request, why)
    return render(
        request,
        "catalogue/item_detail.html",
        {
            "item": item,
            "moves": [(m.action, ITEM_MACHINE.label(m.action)) for m in available if m.action != RETURN],
            "return_form": ReturnForm() if any(m.action == RETURN for m in available) else None,
            "attachment_form": AttachmentForm(),
            "editable": may_edit(item, request.user),
            "history": selectors.item_history(item=item),
        },
    )


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, pk=pk)
    if not may_edit(item, request.user):
        raise NotPermitted(_("This item cannot be edited now."))
    form = ItemForm(request.POST or None, instance=item, agency=item.agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=item, acting_user=request.user, **form.cleaned_data)
        except NotPermitted:
            raise
        except GongkaiError as exc:  # e.g. a body too deeply nested to sanitise (catalogue.sanitize)
            to_form(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("catalogue:item_detail", pk=item.pk)
    return render(request, "catalogue/item_form.html", {"agency": item.agency, "form": form, "item": item})


@login_required
@require_POST
def item_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, pk=pk)
    if action != RETURN and action not in MOVES:
        raise Http404
    try:
        if action == RETURN:
            form = ReturnForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.item_return(item=item, acting_user=request.user, reason=reason)
        else:
            MOVES[action](item=item, acting_user=request.user)
    except NotPermitted:
        raise
    except GongkaiError as exc:
        messages.error(request, message(exc))
    else:
        messages.success(request, _("Done."))
    return redirect("catalogue:item_detail", pk=item.pk)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not may_edit(item, request.user):
        raise NotPermitted(_("This item cannot be edited now."))
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect("catalogue:item_detail", pk=item.pk)
    upload = form.cleaned_data["file"]
    try:
        services.attachment_add(
            item=item, name=upload.name, size=upload.size, data=upload.file, acting_user=request.user
        )
    except UploadRefused as exc:
        messages.error(request, message(exc))
        return render(
            request, "catalogue/upload_refused.html", {"item": item, "message": message(exc)}, status=400
        )
    except NotPermitted:
        raise
    messages.success(request, _("File attached."))
    return redirect("catalogue:item_detail", pk=item.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    att = get_scoped_or_404(
        Attachment.objects.select_related("item"), request.user, field="item__agency", pk=pk
    )
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.original_name)


@login_required
def column_health(request: HttpRequest, code: str) -> HttpResponse:
    """The agency's columns: items per month over the last year, days since the last update, and the blank
    and stale ones by the thresholds in force."""
    agency = agency_get_for_user(user=request.user, code=code)
    today = timezone.localdate()
    summary = selectors.column_health(agency_ids=[agency.pk], today=today)[agency.pk]
    months = selectors.months_back(today, selectors.HEALTH_MONTHS)
    return render(
        request,
        "catalogue/column_health.html",
        {"agency": agency, "summary": summary, "months": months, "today": today},
    )


# --- the catalogue tree (agency administrators) ----------------------------------------------------------------


@login_required
def category_list(request: HttpRequest, code: str) -> HttpResponse:
    """The agency's catalogue tree with a form for a new column (or sub-column); administrators only."""

    agency = agency_get_for_user(user=request.user, code=code)
    if not can_manage_categories(request.user, agency):
        raise NotPermitted(_("Only the agency's administrators may manage its catalogue columns."))
    form = CategoryForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_create(agency=agency, acting_user=request.user, **form.cleaned_data)
        except GongkaiError as exc:
            to_form(form, exc)
        else:
            messages.success(request, _("Column added."))
            return redirect("catalogue:category_list", code=agency.code)
    return render(
        request,
        "catalogue/category_list.html",
        {"agency": agency, "tree": selectors.category_tree_nested(agency=agency), "form": form},
    )


@login_required
def category_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Rename, move or remove one column."""

    agency = agency_get_for_user(user=request.user, code=code)
    if not can_manage_categories(request.user, agency):
        raise NotPermitted(_("Only the agency's administrators may manage its catalogue columns."))
    category = selectors.category_get_in(agency=agency, pk=pk)
    if request.method == "POST" and request.POST.get("delete"):
        if to_messages(
            request,
            lambda: services.category_delete(category=category, acting_user=request.user),
            done=_("Column removed."),
        ):
            return redirect("catalogue:category_list", code=agency.code)
        return redirect("catalogue:category_edit", code=agency.code, pk=pk)
    form = CategoryForm(request.POST or None, instance=category, agency=agency)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "code"}
        try:
            services.category_update(category=category, acting_user=request.user, **fields)
        except GongkaiError as exc:
            to_form(form, exc)
        else:
            messages.success(request, _("Column saved."))
            return redirect("catalogue:category_list", code=agency.code)
    return render(
        request, "catalogue/category_edit.html", {"agency": agency, "category": category, "form": form}
    )
