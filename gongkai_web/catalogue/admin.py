"""Admin: read-mostly; status is never editable here (it changes only through the workflow)."""

from django.contrib import admin

from gongkai_web.catalogue.models import Category, Item


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("index_number", "title", "agency", "status", "published_at")
    list_filter = ("status",)

    # Writes go through services (sanitising, audit, workflow); the admin only reads.
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


admin.site.register(Category)
