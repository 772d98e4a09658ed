"""Writes to the catalogue: every change in one transaction with its audit row; status only via the machine.

Publishing or withdrawing an item changes the year's published items, which part 一 of the annual report
counts: those services tell the report layer (:func:`gongkai_web.common.changes.records_changed`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import IO, Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.permissions import can_manage_categories, is_leader
from gongkai_web.catalogue.categories import NATIONAL_CATEGORIES
from gongkai_web.catalogue.models import MAX_DEPTH, Attachment, Category, IndexCounter, Item, Status
from gongkai_web.catalogue.sanitize import html_to_text, sanitize_html
from gongkai_web.catalogue.workflow import (
    APPROVE,
    ITEM_MACHINE,
    PUBLISH,
    RETURN,
    REVISE,
    SUBMIT,
    WITHDRAW,
    can_edit_item,
    may_edit,
)
from gongkai_web.common.audit import audit_record, diff
from gongkai_web.common.changes import records_changed
from gongkai_web.common.errors import NotPermitted, Refused
from gongkai_web.common.pagecache import portal_version_bump
from gongkai_web.common.permissions import Actor, signed_in
from gongkai_web.common.uploads import check_upload


def _published_changed(items: Iterable[Item], acting_user: Actor) -> None:
    """The published items of these items' years changed (part 一's figures): tell the report layer."""
    by_agency: dict[int, set[int]] = {}
    for item in items:
        if item.published_at is not None:
            by_agency.setdefault(item.agency_id, set()).add(timezone.localtime(item.published_at).year)
    for agency_id, years in by_agency.items():
        records_changed(agency_id=agency_id, years=years, record="catalogue.item", acting_user=acting_user)


def category_seed_national(*, agency: Agency, acting_user: Actor = None) -> list[Category]:
    """Give ``agency`` the national categories it lacks (idempotent)."""
    existing = set(Category.objects.filter(agency=agency).values_list("code", flat=True))
    created = [
        Category(agency=agency, code=code, name=name, name_en=name_en, position=i)
        for i, (code, name, name_en) in enumerate(NATIONAL_CATEGORIES)
        if code not in existing
    ]
    Category.objects.bulk_create(created)
    return created


def categories_of_new_agency(agency: Agency, acting_user: Actor) -> None:
    """The listener of ``agencies.services.AGENCY_CREATED``: a new agency gets the national categories."""
    category_seed_national(agency=agency, acting_user=acting_user)


def index_number_next(*, agency: Agency, year: int) -> str:
    """The next 索引号 of ``agency`` for ``year`` under its scheme (locks the counter row)."""
    with transaction.atomic():
        counter, _ = IndexCounter.objects.select_for_update().get_or_create(agency=agency, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
        return agency.index_scheme.format(agency_code=agency.code, year=year, seq=counter.last)


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    if "body" in out:
        out["body"] = sanitize_html(out["body"] or "")
        out["body_text"] = html_to_text(out["body"])
    if "title" in out:
        out["title"] = " ".join((out["title"] or "").split())
    return out


def item_create(
    *,
    agency: Agency,
    category: Category,
    title: str,
    body: str = "",
    doc_number: str = "",
    issuing_body: str = "",
    validity: str = "",
    publish_at: datetime | None = None,
    generated_on: date | None = None,
    topic: str = "",
    acting_user: Actor,
) -> Item:
    """A new draft by an officer of ``agency``; the body is sanitised and an index number assigned."""
    if not can_edit_item(acting_user, agency):
        raise NotPermitted(_("Only the agency's officers may draft items."))
    if category.agency_id != agency.pk:
        raise Refused(_("The category belongs to another agency."), field="category")
    with transaction.atomic():
        year = timezone.localtime().year
        values = _clean_fields(
            {
                "title": title,
                "body": body,
                "doc_number": doc_number,
                "issuing_body": issuing_body or agency.name,
                "validity": validity,
                "publish_at": publish_at,
                "generated_on": generated_on,
                "topic": topic,
            }
        )
        item = Item.objects.create(
            agency=agency,
            category=category,
            author=signed_in(acting_user),
            index_number=index_number_next(agency=agency, year=year),
            **values,
        )
        audit_record(
            acting_user=acting_user,
            action="item_create",
            obj=item,
            changes={"title": item.title, "category": category.pk, "index_number": item.index_number},
        )
    return item


def _check_editable(item: Item, acting_user: Actor) -> None:
    if not can_edit_item(acting_user, item):
        raise NotPermitted(_("Only the agency's officers may edit items."))
    if not may_edit(item, acting_user):
        raise Refused(_("This item cannot be edited now: submit it again after a return, or revise it."))


def item_update(*, item: Item, acting_user: Actor, **fields: Any) -> Item:
    """Change a draft or returned item's fields (not its status)."""
    if "status" in fields:
        raise Refused(_("The status changes only through approval."))
    with transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=item.pk)
        _check_editable(locked, acting_user)
        values = _clean_fields(fields)
        if "category" in values and values["category"].agency_id != locked.agency_id:
            raise Refused(_("The category belongs to another agency."), field="category")
        changes = diff(locked, values)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            acting_user=acting_user,
            action="item_update",
            obj=locked,
            changes={k: v for k, v in changes.items() if k != "body_text"},
        )
    return locked


def item_submit(*, item: Item, acting_user: Actor) -> Item:
    """Submit a draft (or a returned item) for a leader's approval."""
    return ITEM_MACHINE.apply(item, action=SUBMIT, acting_user=acting_user)


def item_approve(*, item: Item, acting_user: Actor) -> Item:
    """Approve; publish at once unless ``publish_at`` lies in the future (then ``items_publish_due`` will)."""
    with transaction.atomic():
        approved = ITEM_MACHINE.apply(
            item, action=APPROVE, acting_user=acting_user, updates={"approver": signed_in(acting_user)}
        )
        if approved.publish_at is None or approved.publish_at <= timezone.now():
            return item_publish(item=approved, acting_user=acting_user)
    return approved


def item_return(*, item: Item, acting_user: Actor, reason: str) -> Item:
    """Send back to the officer with a reason (required)."""
    return ITEM_MACHINE.apply(
        item,
        action=RETURN,
        acting_user=acting_user,
        updates={"return_reason": reason.strip(), "approver": signed_in(acting_user)},
    )


def item_publish(*, item: Item, acting_user: Actor) -> Item:
    """Publish an approved item now (or at its ``publish_at``, for the scheduler)."""
    when = item.publish_at if item.publish_at and item.publish_at > timezone.now() else timezone.now()
    with transaction.atomic():
        portal_version_bump()
        published = ITEM_MACHINE.apply(
            item, action=PUBLISH, acting_user=acting_user, updates={"published_at": when}
        )
        _published_changed([published], acting_user)
    return published


def item_withdraw(*, item: Item, acting_user: Actor) -> Item:
    """Take a published item off the portal."""
    with transaction.atomic():
        portal_version_bump()
        withdrawn = ITEM_MACHINE.apply(item, action=WITHDRAW, acting_user=acting_user)
        _published_changed([withdrawn], acting_user)
    return withdrawn


def item_revise(*, item: Item, acting_user: Actor) -> Item:
    """Make a withdrawn item a draft again (to correct and submit it anew)."""
    return ITEM_MACHINE.apply(item, action=REVISE, acting_user=acting_user)


def items_publish_due(*, now: datetime | None = None) -> list[int]:
    """Publish every approved item whose ``publish_at`` has come (the scheduler; ``acting_user=None``)."""
    now = now or timezone.now()
    published = []
    for item in Item.objects.filter(status=Status.APPROVED, publish_at__lte=now).order_by("publish_at"):
        with transaction.atomic():
            portal_version_bump()
            done = ITEM_MACHINE.apply(
                item, action=PUBLISH, acting_user=None, updates={"published_at": item.publish_at}
            )
            _published_changed([done], None)
        published.append(item.pk)
    return published


def attachment_add(*, item: Item, name: str, size: int, data: IO[bytes], acting_user: Actor) -> Attachment:
    """Attach a checked file to an editable item; a refused file raises UploadRefused and saves nothing."""
    _check_editable(item, acting_user)
    kind = check_upload(name=name, size=size, data=data)
    safe_name = name.replace("/", "_").replace("\\", "_")[-150:]
    with transaction.atomic():
        attachment = Attachment(item=item, original_name=safe_name, kind=kind, size=size)
        attachment.file.save(f"{item.pk}.{kind}", File(data), save=False)
        try:
            attachment.save()
            audit_record(
                acting_user=acting_user,
                action="item_attach",
                obj=item,
                changes={"file": safe_name, "size": size},
            )
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def items_import_published(*, agency: Agency, rows: list[dict[str, Any]], acting_user: Actor = None) -> int:
    """Archive import: items already published before the platform existed (e.g. from the old portal).

    Each row gives ``category``, ``title``, ``body``, ``published_at`` (and optionally ``doc_number``,
    ``issuing_body``, ``validity``). They are stored as published with their original dates and fresh index
    numbers, in one transaction with ONE audit row for the import; with :func:`item_publish_with_report` this is a writer
    of a status outside the workflow machine, and it only ever writes ``published`` for the historical record.
    """
    with transaction.atomic():
        counters: dict[int, IndexCounter] = {}
        objects = []
        author = signed_in(acting_user)
        for row in rows:
            year = timezone.localtime(row["published_at"]).year
            if year not in counters:
                counters[year], _ = IndexCounter.objects.select_for_update().get_or_create(
                    agency=agency, year=year
                )
            counters[year].last += 1
            values = _clean_fields({"title": row["title"], "body": row.get("body", "")})
            objects.append(
                Item(
                    agency=agency,
                    category=row["category"],
                    author=row.get("author") or author,
                    index_number=agency.index_scheme.format(
                        agency_code=agency.code, year=year, seq=counters[year].last
                    ),
                    doc_number=row.get("doc_number", ""),
                    issuing_body=row.get("issuing_body") or agency.name,
                    validity=row.get("validity", ""),
                    generated_on=row.get("generated_on"),
                    topic=row.get("topic", ""),
                    status=Status.PUBLISHED,
                    published_at=row["published_at"],
                    publish_at=row["published_at"],
                    **values,
                )
            )
        for obj in objects:
            obj.refresh_search_bigrams()  # bulk_create does not call save()
        Item.objects.bulk_create(objects, batch_size=1000)
        portal_version_bump()
        for counter in counters.values():
            counter.save(update_fields=["last"])
        audit_record(
            acting_user=acting_user,
            action="items_import_published",
            obj=agency,
            agency=agency,
            changes={"items": len(objects)},
        )
        _published_changed(objects, acting_user)
    return len(objects)


# --- the catalogue tree: columns and sub-columns, managed by the agency's administrators ---------------------


def _check_category_manager(agency: Agency, acting_user: Actor) -> None:

    if not can_manage_categories(acting_user, agency):
        raise NotPermitted(_("Only the agency's administrators may manage its catalogue columns."))


def _check_parent(agency: Agency, parent: Category | None, category: Category | None = None) -> None:
    if parent is None:
        return
    if parent.agency_id != agency.pk:
        raise Refused(_("Parent column: choose a column of this agency."), field="parent")
    path = parent.path()
    if category is not None and any(c.pk == category.pk for c in path):
        raise Refused(_("Parent column: a column cannot be placed under itself."), field="parent")
    if len(path) >= MAX_DEPTH:
        raise Refused(
            _("Parent column: the catalogue is at most %(depth)d levels deep."),
            {"depth": MAX_DEPTH},
            field="parent",
        )


def category_create(
    *,
    agency: Agency,
    code: str,
    name: str,
    parent: Category | None = None,
    name_en: str = "",
    position: int = 0,
    acting_user: Actor,
) -> Category:
    """A new column of ``agency``'s catalogue (under ``parent`` for a sub-column)."""
    _check_category_manager(agency, acting_user)
    _check_parent(agency, parent)
    with transaction.atomic():
        if Category.objects.filter(agency=agency, code=code).exists():
            raise Refused(_("Code: the agency already has a column with this code."), field="code")
        category = Category.objects.create(
            agency=agency,
            code=code,
            name=name.strip(),
            name_en=name_en.strip(),
            parent=parent,
            position=position,
        )
        audit_record(
            acting_user=acting_user,
            action="category_create",
            obj=category,
            changes={"code": code, "name": category.name, "parent": parent.pk if parent else None},
        )
        portal_version_bump()
    return category


def category_update(*, category: Category, acting_user: Actor, **fields: Any) -> Category:
    """Rename a column, move it under another (or to the top) or change its position; its code stays."""
    _check_category_manager(category.agency, acting_user)
    allowed = {"name", "name_en", "parent", "position"}
    values = {k: v for k, v in fields.items() if k in allowed}
    if "parent" in values:
        _check_parent(category.agency, values["parent"], category)
    with transaction.atomic():
        locked = Category.objects.select_for_update().get(pk=category.pk)
        changes = diff(locked, values)
        for key, value in values.items():
            setattr(locked, key, value.strip() if isinstance(value, str) else value)
        locked.save()
        audit_record(acting_user=acting_user, action="category_update", obj=locked, changes=changes)
        portal_version_bump()
    return locked


def category_delete(*, category: Category, acting_user: Actor) -> None:
    """Remove an empty column: one that holds no item (whatever its status) and no sub-column. The national
    columns stay (every agency has them)."""
    _check_category_manager(category.agency, acting_user)
    if category.code in {code for code, _n, _e in NATIONAL_CATEGORIES}:
        raise Refused(_("The national columns cannot be removed."))
    with transaction.atomic():
        locked = Category.objects.select_for_update().get(pk=category.pk)
        if locked.items.exists() or locked.children.exists():
            raise Refused(_("Only an empty column (no item, no sub-column) can be removed."))
        audit_record(
            acting_user=acting_user,
            action="category_delete",
            obj=locked,
            changes={"code": locked.code, "name": locked.name},
        )
        locked.delete()
        portal_version_bump()


def item_publish_with_report(
    *, agency: Agency, category: Category, title: str, body: str, author: Actor, acting_user: Actor
) -> Item:
    """The entry of a published annual report in the portal's annual-report column, published by the leader
    who approved and published the report, in the same transaction: ONE audit row ``item_publish_with_report``
    in the leader's name (the report's own two steps, written and approved by two people, are its review; the
    entry is not drafted or submitted again in the author's name, which would record the officer as acting
    when the leader did). ``author`` is the report's author (the item's author field)."""
    if not is_leader(acting_user, agency):
        raise NotPermitted(_("Only the agency's leaders may publish."))
    if category.agency_id != agency.pk:
        raise Refused(_("The category belongs to another agency."), field="category")
    with transaction.atomic():
        now = timezone.now()
        values = _clean_fields({"title": title, "body": body})
        item = Item.objects.create(
            agency=agency,
            category=category,
            author=signed_in(author),
            approver=signed_in(acting_user),
            index_number=index_number_next(agency=agency, year=timezone.localtime(now).year),
            issuing_body=agency.name,
            status=Status.PUBLISHED,
            published_at=now,
            publish_at=now,
            **values,
        )
        portal_version_bump()
        audit_record(
            acting_user=acting_user,
            action="item_publish_with_report",
            obj=item,
            changes={"title": item.title, "category": category.pk, "index_number": item.index_number},
        )
        _published_changed([item], acting_user)
    return item
