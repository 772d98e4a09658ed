"""Forms: the public application form, staff entry, and one small form per workflow event."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.fees import item_fee, volume_fee
from gongkai.workdays import CalendarNoticeError, parse_notice_csv
from gongkai.workflow import MAX_EXTENSION, Event, Outcome
from gongkai_web.applications.letters.docx import outcome_label
from gongkai_web.applications.models import AppealKind, AppealResult, Application, Channel
from gongkai_web.applications.services import APPLICANT_FIELDS

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
            raise forms.ValidationError("请至少填写一种联系方式（电话、电子邮箱或通信地址）。")
        return data


class StaffApplicationForm(PublicApplicationForm):
    """Staff entry of an application received in person, by post, fax, e-mail or online."""

    channel = forms.ChoiceField(label="提交方式", choices=Channel.choices)
    submitted_on = forms.DateField(label="提交日期", widget=DATE)
    signed_for_on = forms.DateField(label="签收日期（需签收的邮件）", required=False, widget=DATE)
    confirmed_on = forms.DateField(
        label="确认日期（平常信函、互联网、电子邮件、传真）", required=False, widget=DATE
    )

    class Meta(PublicApplicationForm.Meta):
        fields = ["channel", "submitted_on", "signed_for_on", "confirmed_on", *APPLICANT_FIELDS]


class EventForm(forms.Form):
    """Base of the event forms: the version the officer saw, and the day the event happened."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    at = forms.DateField(label="日期", required=False, widget=DATE, help_text="默认为今天")

    event: Event

    def core_data(self) -> dict[str, Any]:
        """The data the core's event takes (gongkai.workflow.EVENT_DATA)."""
        return {}

    def details(self) -> dict[str, Any]:
        """Facts only the letter needs."""
        return {}


class CorrectionForm(EventForm):
    event = Event.REQUEST_CORRECTION
    points = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3}))
    correction_due = forms.DateField(
        label="补正期限", required=False, widget=DATE, help_text="默认 15 个工作日"
    )

    def core_data(self) -> dict[str, Any]:
        d: dict[str, Any] = {"points": self.cleaned_data["points"]}
        if self.cleaned_data.get("correction_due"):
            d["correction_due"] = self.cleaned_data["correction_due"]
        return d


class ExtendForm(EventForm):
    event = Event.EXTEND
    days = forms.IntegerField(
        label="延长工作日数", min_value=1, max_value=MAX_EXTENSION, initial=MAX_EXTENSION
    )
    approved_by = forms.CharField(label="批准人（政府信息公开工作机构负责人）", max_length=100)
    reason = forms.CharField(label="延期理由", required=False, max_length=300)

    def core_data(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("days", "approved_by", "reason")}


class ConsultationForm(EventForm):
    event = Event.START_CONSULTATION
    party = forms.CharField(label="被征求意见的第三方或机关", max_length=200)
    with_whom = forms.ChoiceField(label="类型", choices=[("third_party", "第三方"), ("agency", "其他机关")])

    def core_data(self) -> dict[str, Any]:
        return {"party": self.cleaned_data["party"], "with_whom": self.cleaned_data["with_whom"]}


class EndConsultationForm(EventForm):
    event = Event.END_CONSULTATION
    answer = forms.CharField(label="意见", required=False, max_length=500)

    def core_data(self) -> dict[str, Any]:
        return {"answer": self.cleaned_data["answer"]}


class FeeForm(EventForm):
    event = Event.ISSUE_FEE_NOTICE
    method = forms.ChoiceField(label="计收方式", choices=[("item", "按件计收"), ("volume", "按量计收")])
    units = forms.IntegerField(label="件数或页数", min_value=1, max_value=1_000_000)
    how_to_pay = forms.CharField(label="缴费方式", required=False, max_length=300)

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
        label="办理结果",
        choices=[
            (o.value, outcome_label(o.value))
            for o in Outcome
            if o not in (Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_UNPAID_FEE)
        ],
    )
    reasons = forms.CharField(label="理由与说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    review_body = forms.CharField(label="行政复议机关", required=False, max_length=200)

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
    kind = forms.ChoiceField(label="类型", choices=AppealKind.choices)
    filed_on = forms.DateField(label="申请或起诉日期", widget=DATE)
    body = forms.CharField(label="复议机关或人民法院", required=False, max_length=200)


class AppealDecideForm(forms.Form):
    result = forms.ChoiceField(label="结果", choices=[c for c in AppealResult.choices if c[0] != "pending"])
    decided_on = forms.DateField(label="决定或裁判日期", widget=DATE)
    note = forms.CharField(label="备注", required=False, max_length=500)


class HolidayNoticeForm(forms.Form):
    """A year's notice as a small table: ``date,kind[,name]`` lines (kind holiday/休 or workday/班)."""

    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    table = forms.CharField(
        label="日期表（每行：日期,类型[,名称]）", required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    upload = forms.FileField(label="或上传 CSV 文件", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("table") or ""
        upload = data.get("upload")
        if upload is not None:
            if upload.size > 64 * 1024:
                raise forms.ValidationError("文件过大（上限 64 KB）。")
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError("文件须为 UTF-8 编码的 CSV。") from None
        if not text.strip():
            raise forms.ValidationError("请填写日期表或上传 CSV 文件。")
        try:
            data["rows"] = parse_notice_csv(text)
        except CalendarNoticeError as exc:
            raise forms.ValidationError(exc.message_zh) from None
        return data
