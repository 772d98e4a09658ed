"""A published annual report of the world's agency, built straight into the tables (fast: no PDF rendering),
for the authorisation table."""

from __future__ import annotations

import hashlib
from typing import Any

YEAR = 2024


def world_report(w: Any) -> Any:
    """The world's agency's published 2024 report (created once per world)."""
    from django.utils import timezone

    from gongkai_web.annual_reports.models import AnnualReport, ReportFile, cells_to_json
    from gongkai_web.annual_reports.selectors import compute_report

    found = AnnualReport.objects.filter(agency=w.agency, year=YEAR).first()
    if found is not None:
        return found
    core = compute_report(w.agency, YEAR)
    report = AnnualReport.objects.create(
        agency=w.agency,
        year=YEAR,
        template=core.template,
        title=core.title,
        state="published",
        cells=cells_to_json(core.cells),
        prose=core.prose.model_dump(),
        facts={"items_total": 1, "items_by_category": [["工作动态", 1]], "fees_paid": 0},
        author=w.users["officer"],
        approver=w.users["leader"],
        published_at=timezone.now(),
        submitted_to=w.office,
        submitted_at=timezone.now(),
    )
    html = b"<!doctype html><title>report</title>"
    ReportFile.objects.create(
        report=report, fmt="html", filename="r.html", content=html, sha256=hashlib.sha256(html).hexdigest()
    )
    return report
