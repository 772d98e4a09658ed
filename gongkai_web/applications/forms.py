"""Forms: the public application form, staff entry, and one small form per workflow event."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.fees import item_fee, volume_fee
from gongkai.workdays import CalendarNoticeError, parse_notice_csv
from gongkai.workflow import MAX_EXTENSION, Event, Outcome
from gongkai_web.applications.letters.docx import outcome_label
from gongkai_web.applications.models import AppealKind, AppealResult, Application, Channel
from gongkai_web.applications.services import APPLICANT_FIELDS
from gongkai_web.common.i18n import message

DATE = forms.DateInput(attrs={"type": "date"})


class PublicApplicationForm(forms.ModelForm):
    """The portal's online form (条例第二十九条第二款: identity, contact, the information sought, form and means)."""

    class Meta:
        model = Application
        fields = list(APPLICANT_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("email") and not data.get("address"):
            raise forms.ValidationError(
                _("Give at least one way to contact you (phone, e-mail or postal address).")
            )
        return data


class StaffApplicationForm(PublicApplicationForm):
    """Staff entry of an application received in person, by post, fax, e-mail or online."""

    channel = forms.ChoiceField(label=_("submitted by"), choices=Channel.choices)
    submitted_on = forms.DateField(label=_("submitted on"), widget=DATE)
    signed_for_on = forms.DateField(
        label=_("signed for on (post that is signed for)"), required=False, widget=DATE
    )
    confirmed_on = forms.DateField(
        label=_("confirmed on (ordinary letter, internet, e-mail, fax)"), required=False, widget=DATE
    )

    class Meta(PublicApplicationForm.Meta):
        fields = ["channel", "submitted_on", "signed_for_on", "confirmed_on", *APPLICANT_FIELDS]


class EventForm(forms.Form):
    """Base of the event forms: the version the officer saw, and the day the event happened."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    at = forms.DateField(label=_("date"), required=False, widget=DATE, help_text=_("Today if left empty."))

    event: Event

    def core_data(self) -> dict[str, Any]:
        """The data the core's event takes (gongkai.workflow.EVENT_DATA)."""
        return {}

    def details(self) -> dict[str, Any]:
        """Facts only the letter needs."""
        return {}


class CorrectionForm(EventForm):
    event = Event.REQUEST_CORRECTION
    points = forms.CharField(label=_("what needs correcting"), widget=forms.Textarea(attrs={"rows": 3}))
    correction_due = forms.DateField(
        label=_("correction due on"),
        required=False,
        widget=DATE,
        help_text=_("15 working days if left empty."),
    )

    def core_data(self) -> dict[str, Any]:
        d: dict[str, Any] = {"points": self.cleaned_data["points"]}
        if self.cleaned_data.get("correction_due"):
            d["correction_due"] = self.cleaned_data["correction_due"]
        return d


class ExtendForm(EventForm):
    event = Event.EXTEND
    days = forms.IntegerField(
        label=_("working days added"), min_value=1, max_value=MAX_EXTENSION, initial=MAX_EXTENSION
    )
    approved_by = forms.CharField(label=_("approved by (head of the disclosure office)"), max_length=100)
    reason = forms.CharField(label=_("reason for the extension"), required=False, max_length=300)

    def core_data(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("days", "approved_by", "reason")}


class ConsultationForm(EventForm):
    event = Event.START_CONSULTATION
    party = forms.CharField(label=_("third party or agency consulted"), max_length=200)
    with_whom = forms.ChoiceField(
        label=_("type"), choices=[("third_party", _("third party")), ("agency", _("another agency"))]
    )

    def core_data(self) -> dict[str, Any]:
        return {"party": self.cleaned_data["party"], "with_whom": self.cleaned_data["with_whom"]}


class EndConsultationForm(EventForm):
    event = Event.END_CONSULTATION
    answer = forms.CharField(label=_("opinion"), required=False, max_length=500)

    def core_data(self) -> dict[str, Any]:
        return {"answer": self.cleaned_data["answer"]}


class FeeForm(EventForm):
    event = Event.ISSUE_FEE_NOTICE
    method = forms.ChoiceField(
        label=_("charged"), choices=[("item", _("per request")), ("volume", _("by volume"))]
    )
    units = forms.IntegerField(label=_("requests or pages"), min_value=1, max_value=1_000_000)
    how_to_pay = forms.CharField(label=_("how to pay"), required=False, max_length=300)

    earlier: int = 0

    def core_data(self) -> dict[str, Any]:
        units = self.cleaned_data["units"]
        fee = (
            item_fee(units, earlier_this_month=self.earlier)
            if self.cleaned_data["method"] == "item"
            else volume_fee(units)
        )
        return {"fee": fee}

    def details(self) -> dict[str, Any]:
        return {"how_to_pay": self.cleaned_data["how_to_pay"]}


class AnswerForm(EventForm):
    event = Event.ANSWER
    outcome = forms.ChoiceField(
        label=_("outcome"),
        choices=[
            (o.value, outcome_label(o.value))
            for o in Outcome
            if o not in (Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_UNPAID_FEE)
        ],
    )
    reasons = forms.CharField(
        label=_("reasons and explanation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    review_body = forms.CharField(label=_("reconsideration body"), required=False, max_length=200)

    def core_data(self) -> dict[str, Any]:
        return {"outcome": self.cleaned_data["outcome"]}

    def details(self) -> dict[str, Any]:
        return {"reasons": self.cleaned_data["reasons"], "review_body": self.cleaned_data["review_body"]}


def _plain(event: Event) -> type[EventForm]:
    return type(f"{event.value.title()}Form", (EventForm,), {"event": event})


EVENT_FORMS: dict[Event, type[EventForm]] = {
    Event.REQUEST_CORRECTION: CorrectionForm,
    Event.RECEIVE_CORRECTION: _plain(Event.RECEIVE_CORRECTION),
    Event.CORRECTION_DEADLINE_PASSED: _plain(Event.CORRECTION_DEADLINE_PASSED),
    Event.EXTEND: ExtendForm,
    Event.START_CONSULTATION: ConsultationForm,
    Event.END_CONSULTATION: EndConsultationForm,
    Event.ISSUE_FEE_NOTICE: FeeForm,
    Event.RECEIVE_PAYMENT: _plain(Event.RECEIVE_PAYMENT),
    Event.PAYMENT_DEADLINE_PASSED: _plain(Event.PAYMENT_DEADLINE_PASSED),
    Event.ANSWER: AnswerForm,
    Event.WITHDRAW: _plain(Event.WITHDRAW),
}


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label=_("type"), choices=AppealKind.choices)
    filed_on = forms.DateField(label=_("filed on"), widget=DATE)
    body = forms.CharField(label=_("reconsideration body or court"), required=False, max_length=200)


class AppealDecideForm(forms.Form):
    result = forms.ChoiceField(
        label=_("result"), choices=[c for c in AppealResult.choices if c[0] != "pending"]
    )
    decided_on = forms.DateField(label=_("decision or judgment date"), widget=DATE)
    note = forms.CharField(label=_("note"), required=False, max_length=500)


class HolidayNoticeForm(forms.Form):
    """A year's notice as a small table: ``date,kind[,name]`` lines (kind holiday/休 or workday/班)."""

    year = forms.IntegerField(label=_("year of the notice"), min_value=2000, max_value=2100)
    table = forms.CharField(
        label=_("table of dates (one per line: date,kind[,name])"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    upload = forms.FileField(label=_("or upload a CSV file"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("table") or ""
        upload = data.get("upload")
        if upload is not None:
            if upload.size > 64 * 1024:
                raise forms.ValidationError(_("The file is too large (at most 64 KB)."))
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file must be a CSV encoded in UTF-8.")) from None
        if not text.strip():
            raise forms.ValidationError(_("Fill in the table of dates or upload a CSV file."))
        try:
            data["rows"] = parse_notice_csv(text)
        except CalendarNoticeError as exc:
            raise forms.ValidationError(message(exc)) from None
        return data
