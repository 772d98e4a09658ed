"""RSS and Atom feeds per agency and per category (published items only; text is escaped by the generator)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from gongkai_web.agencies.models import Agency
from gongkai_web.catalogue.models import Category, Item
from gongkai_web.catalogue.selectors import items_public_in

FEED_SIZE = 30


class AgencyFeed(Feed):  # type: ignore[type-arg]
    def get_object(self, request: HttpRequest, code: str) -> Agency:  # type: ignore[override]
        return get_object_or_404(Agency, code=code)

    def title(self, obj: Agency) -> str:
        return f"{obj.name} · 政府信息公开"

    def link(self, obj: Agency) -> str:
        return reverse("portal:agency", kwargs={"code": obj.code})

    def description(self, obj: Agency) -> str:
        return f"{obj.name}最新公开的政府信息"

    def items(self, obj: Agency) -> list[Item]:
        return list(
            items_public_in(agency=obj)
            .only("id", "title", "body_text", "published_at", "agency_id")
            .select_related("agency")[:FEED_SIZE]
        )

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        return item.body_text[:300]

    def item_link(self, item: Item) -> str:
        return reverse("portal:item", kwargs={"code": item.agency.code, "pk": item.pk})

    def item_pubdate(self, item: Item) -> datetime | None:
        return item.published_at


class AgencyAtomFeed(AgencyFeed):
    feed_type = Atom1Feed
    subtitle = AgencyFeed.description


class CategoryFeed(AgencyFeed):
    def get_object(self, request: HttpRequest, code: str, category: str) -> Category:  # type: ignore[override]
        return get_object_or_404(Category.objects.select_related("agency"), agency__code=code, code=category)

    def title(self, obj: Category) -> str:  # type: ignore[override]
        return f"{obj.agency.name} · {obj.name}"

    def link(self, obj: Category) -> str:  # type: ignore[override]
        return reverse("portal:category", kwargs={"code": obj.agency.code, "category": obj.code})

    def description(self, obj: Category) -> str:  # type: ignore[override]
        return f"{obj.agency.name}“{obj.name}”栏目"

    def items(self, obj: Category) -> list[Item]:  # type: ignore[override]
        return list(
            items_public_in(agency=obj.agency, category=obj)
            .only("id", "title", "body_text", "published_at", "agency_id")
            .select_related("agency")[:FEED_SIZE]
        )


class CategoryAtomFeed(CategoryFeed):
    feed_type = Atom1Feed
    subtitle = CategoryFeed.description
