"""Agencies in a hierarchy, and who plays which role in each."""

from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "gongkai_web.agencies"
    label = "agencies"
    verbose_name = "Agencies"
