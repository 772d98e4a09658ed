"""Builders for the superior office's tests: a 督办 notice on an open case of the world's department, and
two consecutive published years of one agency (through the real services where there is one)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.web.annual_reports.helpers import YEAR, published_report, world_report


def world_notice(w: Any) -> Any:
    """A 督办 notice issued by the world's superior office on an open case of its department (once)."""
    from gongkai_web.oversight.models import SupervisionNotice
    from gongkai_web.oversight.services import supervision_notice_issue
    from tests.web.applications.helpers import received

    found = SupervisionNotice.objects.filter(application__agency=w.agency).first()
    if found is not None:
        return found
    app = received(w.agency, date(2024, 12, 2), acting_user=w.users["officer"], applicant_name="王小明")
    return supervision_notice_issue(application=app, text="请于三日内答复。", acting_user=w.users["superior"])


def world_pair(w: Any) -> Any:
    """The world's department with published reports on YEAR - 1 and YEAR (what the comparison compares)."""
    from gongkai_web.annual_reports.models import AnnualReport

    if not AnnualReport.objects.filter(agency=w.agency, year=YEAR - 1).exists():
        published_report(w.agency, YEAR - 1)
    return world_report(w)


def report_with(agency: Any, year: int, **cells: Any) -> Any:
    """A published report of ``agency`` on ``year``: the cells from its records, then ``cells`` (keys with
    ``__`` for dots) on top."""
    from gongkai_web.annual_reports.models import cells_to_json
    from gongkai_web.annual_reports.selectors import compute_report

    values = dict(compute_report(agency, year).cells)
    values.update({k.replace("__", "."): v for k, v in cells.items()})
    return published_report(agency, year, cells=cells_to_json(values))
