"""The search form of the portal: the words, and the filters (agency, column, publication days)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency
from gongkai_web.catalogue.categories import NATIONAL_CATEGORIES

#: The first day a filter may name (before any template of the report).
FIRST_DAY = date(2000, 1, 1)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search published information"), max_length=100, required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All agencies"),
        error_messages={"invalid_choice": _("Agency: choose one of the list.")},
    )
    category = forms.ChoiceField(
        label=_("Column"),
        required=False,
        choices=[("", _("All columns")), *((code, name) for code, name, _en in NATIONAL_CATEGORIES)],
        error_messages={"invalid_choice": _("Column: choose one of the list.")},
    )
    since = forms.DateField(
        label=_("Published from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Published from: enter a date such as 2024-01-31.")},
    )
    until = forms.DateField(
        label=_("Published until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Published until: enter a date such as 2024-12-31.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        for name in ("since", "until"):
            day = data.get(name)
            if day is not None and not FIRST_DAY <= day <= date(9998, 12, 31):
                self.add_error(name, _("Enter a date from 2000 on."))
        if since is not None and until is not None and since > until:
            self.add_error("until", _("Published until: the day must not be before “Published from”."))
        return data
