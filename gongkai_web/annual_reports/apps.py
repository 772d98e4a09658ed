"""The annual report generated from the year's records: draft, check, approve, publish, submit upward."""

from django.apps import AppConfig


class AnnualReportsConfig(AppConfig):
    name = "gongkai_web.annual_reports"
    label = "annual_reports"
    verbose_name = "Annual reports"

    def ready(self) -> None:
        # The services below the reports call gongkai_web.common.changes.records_changed in each write
        # that changes a counted record; this is where those calls reach the published reports.
        from gongkai_web.annual_reports.services import annual_reports_flag
        from gongkai_web.common.changes import RECORDS_CHANGED

        RECORDS_CHANGED.connect(annual_reports_flag)
