"""The annual report generated from the year's records: draft, check, approve, publish, submit upward."""

from django.apps import AppConfig


class AnnualReportsConfig(AppConfig):
    name = "gongkai_web.annual_reports"
    label = "annual_reports"
    verbose_name = "Annual reports"

    def ready(self) -> None:
        from gongkai_web.annual_reports import signals

        signals.connect()
