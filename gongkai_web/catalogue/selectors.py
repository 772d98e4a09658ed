"""Reads of the catalogue: staff reads scoped to the user's agencies; public reads only published items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Count, IntegerField, Max, Q, QuerySet
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone

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


@dataclass
class TreeNode:
    """A column of the public catalogue tree: its published items (``own``), with its sub-columns' (``total``)."""

    category: Category
    own: int
    children: list[TreeNode]

    @property
    def total(self) -> int:
        return self.own + sum(c.total for c in self.children)


def category_tree_nested(*, agency: Agency) -> list[TreeNode]:
    """The agency's catalogue as a tree (sub-columns under their parent, in position order), each node with
    its count of published items and its subtree's (two queries)."""
    counts = category_counts_public(agency=agency)
    cats = list(Category.objects.filter(agency=agency))
    nodes = {c.pk: TreeNode(c, counts.get(c.pk, 0), []) for c in cats}
    roots: list[TreeNode] = []
    for c in cats:
        parent = nodes.get(c.parent_id) if c.parent_id is not None else None
        (parent.children if parent is not None else roots).append(nodes[c.pk])
    return roots


def item_public_get(*, agency: Agency, pk: int) -> Item:
    from django.http import Http404

    try:
        return items_public().select_related("agency", "category__parent").get(agency=agency, pk=pk)
    except Item.DoesNotExist as exc:
        raise Http404 from exc


def category_descendant_ids(category: Category) -> list[int]:
    """``category`` and every column below it (one query per level)."""
    ids, level = [category.pk], [category.pk]
    while level:
        level = list(Category.objects.filter(parent_id__in=level).values_list("id", flat=True))
        ids += level
    return ids


def items_public_in(*, agency: Agency, category: Category | None = None) -> QuerySet[Item]:
    """Published items of ``agency`` (in ``category`` or any column below it), newest first."""
    qs = items_public().filter(agency=agency)
    if category is not None:
        qs = qs.filter(Q(category_id__in=category_descendant_ids(category)))
    return qs.only("id", "title", "published_at", "index_number", "agency_id", "category_id").order_by(
        "-published_at", "-id"
    )


# --- column health (栏目更新情况) ----------------------------------------------------------------------

#: Days a column may go without a new item before it counts as stale, by category code ("*": any other).
#: Defaults from the State Council's 《政府网站与政务新媒体检查指标》 (国办秘函〔2019〕19号), 单项否决「内容不
#: 更新」: 动态、要闻类栏目 not updated within 2 weeks, 通知公告、政策文件类栏目 within 6 months, and columns
#: that should be updated but have not been for a long time (read here as a year). A site overrides them
#: with the setting ``GONGKAI_COLUMN_STALE_DAYS``; docs/annual_reports.md ("Column health") states them.
DEFAULT_STALE_DAYS: dict[str, int] = {"gzdt": 14, "zcwj": 183, "*": 365}
#: Months of items-per-month shown (the last N calendar months to the day asked for).
HEALTH_MONTHS = 12


def stale_days() -> dict[str, int]:
    """The thresholds in force: the defaults with the site's setting on top."""
    return {**DEFAULT_STALE_DAYS, **getattr(settings, "GONGKAI_COLUMN_STALE_DAYS", {})}


@dataclass(frozen=True)
class ColumnHealth:
    """One column (category) of an agency's catalogue as of ``today``: public items in it, per month over the
    last :data:`HEALTH_MONTHS` months (oldest first), the day of the last one, and its standing: ``blank`` (no
    public item ever: 空白栏目), ``stale`` (none within ``threshold`` days: 长期未更新) or ``ok``."""

    agency_id: int
    category: Category
    total: int
    per_month: tuple[int, ...]
    last_update: date | None
    days_since: int | None
    threshold: int
    status: str


@dataclass(frozen=True)
class HealthSummary:
    """An agency's columns and how many are blank or stale."""

    columns: list[ColumnHealth]

    @property
    def blank(self) -> list[ColumnHealth]:
        return [c for c in self.columns if c.status == "blank"]

    @property
    def stale(self) -> list[ColumnHealth]:
        return [c for c in self.columns if c.status == "stale"]

    def sentence(self) -> str:
        """The sentence part 一 of a report can cite (Chinese, the report's language)."""
        text = f"本机关政府信息公开目录共设栏目 {len(self.columns)} 个"
        if not self.blank and not self.stale:
            return text + "，各栏目均按要求更新，无空白栏目和长期未更新栏目。"
        parts = []
        if self.blank:
            parts.append(f"空白栏目 {len(self.blank)} 个（{'、'.join(c.category.name for c in self.blank)}）")
        if self.stale:
            names = "、".join(f"{c.category.name}，{c.days_since} 天未更新" for c in self.stale)
            parts.append(f"超过规定期限未更新的栏目 {len(self.stale)} 个（{names}）")
        return text + "，其中" + "，".join(parts) + "，将加强栏目内容保障。"


def months_back(today: date, n: int) -> list[date]:
    """The first days of the last ``n`` calendar months to ``today``'s, oldest first."""
    firsts = []
    year, month = today.year, today.month
    for _i in range(n):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def column_health(*, agency_ids: list[int], today: date) -> dict[int, HealthSummary]:
    """Agency id → its columns' health on ``today``: items published up to the end of ``today`` counted per
    category and month in one GROUP BY (plus one query for the categories). A category with children counts
    its own items only."""
    end = timezone.make_aware(datetime.combine(today, time.max))
    months = months_back(today, HEALTH_MONTHS)
    rows = (
        Item.objects.public()
        .filter(agency_id__in=agency_ids, published_at__lte=end)
        .annotate(month=TruncMonth("published_at"))
        .values("category_id", "month")
        .annotate(n=Count("id"), last=Max("published_at"))
        .order_by()
    )
    counts: dict[int, dict[date, int]] = {}
    totals: dict[int, int] = {}
    last: dict[int, datetime] = {}
    for r in rows:
        cid = r["category_id"]
        month = r["month"].date() if isinstance(r["month"], datetime) else r["month"]
        counts.setdefault(cid, {})[month] = r["n"]
        totals[cid] = totals.get(cid, 0) + r["n"]
        if cid not in last or r["last"] > last[cid]:
            last[cid] = r["last"]
    limits = stale_days()
    found: dict[int, HealthSummary] = {a: HealthSummary([]) for a in agency_ids}
    for category in Category.objects.filter(agency_id__in=agency_ids).order_by("agency_id", "position", "id"):
        threshold = limits.get(category.code, limits["*"])
        latest = last.get(category.pk)
        day = timezone.localdate(latest) if latest is not None else None
        since = (today - day).days if day is not None else None
        status = "blank" if day is None else ("stale" if since is not None and since > threshold else "ok")
        per_month = tuple(counts.get(category.pk, {}).get(m, 0) for m in months)
        found[category.agency_id].columns.append(
            ColumnHealth(
                category.agency_id,
                category,
                totals.get(category.pk, 0),
                per_month,
                day,
                since,
                threshold,
                status,
            )
        )
    return found


def category_get_in(*, agency: Agency, pk: int) -> Category:
    """One column of ``agency`` (whose scope the caller checked), or 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Category.objects.select_related("parent"), agency=agency, pk=pk)


# --- the staff item list: filters and search -------------------------------------------------------------


@dataclass(frozen=True)
class ItemFilter:
    """What the staff item list is narrowed to (every part optional): a status, a category, updated within a
    range of days, words in the title, index number or document number."""

    status: str = ""
    category: Category | None = None
    since: date | None = None
    until: date | None = None
    q: str = ""


def item_search_for_user(*, user: Actor, agency: Agency, where: ItemFilter) -> QuerySet[Item]:
    """The agency's items the user may read as staff, narrowed by ``where``, newest change first (no cap:
    the page paginates)."""
    qs = item_list_for_user(user=user, agency=agency)
    if where.status:
        qs = qs.filter(status=where.status)
    if where.category is not None:
        qs = qs.filter(category=where.category)
    if where.since is not None:
        qs = qs.filter(updated_at__gte=timezone.make_aware(datetime.combine(where.since, time.min)))
    if where.until is not None:
        qs = qs.filter(updated_at__lte=timezone.make_aware(datetime.combine(where.until, time.max)))
    for word in where.q.split():
        qs = qs.filter(
            Q(title__icontains=word) | Q(index_number__icontains=word) | Q(doc_number__icontains=word)
        )
    return qs
