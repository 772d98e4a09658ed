"""The public portal: published catalogue items only, never personal data."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai_web.portal"
    label = "portal"
    verbose_name = "Portal"
