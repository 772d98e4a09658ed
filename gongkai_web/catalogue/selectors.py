"""Reads of the catalogue: staff reads scoped to the user's agencies; public reads only published items."""

from __future__ import annotations

from django.db.models import Count, IntegerField, Q, QuerySet
from django.db.models.functions import Cast

from gongkai_web.agencies.models import Agency, Role
from gongkai_web.agencies.scoping import get_scoped_or_404, scope
from gongkai_web.catalogue.models import Category, Item, Status
from gongkai_web.catalogue.workflow import AUTHORING
from gongkai_web.common.models import AuditEntry
from gongkai_web.common.permissions import Actor, signed_in


def item_list_for_user(*, user: Actor, agency: Agency | None = None) -> QuerySet[Item]:
    """Items the user may read as staff (own agencies, or subordinates for a superior)."""
    qs = scope(Item.objects.select_related("agency", "category", "author"), user)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.order_by("-updated_at", "-id")


def item_get_for_user(*, user: Actor, pk: int) -> Item:
    """One item inside the user's scope, or 404."""
    return get_scoped_or_404(
        Item.objects.select_related("agency", "category", "author", "approver"), user, pk=pk
    )


def item_history(*, item: Item) -> QuerySet[AuditEntry]:
    """The audit rows of ``item``, newest first."""
    return AuditEntry.objects.filter(
        object_type=Item._meta.label_lower, object_id=str(item.pk)
    ).select_related("actor")


def item_tasks_for_user(*, user: Actor) -> dict[str, QuerySet[Item]]:
    """The officer's own drafts and returned items, and the leader's 待我审核 (never items they wrote)."""
    account = signed_in(user)
    if account is None:
        return {
            "drafts": Item.objects.none(),
            "returned": Item.objects.none(),
            "to_review": Item.objects.none(),
        }
    officer_in = scope(Item.objects.all(), account, roles={Role.OFFICER})
    leader_in = scope(Item.objects.all(), account, roles={Role.LEADER})
    written = AuditEntry.objects.filter(
        object_type=Item._meta.label_lower, actor=account, action__in=AUTHORING
    ).values(pk=Cast("object_id", IntegerField()))
    return {
        "drafts": officer_in.filter(author=account, status=Status.DRAFT)
        .select_related("agency")
        .order_by("-updated_at"),
        "returned": officer_in.filter(author=account, status=Status.RETURNED)
        .select_related("agency")
        .order_by("-updated_at"),
        "to_review": leader_in.filter(status=Status.SUBMITTED)
        .exclude(author=account)
        .exclude(pk__in=written)
        .select_related("agency", "author")
        .order_by("updated_at"),
    }


# --- public reads -------------------------------------------------------------------------------------


def items_public() -> QuerySet[Item]:
    """Published items whose publication time has come: the only items the portal may show."""
    return Item.objects.public()


def category_counts_public(*, agency: Agency) -> dict[int, int]:
    """Published items per category of ``agency`` (one GROUP BY)."""
    rows = items_public().filter(agency=agency).values("category_id").annotate(n=Count("id")).order_by()
    return {r["category_id"]: r["n"] for r in rows}


def category_tree_public(*, agency: Agency) -> list[tuple[Category, int]]:
    counts = category_counts_public(agency=agency)
    return [(c, counts.get(c.pk, 0)) for c in Category.objects.filter(agency=agency)]


def item_public_get(*, agency: Agency, pk: int) -> Item:
    from django.http import Http404

    try:
        return items_public().select_related("agency", "category").get(agency=agency, pk=pk)
    except Item.DoesNotExist as exc:
        raise Http404 from exc


def items_public_in(*, agency: Agency, category: Category | None = None) -> QuerySet[Item]:
    qs = items_public().filter(agency=agency)
    if category is not None:
        qs = qs.filter(Q(category=category))
    return qs.only("id", "title", "published_at", "index_number", "agency_id", "category_id").order_by(
        "-published_at", "-id"
    )
