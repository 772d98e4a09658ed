"""Forms of the staff pages: they validate, the view then calls one service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency
from gongkai_web.catalogue.models import Category, Item, Status


class ItemForm(forms.ModelForm[Item]):
    class Meta:
        model = Item
        fields = [
            "category",
            "title",
            "body",
            "doc_number",
            "issuing_body",
            "validity",
            "publish_at",
            "generated_on",
            "topic",
        ]
        widgets = {
            "generated_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body": forms.Textarea(attrs={"rows": 12}),
            "publish_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }
        # The foreign key has no verbose name of its own (a catalogue migration would be needed to give it
        # one): without this the Chinese form read 「Category:」.
        labels = {"category": _("category")}

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = Category.objects.filter(agency=agency)
        publish_at = self.fields["publish_at"]
        assert isinstance(publish_at, forms.DateTimeField)
        publish_at.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class CategoryForm(forms.ModelForm[Category]):
    """A column of the catalogue tree: its code (new columns only), names, parent and position."""

    class Meta:
        model = Category
        fields = ["code", "name", "name_en", "parent", "position"]
        labels = {"parent": _("Parent column"), "position": _("Position")}
        error_messages = {
            "code": {
                "invalid": _("Code: letters, digits, hyphens and underscores only."),
                "required": _("Code: enter a short code such as xzxk."),
            },
            "name": {"required": _("Name: enter the column's name.")},
        }

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        qs = Category.objects.filter(agency=agency)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
            self.fields["code"].disabled = True
        parent.queryset = qs
        parent.required = False
        parent.empty_label = _("(top level)")


class ItemFilterForm(forms.Form):
    """The filters of the staff item list (all optional; a bad date is said at its field)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", "—"), *Status.choices])
    category = forms.ModelChoiceField(label=_("category"), required=False, queryset=Category.objects.none())
    since = forms.DateField(
        label=_("changed from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("changed until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = Category.objects.filter(agency=agency)
