"""Forms: the public application form, staff entry, and one small form per workflow event."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.fees import item_fee, volume_fee
from gongkai.workdays import CalendarNoticeError, parse_notice_csv
from gongkai.workflow import (
    GROUND_LABELS,
    MAX_EXTENSION,
    REPLY_OUTCOMES,
    VARIANT_LABELS,
    Answer,
    Consulted,
    EndConsultation,
    Event,
    Extend,
    Ground,
    IssueFeeNotice,
    Outcome,
    Payload,
    RequestCorrection,
    StartConsultation,
    Variant,
    decode,
    outcome_label,
)
from gongkai_web.applications.models import (
    ADDRESS_MAX_LENGTH,
    CORRECTION_FILE_MAX_BYTES,
    CORRECTION_FILE_TYPES,
    CORRECTION_TEXT_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    STATE_CHOICES,
    AppealKind,
    AppealResult,
    Application,
    Channel,
    Delivery,
    IdType,
)
from gongkai_web.applications.selectors import CaseFilter
from gongkai_web.applications.services import APPLICANT_FIELDS, QUERY_ALPHABET, QUERY_CODE_LENGTH
from gongkai_web.common.i18n import label_pair, message
from gongkai_web.common.uploads import UploadRefused, check_upload

DATE = forms.DateInput(attrs={"type": "date"})

# --- the applicant's input: the one home of its checks ------------------------------------------------

#: GB 11643-1999: the weights of the first 17 digits, and the check character for the sum modulo 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
#: A mainland mobile number (11 digits from 13-19), optionally with +86/86.
MOBILE_RE = re.compile(r"^(?:\+?86[- ]?)?1[3-9]\d{9}$")
#: A landline: area code 0xx or 0xxx, a 7 or 8 digit number, an optional extension.
LANDLINE_RE = re.compile(r"^(?:\(?0\d{2,3}\)?[- ]?)?[1-9]\d{6,7}(?:(?:-|转|ext\.?)\d{1,6})?$")


def resident_id_valid(value: str) -> bool:
    """Whether ``value`` is an 18-digit 居民身份证号码 whose check character is right (GB 11643)."""
    v = value.strip().upper()
    if not _ID_RE.match(v):
        return False
    total = sum(int(d) * w for d, w in zip(v[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == v[17]


def phone_valid(value: str) -> bool:
    """Whether ``value`` is a mainland mobile (1[3-9] and 9 digits) or landline number (区号-号码[-分机])."""
    v = value.strip().replace("（", "(").replace("）", ")")
    return bool(MOBILE_RE.match(v) or LANDLINE_RE.match(v))


def _length_message(label: Any, limit: int) -> str:
    return str(_("“%(field)s” may hold at most %(limit)d characters.") % {"field": label, "limit": limit})


#: The fields of the applicant's input and how long each may be (what a letter can hold).
APPLICANT_LIMITS: dict[str, int] = {
    "applicant_name": NAME_MAX_LENGTH,
    "address": ADDRESS_MAX_LENGTH,
    "description": DESCRIPTION_MAX_LENGTH,
    "phone": PHONE_MAX_LENGTH,
    "id_number": Application._meta.get_field("id_number").max_length or 64,
    "email": Application._meta.get_field("email").max_length or 254,
}


class PublicApplicationForm(forms.ModelForm[Application]):
    """The portal's online form (条例第二十九条第二款: identity, contact, the information sought, form and means).

    Every message is at its field, in the site's language, naming the field: a 居民身份证号码 must pass the
    GB 11643 check, a phone must be a mobile or landline number, and the lengths are what the letters hold
    (:data:`APPLICANT_LIMITS`)."""

    class Meta:
        model = Application
        fields = list(APPLICANT_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, limit in APPLICANT_LIMITS.items():
            field = self.fields[name]
            field.error_messages["max_length"] = _length_message(field.label, limit)
            field.widget.attrs["maxlength"] = str(limit)
        for field in self.fields.values():
            if field.required:
                field.error_messages["required"] = str(_("Fill in “%(field)s”.") % {"field": field.label})
        self.fields["id_number"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].error_messages["invalid"] = str(
            _("“%(field)s” is not an e-mail address (e.g. name@example.com).")
            % {"field": self.fields["email"].label}
        )

    def clean_id_number(self) -> str:
        value = str(self.cleaned_data.get("id_number") or "").strip().upper()
        if self.data.get(self.add_prefix("id_type")) == IdType.RESIDENT_ID and not resident_id_valid(value):
            raise forms.ValidationError(
                _(
                    "This is not a valid resident identity card number: 18 digits, the last a digit or X, "
                    "with the check digit of GB 11643."
                )
            )
        return value

    def clean_phone(self) -> str:
        value = str(self.cleaned_data.get("phone") or "").strip()
        if value and not phone_valid(value):
            raise forms.ValidationError(
                _(
                    "This is not a phone number: a mobile number of 11 digits beginning 13-19, or a landline "
                    "with its area code such as 0351-1234567."
                )
            )
        return value

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

    def payload(self) -> Payload:
        """The event's typed payload (gongkai.workflow.events) from the cleaned data."""
        return decode(self.event)


class CorrectionForm(EventForm):
    event = Event.REQUEST_CORRECTION
    points = forms.CharField(
        label=_("what needs correcting"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    correction_due = forms.DateField(
        label=_("correction due on"),
        required=False,
        widget=DATE,
        help_text=_("15 working days if left empty."),
    )

    def payload(self) -> RequestCorrection:
        return RequestCorrection(
            points=self.cleaned_data["points"], correction_due=self.cleaned_data.get("correction_due")
        )


class ExtendForm(EventForm):
    event = Event.EXTEND
    days = forms.IntegerField(
        label=_("working days added"), min_value=1, max_value=MAX_EXTENSION, initial=MAX_EXTENSION
    )
    reason = forms.CharField(label=_("reason for the extension"), required=False, max_length=300)

    def payload(self) -> Extend:
        d = self.cleaned_data
        # Who approved it is the leader who approves the draft, in the system (services._as_approved).
        return Extend(days=d["days"], reason=d["reason"])


class ConsultationForm(EventForm):
    event = Event.START_CONSULTATION
    party = forms.CharField(label=_("third party or agency consulted"), max_length=200)
    with_whom = forms.ChoiceField(
        label=_("type"),
        choices=[
            (Consulted.THIRD_PARTY.value, _("third party (Regulations art. 32)")),
            (Consulted.AGENCY.value, _("another agency that made it jointly (Regulations art. 34)")),
        ],
    )
    information = forms.CharField(
        label=_("information in question"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("As the letter to the party consulted names it; never the applicant's name or contact."),
    )
    reason = forms.CharField(
        label=_("why disclosure may harm the third party"),
        required=False,
        max_length=300,
        help_text=_("Third parties only, e.g. 涉及贵公司的商业秘密."),
    )

    def payload(self) -> StartConsultation:
        d = self.cleaned_data
        return StartConsultation(
            party=d["party"],
            with_whom=Consulted(d["with_whom"]),
            information=d["information"],
            reason=d["reason"],
        )


class EndConsultationForm(EventForm):
    event = Event.END_CONSULTATION
    answer = forms.CharField(label=_("opinion"), required=False, max_length=500)

    def payload(self) -> EndConsultation:
        return EndConsultation(answer=self.cleaned_data["answer"])


class FeeForm(EventForm):
    event = Event.ISSUE_FEE_NOTICE
    method = forms.ChoiceField(
        label=_("charged"), choices=[("item", _("per request")), ("volume", _("by volume"))]
    )
    units = forms.IntegerField(label=_("requests or pages"), min_value=1, max_value=1_000_000)
    how_to_pay = forms.CharField(label=_("how to pay"), max_length=300)

    earlier: int = 0

    def payload(self) -> IssueFeeNotice:
        units = self.cleaned_data["units"]
        fee = (
            item_fee(units, earlier_this_month=self.earlier)
            if self.cleaned_data["method"] == "item"
            else volume_fee(units)
        )
        return IssueFeeNotice(fee=fee, how_to_pay=self.cleaned_data["how_to_pay"])


def _variant_choices() -> list[tuple[str, str]]:
    return [
        ("", str(_("the row's usual reply"))),
        *((v.value, label_pair(VARIANT_LABELS[v])) for v in Variant),
    ]


def _ground_choices() -> list[tuple[str, str]]:
    return [(g.value, label_pair(GROUND_LABELS[g])) for g in Ground]


class AnswerForm(EventForm):
    event = Event.ANSWER
    outcome = forms.ChoiceField(
        label=_("outcome"), choices=[(o.value, outcome_label(o)) for o in REPLY_OUTCOMES]
    )
    variant = forms.ChoiceField(
        label=_("reply item"),
        required=False,
        choices=_variant_choices,
        help_text=_("Only where the outcome counts two replies: already published, or another agency's."),
    )
    withheld = forms.MultipleChoiceField(
        label=_("grounds of the withheld part (partial disclosure)"),
        required=False,
        choices=_ground_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    reasons = forms.CharField(
        label=_("reasons and explanation"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_body = forms.CharField(
        label=_("reconsideration body"),
        required=False,
        max_length=200,
        help_text=_("The agency's own when left empty."),
    )

    def payload(self) -> Answer:
        d = self.cleaned_data
        return Answer(
            outcome=Outcome(d["outcome"]),
            variant=Variant(d["variant"]) if d.get("variant") else None,
            withheld=tuple(Ground(g) for g in d.get("withheld") or ()),
            reasons=d["reasons"],
            review_body=d["review_body"],
        )


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


class ProposalReturnForm(forms.Form):
    """The reason a proposed event is returned to its proposer."""

    reason = forms.CharField(
        label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class OnlineCorrectionForm(forms.Form):
    """The applicant's 补正 on the site: what they correct or add, and at most one file (bounded)."""

    text = forms.CharField(
        label=_("your correction"),
        max_length=CORRECTION_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": str(CORRECTION_TEXT_MAX_LENGTH)}),
        help_text=_("Answer each point the correction notice names."),
    )
    attachment = forms.FileField(
        label=_("attachment (optional)"),
        required=False,
        help_text=_("One PDF, JPG, PNG or DOCX file of at most 5 MB."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        text = self.fields["text"]
        text.error_messages["required"] = str(_("Fill in “%(field)s”.") % {"field": text.label})
        text.error_messages["max_length"] = _length_message(text.label, CORRECTION_TEXT_MAX_LENGTH)

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload is None:
            return None
        if upload.size > CORRECTION_FILE_MAX_BYTES:
            raise forms.ValidationError(_("The attachment is too large (at most 5 MB)."))
        try:  # the type judged by the content, as every upload is (common.uploads)
            check_upload(
                name=str(upload.name or ""),
                size=upload.size,
                data=upload,
                max_bytes=CORRECTION_FILE_MAX_BYTES,
                allowed=CORRECTION_FILE_TYPES,
                field="attachment",
            )
        except UploadRefused:
            raise forms.ValidationError(_("The attachment must be a PDF, JPG, PNG or DOCX file.")) from None
        return upload


def query_code_clean(raw: str) -> str | None:
    """The 查询码 as typed (spaces, dashes and case forgiven), or None when it cannot be one."""
    code = "".join(raw.split()).replace("-", "").upper()
    if len(code) != QUERY_CODE_LENGTH or any(c not in QUERY_ALPHABET for c in code):
        return None
    return code


class DeliveryForm(forms.Form):
    """How and when an issued letter was delivered (送达), and its proof."""

    method = forms.ChoiceField(label=_("means of delivery"), choices=Delivery.choices)
    delivered_on = forms.DateField(label=_("delivered on"), widget=DATE)
    tracking_number = forms.CharField(label=_("tracking or receipt number"), max_length=64, required=False)
    proof = forms.FileField(
        label=_("proof of delivery (PDF, JPG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class CaseFilterForm(forms.Form):
    """The case list's filters (GET): a state, only the overdue, a received-date range, a search."""

    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("all states")), *STATE_CHOICES], required=False
    )
    overdue = forms.BooleanField(label=_("overdue only"), required=False)
    received_from = forms.DateField(label=_("received from"), required=False, widget=DATE)
    received_to = forms.DateField(label=_("received to"), required=False, widget=DATE)
    q = forms.CharField(label=_("search"), max_length=100, required=False)

    def filters(self) -> CaseFilter:
        """The filters given (none where the input is invalid)."""
        if not self.is_valid():
            return CaseFilter()
        d = self.cleaned_data
        return CaseFilter(
            state=d["state"] or "",
            overdue=bool(d["overdue"]),
            received_from=d["received_from"],
            received_to=d["received_to"],
            q=d["q"] or "",
        )
