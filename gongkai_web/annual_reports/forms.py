"""Forms of the annual-report pages (validation only; the views call one service)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai_web.annual_reports.models import Verdict
from gongkai_web.annual_reports.services import MAX_UPLOAD_BYTES

PROSE_LIMIT = 20000


class GenerateForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2008, max_value=2200)


class ProseForm(forms.Form):
    overview = forms.CharField(
        label=_("1. General situation"), widget=forms.Textarea(attrs={"rows": 8}), max_length=PROSE_LIMIT
    )
    problems = forms.CharField(
        label=_("5. Main problems and improvements"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=PROSE_LIMIT,
        required=False,
    )
    other = forms.CharField(
        label=_("6. Other matters to report"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=PROSE_LIMIT,
        required=False,
    )


class ImportForm(forms.Form):
    """A file, or the address of the report on the web (its page, or a page that links it as an attachment)."""

    file = forms.FileField(label=_("Earlier report (text, HTML, DOCX, PDF or JSON)"), required=False)
    url = forms.URLField(
        label=_("or its address on the web"),
        required=False,
        assume_scheme="https",
        max_length=1000,
        help_text=_("The report's page or file, e.g. https://www.example.gov.cn/nianbao/2023.html"),
    )

    year = forms.IntegerField(
        label=_("Year of the report"),
        required=False,
        min_value=2008,
        max_value=2100,
        help_text=_("If given, a file holding another year's report is refused."),
    )

    def clean_file(self) -> object:
        f = self.cleaned_data["file"]
        if f is not None and f.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                gettext("The file is too large (at most %(mb)d MB).")
                % {"mb": MAX_UPLOAD_BYTES // 1024 // 1024}
            )
        return f

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not self.errors:
            has_file, has_url = data.get("file") is not None, bool(data.get("url"))
            if has_file == has_url:
                raise forms.ValidationError(gettext("Choose a file or give the report's address, not both."))
        return data


REASON_LIMIT = 2000


class DecisionForm(forms.Form):
    """A decision about one finding: which (rule and cells key), confirm or dismiss, and why."""

    rule = forms.CharField(max_length=64, widget=forms.HiddenInput)
    cells = forms.CharField(max_length=1000, widget=forms.HiddenInput)
    verdict = forms.ChoiceField(choices=Verdict.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason (required to dismiss; a note for the agency when confirming)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=REASON_LIMIT,
        required=False,
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning the report"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_LIMIT,
    )
