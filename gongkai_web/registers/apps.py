"""The registers behind part 二 of the annual report: regulations and normative documents, decisions, fees,
procurement."""

from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "gongkai_web.registers"
    label = "registers"
    verbose_name = "Registers"
