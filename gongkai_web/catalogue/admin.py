"""Admin: read-mostly; status is never editable here (it changes only through the workflow)."""

from django.contrib import admin
from django.http import HttpRequest

from gongkai_web.catalogue.models import Category, Item


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin[Item]):
    list_display = ("index_number", "title", "agency", "status", "published_at")
    list_filter = ("status",)

    # Writes go through services (sanitising, audit, workflow); the admin only reads.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Item | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Item | None = None) -> bool:
        return False


admin.site.register(Category)
