"""Admin registrations (for superusers only)."""

from django.contrib import admin

from gongkai_web.agencies.models import Agency, Membership

admin.site.register(Agency)
admin.site.register(Membership)
