"""Forms of the superior office's pages (validation only; the views call one service)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai_web.oversight.services import NOTICE_LIMIT


class NoticeForm(forms.Form):
    text = forms.CharField(
        label=_("What the department is asked to do"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTICE_LIMIT,
    )
