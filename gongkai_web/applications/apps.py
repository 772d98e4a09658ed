"""Applications for disclosure (依申请公开): intake, handling on the statutory clock, letters, appeals, statistics."""

from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai_web.applications"
    label = "applications"
    verbose_name = "Applications"
