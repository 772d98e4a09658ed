"""Catalogue categories, items (with their approval status) and attachments."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency
from gongkai_web.catalogue.search_text import bigrams_of

#: How deep a catalogue tree may go (a column, its sub-columns, theirs).
MAX_DEPTH = 3


class Category(models.Model):
    """A node of an agency's catalogue tree."""

    agency = models.ForeignKey(Agency, related_name="categories", on_delete=models.CASCADE)
    parent = models.ForeignKey(
        "self", null=True, blank=True, related_name="children", on_delete=models.CASCADE
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="unique_category_code")]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def label(self, lang: str) -> str:
        return self.name_en if lang.startswith("en") and self.name_en else self.name

    def path(self) -> list[Category]:
        """This category and its ancestors, the root first (a tree is a few levels deep)."""
        out: list[Category] = []
        node: Category | None = self
        while node is not None and len(out) < MAX_DEPTH:
            out.insert(0, node)
            node = node.parent
        return out


class Status(models.TextChoices):
    """Where an item stands in approval; moves are in :mod:`gongkai_web.catalogue.workflow`."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    APPROVED = "approved", _("approved")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


#: The statuses in which an item's fields and attachments may be changed (by an officer).
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})


class ItemQuerySet(models.QuerySet["Item"]):
    """Named sets of items."""

    def public(self) -> ItemQuerySet:
        """Published items whose publication time has come: the only items the portal may show."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())


class Validity(models.TextChoices):
    """Validity of a normative document (有效/失效/废止); blank for other items."""

    NONE = "", _("not applicable")
    VALID = "valid", _("in force (有效)")
    EXPIRED = "expired", _("expired (失效)")
    REPEALED = "repealed", _("repealed (废止)")


class Item(models.Model):
    """A catalogue entry. ``status`` is written only by the workflow machine."""

    agency = models.ForeignKey(Agency, related_name="items", on_delete=models.PROTECT)
    category = models.ForeignKey(Category, related_name="items", on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True, help_text=_("Sanitised HTML."))
    body_text = models.TextField(editable=False, blank=True)
    #: Derived from the title and text on every save (see :mod:`gongkai_web.catalogue.search_text`).
    search_bigrams = models.TextField(editable=False, blank=True, default="")
    index_number = models.CharField(_("index number (索引号)"), max_length=80)
    doc_number = models.CharField(_("document number (文号)"), max_length=100, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    validity = models.CharField(
        _("validity"), max_length=10, choices=Validity.choices, blank=True, default=""
    )
    #: 生成日期: the day the document was made (成文); the portal shows the publication day when empty.
    generated_on = models.DateField(_("date made (生成日期)"), null=True, blank=True)
    #: 主题分类: the subject the document is filed under; the portal shows the catalogue path when empty.
    topic = models.CharField(_("subject (主题分类)"), max_length=100, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    publish_at = models.DateTimeField(
        _("publish at"), null=True, blank=True, help_text=_("Leave empty to publish on approval.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    #: None only for items imported from an archive, whose author is not known.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "index_number"], name="unique_index_number")]
        indexes = [
            models.Index(fields=["agency", "status", "published_at"], name="item_agency_pub"),
            models.Index(fields=["category", "status", "published_at"], name="item_category_pub"),
            models.Index(fields=["status", "published_at"], name="item_status_pub"),
        ]
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self) -> str:
        return self.title

    @property
    def made_on(self) -> Any:
        """生成日期 as the portal shows it: the day made, else the day published."""
        if self.generated_on is not None:
            return self.generated_on
        return timezone.localdate(self.published_at) if self.published_at else None

    @property
    def subject(self) -> str:
        """主题分类 as the portal shows it: the subject given, else the catalogue path (政策文件 / 规范性文件)."""
        return self.topic or " / ".join(c.name for c in self.category.path())

    def refresh_search_bigrams(self) -> None:
        """Recompute :attr:`search_bigrams` from the title and text (``save`` does it; bulk writes call it)."""
        self.search_bigrams = bigrams_of(self.title, self.body_text)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_bigrams()
        fields = kwargs.get("update_fields")
        if fields is not None and {"title", "body_text"} & set(fields):
            kwargs["update_fields"] = {*fields, "search_bigrams"}
        super().save(*args, **kwargs)


class IndexCounter(models.Model):
    """The last sequence number used for an agency's index numbers in a year."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_index_counter")]


class Attachment(models.Model):
    """A checked file attached to an item; served only through views that check publication."""

    item = models.ForeignKey(Item, related_name="attachments", on_delete=models.CASCADE)
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name
