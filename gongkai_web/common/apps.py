"""Shared machinery: audit log, agency scoping, permission predicates, state machines."""

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "gongkai_web.common"
    label = "common"
    verbose_name = "Common"
