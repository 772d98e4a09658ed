"""Applications, their events, issued letters, appeals, loaded holiday notices.

The state, due date, outcome and closing date of an application are written only by
:func:`gongkai_web.applications.services.application_apply_event` (and the intake services), which derive
them from the core's :class:`gongkai.workflow.Case`; ``version`` guards against two officers acting at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gongkai.letters import LETTER_TITLES, LetterKind
from gongkai.templates import get_template
from gongkai.workflow import EVENT_LABELS, OPEN_STATES, STATE_LABELS, Event, Outcome, State, outcome_label
from gongkai_web.agencies.models import Agency
from gongkai_web.common.i18n import label_pair

#: The applicant columns of part 三 (labels from the template, the only home of report labels).
APPLICANT_CATEGORIES: list[tuple[str, str]] = [
    (c.key, c.label) for c in get_template("2021").applications.columns if c.key != "total"
]


class Channel(models.TextChoices):
    """How an application reached the agency (条例第三十一条 fixes the receipt date per channel)."""

    IN_PERSON = "in_person", _("in person")
    REGISTERED_POST = "registered_post", _("post (signed for)")
    ORDINARY_POST = "ordinary_post", _("ordinary letter")
    ONLINE = "online", _("internet (online form)")
    EMAIL = "email", _("e-mail")
    FAX = "fax", _("fax")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("resident identity card")
    PASSPORT = "passport", _("passport")
    HK_MACAO_TAIWAN = "hmt_permit", _("Hong Kong, Macao or Taiwan resident permit")
    ORG_CODE = "org_code", _("unified social credit code")
    OTHER = "other", _("other")


class RequestedForm(models.TextChoices):
    PAPER = "paper", _("paper")
    ELECTRONIC = "electronic", _("electronic document")
    OTHER = "other", _("other")


class Delivery(models.TextChoices):
    POST = "post", _("by post")
    EMAIL = "email", _("e-mail")
    PICKUP = "pickup", _("collect in person")
    ONLINE = "online", _("download online")


#: What a letter can hold of the applicant's input (the 受理回执 and the replies copy name, address and the
#: description): the one home of these lengths; the model, the forms and their messages use them.
NAME_MAX_LENGTH = 100
ADDRESS_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 2000
PHONE_MAX_LENGTH = 40
#: The applicant's online 补正: its text, and the size of the one file that may go with it.
CORRECTION_TEXT_MAX_LENGTH = 2000
CORRECTION_FILE_MAX_BYTES = 5 * 1024 * 1024
#: The kinds of file an applicant may attach to an online 补正 (checked by content: common.uploads).
CORRECTION_FILE_TYPES = ("pdf", "jpg", "jpeg", "png", "docx")

STATE_CHOICES = [(s.value, STATE_LABELS[s][0]) for s in State]
EVENT_CHOICES = [(e.value, EVENT_LABELS[e][0]) for e in Event]
OUTCOME_CHOICES = [(o.value, o.value) for o in Outcome]


#: The states of a case still being handled (the core's set, as stored values): the one definition of "open".
OPEN_STATE_VALUES = frozenset(s.value for s in OPEN_STATES)

#: An answered case with a due date: what an answer's timeliness is judged on (按期办结率's denominator).
ANSWERED_WITH_DUE_DATE = Q(state=State.ANSWERED.value, closed_on__isnull=False, due_date__isnull=False)
#: The core's :attr:`gongkai.workflow.Case.answered_late` as a filter: answered after its due date. The one
#: definition of "late" the database counts with (tests check it agrees with the core on every case).
ANSWERED_LATE = ANSWERED_WITH_DUE_DATE & Q(closed_on__gt=F("due_date"))
ANSWERED_ON_TIME = ANSWERED_WITH_DUE_DATE & Q(closed_on__lte=F("due_date"))


class ApplicationQuerySet(models.QuerySet["Application"]):
    """Named sets of applications."""

    def open(self) -> ApplicationQuerySet:
        """Cases still being handled (:data:`gongkai.workflow.OPEN_STATES`): the queue, the reminders, the
        due dates that follow the calendar."""
        return self.filter(state__in=OPEN_STATE_VALUES)

    def answered_late(self) -> ApplicationQuerySet:
        """Cases answered after their due date (:data:`ANSWERED_LATE`)."""
        return self.filter(ANSWERED_LATE)


class Application(models.Model):
    """One application for disclosure. Personal data (applicant_*, id_*, phone, email, address) are for staff only."""

    agency = models.ForeignKey("agencies.Agency", related_name="applications", on_delete=models.PROTECT)
    number = models.CharField(_("application number"), max_length=40)
    query_code = models.CharField(_("query code"), max_length=32, unique=True)

    applicant_name = models.CharField(_("applicant name"), max_length=NAME_MAX_LENGTH)
    applicant_category = models.CharField(
        _("applicant category"), max_length=20, choices=APPLICANT_CATEGORIES
    )
    id_type = models.CharField(_("identity document type"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("identity document number"), max_length=64)
    phone = models.CharField(_("phone"), max_length=PHONE_MAX_LENGTH, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    address = models.CharField(_("postal address"), max_length=ADDRESS_MAX_LENGTH, blank=True)

    description = models.TextField(
        _("name, document number or other description of the information sought"),
        max_length=DESCRIPTION_MAX_LENGTH,
    )
    requested_form = models.CharField(
        _("form of the information"), max_length=20, choices=RequestedForm.choices
    )
    delivery = models.CharField(_("means of delivery"), max_length=20, choices=Delivery.choices)

    channel = models.CharField(_("submitted by"), max_length=20, choices=Channel.choices)
    submitted_on = models.DateField(_("submitted on"))
    received_on = models.DateField(_("received on (Regulations art. 31)"), db_index=True)
    receipt_rule = models.CharField(_("how the receipt date was fixed"), max_length=200)

    state = models.CharField(_("state"), max_length=24, choices=STATE_CHOICES, default=State.RECEIVED)
    version = models.PositiveIntegerField(default=1)
    due_date = models.DateField(_("reply due on"), null=True, blank=True)
    calendar_gap = models.CharField(_("working-day calendar gap"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=40, choices=OUTCOME_CHOICES, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: The one-time token of the online form that filed it: a second POST of the same form (a refresh, a
    #: double click) finds this case instead of filing another.
    submission_token = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    objects = ApplicationQuerySet.as_manager()

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
        """The state in the active language (the core's label pair)."""
        return label_pair(STATE_LABELS[State(self.state)])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATE_VALUES


class CaseEvent(models.Model):
    """One event of an application's history; ``data`` is its typed payload as JSON
    (:meth:`gongkai.workflow.Payload.to_json`), replayed through the core."""

    application = models.ForeignKey(Application, related_name="events", on_delete=models.CASCADE)
    seq = models.PositiveIntegerField()
    event = models.CharField(max_length=40, choices=EVENT_CHOICES)
    at = models.DateField()
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "seq"]
        constraints = [models.UniqueConstraint(fields=["application", "seq"], name="unique_event_seq")]

    @property
    def outcome_text(self) -> str:
        """The outcome of an answer as the report's result row prints it (not its stored key); else ""."""
        raw = (self.data or {}).get("outcome")
        return outcome_label(raw) if raw else ""

    @property
    def label(self) -> str:
        """The event in the active language (the core's label pair)."""
        return label_pair(EVENT_LABELS[Event(self.event)])


#: The kinds of letter (the core's), with their official titles.
LETTER_CHOICES = [(k.value, LETTER_TITLES[k][0]) for k in LetterKind]


class ProposalState(models.TextChoices):
    """Where a proposed event stands; moves are in :mod:`gongkai_web.applications.workflow`."""

    PROPOSED = "proposed", _("awaiting approval")
    APPROVED = "approved", _("approved and recorded")
    RETURNED = "returned", _("returned")


class Proposal(models.Model):
    """An event of a case proposed by one person, taking effect (its letter issued) only when another approves
    it: for the events whose row in ``permissions.EVENT_RULES`` names who approves them. ``data`` is the typed
    payload as JSON; ``seen_version`` the case's version the proposer saw (an approval after the case changed
    is refused)."""

    application = models.ForeignKey(Application, related_name="proposals", on_delete=models.CASCADE)
    event = models.CharField(max_length=40, choices=EVENT_CHOICES)
    at = models.DateField()
    data = models.JSONField(default=dict, blank=True)
    seen_version = models.PositiveIntegerField()
    state = models.CharField(
        _("status"),
        max_length=12,
        choices=ProposalState.choices,
        default=ProposalState.PROPOSED,
        editable=False,
    )
    #: The proposer.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "created_at", "id"]

    @property
    def agency(self) -> Agency:
        """The agency of the case (what the role predicates look at)."""
        return self.application.agency

    @property
    def label(self) -> str:
        """The event in the active language."""
        return label_pair(EVENT_LABELS[Event(self.event)])


class Letter(models.Model):
    """A document issued on a case, frozen once issued: the bytes and their SHA-256 are stored, never regenerated."""

    application = models.ForeignKey(Application, related_name="letters", on_delete=models.PROTECT)
    event = models.ForeignKey(
        CaseEvent, null=True, blank=True, related_name="letters", on_delete=models.PROTECT
    )
    kind = models.CharField(max_length=20, choices=LETTER_CHOICES)
    number = models.CharField(_("document number"), max_length=80)
    issued_on = models.DateField()
    content = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    #: The reviewed draft it was issued from (None: the receipt, issued at intake without review).
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, related_name="letters", on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "issued_on", "id"]

    @property
    def title(self) -> str:
        """The letter's title in the active language (for pages)."""
        return label_pair(LETTER_TITLES[LetterKind(self.kind)])

    @property
    def filename(self) -> str:
        """The file name of the letter, with its official (Chinese) title."""
        return f"{self.number}-{LETTER_TITLES[LetterKind(self.kind)][0]}.docx"


#: The largest proof of delivery accepted (a scan of the signed receipt, a screenshot of the sent e-mail).
MAX_PROOF_BYTES = 5 * 1024 * 1024
#: The proof files accepted, by extension (checked by content: common.uploads), with the type they are served as.
PROOF_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}


class LetterDelivery(models.Model):
    """How and when an issued letter reached the applicant (送达): the method (the means the application
    names, :class:`Delivery`), the date, and the proof (a tracking or receipt number, or a scan). One per
    letter; recorded by :func:`gongkai_web.applications.services.letter_delivery_record`."""

    letter = models.OneToOneField(Letter, related_name="delivery", on_delete=models.PROTECT)
    method = models.CharField(_("means of delivery"), max_length=20, choices=Delivery.choices)
    delivered_on = models.DateField(_("delivered on"))
    tracking_number = models.CharField(_("tracking or receipt number"), max_length=64, blank=True)
    proof = models.BinaryField(editable=False, blank=True, default=b"")
    proof_name = models.CharField(_("proof of delivery"), max_length=200, blank=True)
    proof_type = models.CharField(max_length=100, blank=True)
    proof_sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delivered_on", "id"]

    @property
    def agency(self) -> Agency:
        """The agency of the case (what the role predicates look at)."""
        return self.letter.application.agency


class AppealKind(models.TextChoices):
    """The blocks of part 四 (keys from the template)."""

    RECONSIDERATION = "reconsideration", _("administrative reconsideration")
    LITIGATION_DIRECT = "litigation_direct", _("lawsuit without reconsideration")
    LITIGATION_AFTER_REVIEW = "litigation_after_review", _("lawsuit after reconsideration")


class AppealResult(models.TextChoices):
    """The columns of part 四 (keys from the template); ``pending`` until decided."""

    UPHELD = "upheld", _("upheld")
    CORRECTED = "corrected", _("corrected")
    OTHER = "other", _("other result")
    PENDING = "pending", _("pending")


class Appeal(models.Model):
    """A reconsideration or lawsuit about a case's reply, counted in part 四."""

    application = models.ForeignKey(Application, related_name="appeals", on_delete=models.PROTECT)
    agency = models.ForeignKey("agencies.Agency", related_name="appeals", on_delete=models.PROTECT)
    kind = models.CharField(_("type"), max_length=30, choices=AppealKind.choices)
    body = models.CharField(_("reconsideration body or court"), max_length=200, blank=True)
    filed_on = models.DateField(_("filed on"), db_index=True)
    result = models.CharField(
        _("result"), max_length=20, choices=AppealResult.choices, default=AppealResult.PENDING
    )
    decided_on = models.DateField(_("decision or judgment date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
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


class OnlineCorrection(models.Model):
    """The applicant's 补正 answered on the site with the 查询码: their text and at most one bounded file, kept
    with the 收到补正 event it recorded (staff read it on the case page)."""

    application = models.ForeignKey(Application, related_name="online_corrections", on_delete=models.CASCADE)
    event = models.OneToOneField(CaseEvent, related_name="online_correction", on_delete=models.CASCADE)
    text = models.TextField(_("correction"), max_length=CORRECTION_TEXT_MAX_LENGTH)
    filename = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(editable=False, default=bytes)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "created_at", "id"]
