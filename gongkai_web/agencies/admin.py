"""Admin registrations (for superusers only)."""

from django.contrib import admin

from gongkai_web.agencies.models import Agency, Membership


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ("name", "code", "doc_prefix", "review_body", "parent")
    search_fields = ("name", "code", "doc_prefix")


admin.site.register(Membership)
