"""The one form of the second factor: the six digits of a TOTP code."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=6,
        min_length=6,
        validators=[RegexValidator(r"^[0-9]{6}$", _("The code is six digits."))],
        error_messages={
            "required": _("Enter the six-digit code."),
            "min_length": _("The code is six digits."),
            "max_length": _("The code is six digits."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
