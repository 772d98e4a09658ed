"""Staff pages of the registers: list, export and import (all or nothing) per agency."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models as django_models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.errors import GongkaiError
from gongkai_web.agencies.scoping import agency_get_for_user
from gongkai_web.common.downloads import file_response
from gongkai_web.common.errors import NotPermitted, to_form, to_messages
from gongkai_web.registers.permissions import can_import
from gongkai_web.registers.selectors import register_rows_for_user
from gongkai_web.registers.services import (
    register_import,
    register_row_create,
    register_row_delete,
    register_row_update,
)
from gongkai_web.registers.specs import REGISTERS, RegisterSpec
from gongkai_web.registers.xlsx import register_export


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Spreadsheet (.xlsx)"))


def _spec(register: str) -> RegisterSpec:
    try:
        return REGISTERS[register]
    except KeyError as exc:
        raise Http404 from exc


def _shown(row: Any, field: str) -> Any:
    """A cell as the page shows it: a choice by its label (in the active language), anything else as stored."""
    if row._meta.get_field(field).choices:
        return getattr(row, f"get_{field}_display")()
    return getattr(row, field)


#: Records per page of a register's list.
PAGE_SIZE = 50


@login_required
def register_list(request: HttpRequest, code: str, register: str) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, code=code)
    spec = _spec(register)
    rows = register_rows_for_user(user=request.user, spec=spec, agency=agency).order_by("-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    table = [(r.pk, [_shown(r, c.field) for c in spec.columns]) for r in page.object_list]
    return render(
        request,
        "registers/list.html",
        {
            "agency": agency,
            "spec": spec,
            "table": table,
            "page": page,
            "registers": REGISTERS.values(),
            "can_import": can_import(request.user, agency),
            "form": ImportForm(),
        },
    )


def _record_form(spec: RegisterSpec, data: Any = None, instance: Any = None) -> forms.ModelForm[Any]:
    """The form of one record: the register's columns, labelled as the page's columns, dates as dates."""
    fields = [c.field for c in spec.columns]
    widgets: dict[str, type[forms.Widget] | forms.Widget] = {
        c.field: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        for c in spec.columns
        if isinstance(spec.model._meta.get_field(c.field), django_models.DateField)
    }
    form_class = forms.modelform_factory(
        spec.model, fields=fields, widgets=widgets, labels={c.field: c.title for c in spec.columns}
    )
    return form_class(data, instance=instance)


def _record(request: HttpRequest, agency: Any, spec: RegisterSpec, pk: int) -> Any:
    rows = register_rows_for_user(user=request.user, spec=spec, agency=agency)
    return get_object_or_404(rows, pk=pk)


def _record_page(
    request: HttpRequest,
    agency: Any,
    spec: RegisterSpec,
    row: Any,
    save: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """The form of one record (a new one when ``row`` is None): on a valid POST ``save`` gets the cleaned
    values; the service's refusal goes to the form's fields, success back to the register's list."""
    if not can_import(request.user, agency):
        raise NotPermitted(_("Only the agency's officers or administrators may write registers."))
    instance = spec.model._default_manager.get(pk=row.pk) if row is not None else None
    form = _record_form(spec, request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except NotPermitted:
            raise
        except GongkaiError as exc:
            to_form(form, exc)
        else:
            messages.success(request, done)
            return redirect("registers:list", code=agency.code, register=spec.key)
    return render(
        request, "registers/record_form.html", {"agency": agency, "spec": spec, "form": form, "row": row}
    )


@login_required
def register_record_add(request: HttpRequest, code: str, register: str) -> HttpResponse:
    """Add one record to a register (officers and administrators)."""
    agency = agency_get_for_user(user=request.user, code=code)
    spec = _spec(register)
    return _record_page(
        request,
        agency,
        spec,
        None,
        lambda values: register_row_create(spec=spec, agency=agency, values=values, acting_user=request.user),
        _("Record added."),
    )


@login_required
def register_record_edit(request: HttpRequest, code: str, register: str, pk: int) -> HttpResponse:
    """Edit one record of a register (officers and administrators)."""
    agency = agency_get_for_user(user=request.user, code=code)
    spec = _spec(register)
    row = _record(request, agency, spec, pk)
    return _record_page(
        request,
        agency,
        spec,
        row,
        lambda values: register_row_update(spec=spec, row=row, values=values, acting_user=request.user),
        _("Record saved."),
    )


@login_required
@require_POST
def register_record_delete(request: HttpRequest, code: str, register: str, pk: int) -> HttpResponse:
    """Delete one record of a register (officers and administrators); POST only."""
    agency = agency_get_for_user(user=request.user, code=code)
    spec = _spec(register)
    row = _record(request, agency, spec, pk)
    to_messages(
        request,
        lambda: register_row_delete(spec=spec, row=row, acting_user=request.user),
        done=_("Record deleted."),
    )
    return redirect("registers:list", code=agency.code, register=spec.key)


@login_required
def register_download(request: HttpRequest, code: str, register: str) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, code=code)
    spec = _spec(register)
    return file_response(
        register_export(spec=spec, agency=agency),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=f"{agency.code}-{spec.key}.xlsx",
    )


@login_required
def register_upload(request: HttpRequest, code: str, register: str) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, code=code)
    spec = _spec(register)
    if not can_import(request.user, agency):
        raise NotPermitted(_("Only the agency's officers or administrators may import registers."))
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = register_import(
            spec=spec, agency=agency, data=upload.file, size=upload.size, acting_user=request.user
        )
        if result.ok:
            messages.success(
                request,
                _("%(count)d rows imported; %(skipped)d rows already in the register were not added again.")
                % {"count": result.created, "skipped": result.skipped},
            )
            return redirect("registers:list", code=agency.code, register=spec.key)
    return render(
        request,
        "registers/import.html",
        {"agency": agency, "spec": spec, "form": form, "result": result},
        status=400 if result is not None else 200,
    )
