"""Staff pages of the registers: list, export and import (all or nothing) per agency."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai_web.agencies.scoping import agency_get_for_user
from gongkai_web.common.downloads import file_response
from gongkai_web.common.errors import NotPermitted
from gongkai_web.registers.permissions import can_import
from gongkai_web.registers.selectors import register_rows_for_user
from gongkai_web.registers.services import register_import
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


@login_required
def register_list(request: HttpRequest, code: str, register: str) -> HttpResponse:
    agency = agency_get_for_user(user=request.user, code=code)
    spec = _spec(register)
    rows = register_rows_for_user(user=request.user, spec=spec, agency=agency).order_by("-id")[:500]
    table = [[_shown(r, c.field) for c in spec.columns] for r in rows]
    return render(
        request,
        "registers/list.html",
        {
            "agency": agency,
            "spec": spec,
            "table": table,
            "registers": REGISTERS.values(),
            "can_import": can_import(request.user, agency),
            "form": ImportForm(),
        },
    )


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
            messages.success(request, _("%(count)d rows imported.") % {"count": result.created})
            return redirect("registers:list", code=agency.code, register=spec.key)
    return render(
        request,
        "registers/import.html",
        {"agency": agency, "spec": spec, "form": form, "result": result},
        status=400 if result is not None else 200,
    )
