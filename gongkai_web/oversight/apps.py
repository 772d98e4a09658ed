"""The superior office's side of the annual reports: who has submitted, what the checks found, the roll-up."""

from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "gongkai_web.oversight"
    label = "oversight"
    verbose_name = "Oversight"
