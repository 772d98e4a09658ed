"""Forms of the members pages: they check the input's shape; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.permissions import grantable_roles
from gongkai_web.common.permissions import Actor

USERNAME_HELP = _("Letters, digits and @ . + - _ only; at most 150 characters.")


def _username_field() -> forms.CharField:
    return forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=USERNAME_HELP,
        validators=[UnicodeUsernameValidator(message=_("Username: use only letters, digits and @ . + - _."))],
        error_messages={
            "required": _("Username: enter the account's username."),
            "max_length": _("Username: at most 150 characters."),
        },
    )


class RoleField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Role"),
            error_messages={
                "required": _("Role: choose a role."),
                "invalid_choice": _("Role: choose one of the roles listed."),
            },
            **kwargs,
        )


class _RolesForm(forms.Form):
    """A form with a ``role`` field limited to what ``acting_user`` may grant."""

    def __init__(self, *args: Any, acting_user: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [(r.value, r.label) for r in grantable_roles(acting_user)]


class GrantForm(_RolesForm):
    """Give an existing account a role in the agency."""

    username = _username_field()
    role = RoleField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "grant")
        super().__init__(*args, **kwargs)


class AccountForm(_RolesForm):
    """Create a staff account of the agency (it sets its own password through a one-time link)."""

    username = _username_field()
    name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        error_messages={
            "required": _("Full name: enter the person's name."),
            "max_length": _("Full name: at most 150 characters."),
        },
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Email: enter a valid email address."),
            "max_length": _("Email: at most 254 characters."),
        },
    )
    role = RoleField()


class GuideForm(forms.ModelForm):  # type: ignore[type-arg]
    """An edit of the 政府信息公开指南 and 公开制度 (the shape of the input; the review is the services')."""

    class Meta:
        from gongkai_web.agencies.models import GUIDE_FIELDS, AgencyGuide

        model = AgencyGuide
        fields = list(GUIDE_FIELDS)
        widgets = {
            "how_to_apply": forms.Textarea(attrs={"rows": 5}),
            "fees": forms.Textarea(attrs={"rows": 4}),
            "remedies": forms.Textarea(attrs={"rows": 4}),
            "rules": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "how_to_apply": _("Leave empty to show the national text (条例 第二十九条, 第三十三条)."),
            "fees": _("Leave empty to show the national tariff (国办函〔2020〕109号)."),
            "remedies": _("Leave empty to show the national text (条例 第五十一条)."),
            "rules": _("The agency's disclosure rules (公开制度), one paragraph a line."),
        }


class GuideReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for return"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Reason for return: say what to change.")},
    )
