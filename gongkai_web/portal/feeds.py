"""RSS and Atom feeds per agency and per category (published items only; text is escaped by the generator)."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from django.contrib.syndication.views import Feed
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from gongkai_web.agencies.models import Agency
from gongkai_web.catalogue.models import Category, Item
from gongkai_web.catalogue.selectors import items_public_in

FEED_SIZE = 30
T = TypeVar("T", bound=Model)


class _ItemFeed(Feed[Item, T]):
    """The latest published items of an agency or category (``T``), newest first."""

    def items(self, obj: T) -> list[Item]:
        return list(
            self.published(obj)
            .only("id", "title", "body_text", "published_at", "agency_id")
            .select_related("agency")[:FEED_SIZE]
        )

    def published(self, obj: T) -> QuerySet[Item]:
        raise NotImplementedError

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        return item.body_text[:300]

    def item_link(self, item: Item) -> str:
        return reverse("portal:item", kwargs={"code": item.agency.code, "pk": item.pk})

    def item_pubdate(self, item: Item) -> datetime | None:
        return item.published_at


class AgencyFeed(_ItemFeed[Agency]):
    def get_object(self, request: HttpRequest, code: str) -> Agency:
        return get_object_or_404(Agency, code=code)

    def title(self, obj: Agency) -> str:
        return f"{obj.name} · 政府信息公开"

    def link(self, obj: Agency) -> str:
        return reverse("portal:agency", kwargs={"code": obj.code})

    def description(self, obj: Agency) -> str:
        return f"{obj.name}最新公开的政府信息"

    def published(self, obj: Agency) -> QuerySet[Item]:
        return items_public_in(agency=obj)


class AgencyAtomFeed(AgencyFeed):
    feed_type = Atom1Feed
    subtitle = AgencyFeed.description


class CategoryFeed(_ItemFeed[Category]):
    def get_object(self, request: HttpRequest, code: str, category: str) -> Category:
        return get_object_or_404(Category.objects.select_related("agency"), agency__code=code, code=category)

    def title(self, obj: Category) -> str:
        return f"{obj.agency.name} · {obj.name}"

    def link(self, obj: Category) -> str:
        return reverse("portal:category", kwargs={"code": obj.agency.code, "category": obj.code})

    def description(self, obj: Category) -> str:
        return f"{obj.agency.name}“{obj.name}”栏目"

    def published(self, obj: Category) -> QuerySet[Item]:
        return items_public_in(agency=obj.agency, category=obj)


class CategoryAtomFeed(CategoryFeed):
    feed_type = Atom1Feed
