"""Applications, their events, issued letters, appeals, loaded holiday notices.

The state, due date, outcome and closing date of an application are written only by
:func:`gongkai_web.applications.services.application_apply_event` (and the intake services), which derive
them from the core's :class:`gongkai.workflow.Case`; ``version`` guards against two officers acting at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.templates import get_template
from gongkai.workflow import EVENT_LABELS, STATE_LABELS, Event, Outcome, State

#: The applicant columns of part 三 (labels from the template, the only home of report labels).
APPLICANT_CATEGORIES: list[tuple[str, str]] = [
    (c.key, c.label) for c in get_template("2021").applications.columns if c.key != "total"
]


class Channel(models.TextChoices):
    """How an application reached the agency (条例第三十一条 fixes the receipt date per channel)."""

    IN_PERSON = "in_person", "当面提交"
    REGISTERED_POST = "registered_post", "邮政（需签收）"
    ORDINARY_POST = "ordinary_post", "平常信函"
    ONLINE = "online", "互联网（在线申请）"
    EMAIL = "email", "电子邮件"
    FAX = "fax", "传真"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO_TAIWAN = "hmt_permit", "港澳台居民通行证/居住证"
    ORG_CODE = "org_code", "统一社会信用代码"
    OTHER = "other", "其他"


class RequestedForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子文档"
    OTHER = "other", "其他"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上获取"


STATE_CHOICES = [(s.value, STATE_LABELS[s][0]) for s in State]
EVENT_CHOICES = [(e.value, EVENT_LABELS[e][0]) for e in Event]
OUTCOME_CHOICES = [(o.value, o.value) for o in Outcome]


class Application(models.Model):
    """One application for disclosure. Personal data (applicant_*, id_*, phone, email, address) are for staff only."""

    agency = models.ForeignKey("agencies.Agency", related_name="applications", on_delete=models.PROTECT)
    number = models.CharField("申请编号", max_length=40)
    query_code = models.CharField("查询码", max_length=32, unique=True)

    applicant_name = models.CharField("申请人姓名或名称", max_length=200)
    applicant_category = models.CharField("申请人类别", max_length=20, choices=APPLICANT_CATEGORIES)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=64)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)

    description = models.TextField("所需政府信息的名称、文号或便于查询的其他特征性描述")
    requested_form = models.CharField("获取信息的方式", max_length=20, choices=RequestedForm.choices)
    delivery = models.CharField("获取信息的途径", max_length=20, choices=Delivery.choices)

    channel = models.CharField("提交方式", max_length=20, choices=Channel.choices)
    submitted_on = models.DateField("提交日期")
    received_on = models.DateField("收到申请日期（条例第三十一条）", db_index=True)
    receipt_rule = models.CharField("收到日期的确定方式", max_length=200)

    state = models.CharField("状态", max_length=24, choices=STATE_CHOICES, default=State.RECEIVED)
    version = models.PositiveIntegerField(default=1)
    due_date = models.DateField("答复期限届满日", null=True, blank=True)
    calendar_gap = models.CharField("工作日历缺口", max_length=300, blank=True)
    outcome = models.CharField("办理结果", max_length=40, choices=OUTCOME_CHOICES, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="unique_application_number")]
        indexes = [
            models.Index(fields=["agency", "received_on"], name="app_agency_received"),
            models.Index(fields=["agency", "closed_on"], name="app_agency_closed"),
            models.Index(fields=["state", "due_date"], name="app_state_due"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def state_label(self) -> str:
        return STATE_LABELS[State(self.state)][0]

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class CaseEvent(models.Model):
    """One event of an application's history: the core data (replayed through the core) and letter details."""

    application = models.ForeignKey(Application, related_name="events", on_delete=models.CASCADE)
    seq = models.PositiveIntegerField()
    event = models.CharField(max_length=40, choices=EVENT_CHOICES)
    at = models.DateField()
    data = models.JSONField(default=dict, blank=True)
    details = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "seq"]
        constraints = [models.UniqueConstraint(fields=["application", "seq"], name="unique_event_seq")]

    @property
    def label(self) -> str:
        return EVENT_LABELS[Event(self.event)][0]


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", "政府信息公开申请受理回执"
    CORRECTION = "correction", "政府信息公开申请补正告知书"
    EXTENSION = "extension", "政府信息公开申请延期答复告知书"
    CONSULTATION = "consultation", "政府信息公开征求第三方意见书"
    FEE = "fee", "信息处理费收费通知书"
    ANSWER = "answer", "政府信息公开申请答复告知书"
    TERMINATION = "termination", "政府信息公开申请终止处理告知书"


class Letter(models.Model):
    """A document issued on a case, frozen once issued: the bytes and their SHA-256 are stored, never regenerated."""

    application = models.ForeignKey(Application, related_name="letters", on_delete=models.PROTECT)
    event = models.ForeignKey(
        CaseEvent, null=True, blank=True, related_name="letters", on_delete=models.PROTECT
    )
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    number = models.CharField("文号", max_length=80)
    issued_on = models.DateField()
    content = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "issued_on", "id"]

    @property
    def title(self) -> str:
        return LetterKind(self.kind).label

    @property
    def filename(self) -> str:
        return f"{self.number}-{self.title}.docx"


class AppealKind(models.TextChoices):
    """The blocks of part 四 (keys from the template)."""

    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "未经复议直接起诉"
    LITIGATION_AFTER_REVIEW = "litigation_after_review", "复议后起诉"


class AppealResult(models.TextChoices):
    """The columns of part 四 (keys from the template); ``pending`` until decided."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


class Appeal(models.Model):
    """A reconsideration or lawsuit about a case's reply, counted in part 四."""

    application = models.ForeignKey(Application, related_name="appeals", on_delete=models.PROTECT)
    agency = models.ForeignKey("agencies.Agency", related_name="appeals", on_delete=models.PROTECT)
    kind = models.CharField("类型", max_length=30, choices=AppealKind.choices)
    body = models.CharField("复议机关或人民法院", max_length=200, blank=True)
    filed_on = models.DateField("申请或起诉日期", db_index=True)
    result = models.CharField(
        "结果", max_length=20, choices=AppealResult.choices, default=AppealResult.PENDING
    )
    decided_on = models.DateField("决定或裁判日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["filed_on", "id"]


class HolidayNotice(models.Model):
    """A year's State Council holiday notice as a table of dates, fed into the working-day calendar."""

    year = models.PositiveIntegerField(unique=True)
    rows = models.JSONField(default=list)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year"]
