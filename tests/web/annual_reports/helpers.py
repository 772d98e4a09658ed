"""Published annual reports built straight into the tables (fast: no PDF rendering), for the authorisation
table and the tests of what changes a published year."""

from __future__ import annotations

import hashlib
from typing import Any

YEAR = 2024


def published_report(agency: Any, year: int, *, author: Any = None, approver: Any = None, **over: Any) -> Any:
    """The agency's report on ``year`` as published now: its cells and facts computed from the records."""
    from django.utils import timezone

    from gongkai_web.annual_reports.models import AnnualReport, ReportFile, cells_to_json
    from gongkai_web.annual_reports.selectors import compute_report, year_facts

    core = compute_report(agency, year)
    fields: dict[str, Any] = {
        "agency": agency,
        "year": year,
        "template": core.template,
        "title": core.title,
        "state": "published",
        "cells": cells_to_json(core.cells),
        "prose": core.prose.model_dump(),
        "facts": year_facts(agency=agency, year=year),
        "author": author,
        "approver": approver,
        "published_at": timezone.now(),
        "submitted_to": agency.parent,
        "submitted_at": timezone.now() if agency.parent_id else None,
        **over,
    }
    report = AnnualReport.objects.create(**fields)
    html = b"<!doctype html><title>report</title>"
    ReportFile.objects.create(
        report=report, fmt="html", filename="r.html", content=html, sha256=hashlib.sha256(html).hexdigest()
    )
    return report


def world_report(w: Any) -> Any:
    """The world's agency's published 2024 report (created once per world)."""
    from gongkai_web.annual_reports.models import AnnualReport

    found = AnnualReport.objects.filter(agency=w.agency, year=YEAR).first()
    if found is not None:
        return found
    return published_report(
        w.agency,
        YEAR,
        author=w.users["officer"],
        approver=w.users["leader"],
        facts={"items_total": 1, "items_by_category": [["工作动态", 1]], "fees_paid": 0},
    )


def world_return(w: Any) -> Any:
    """An open return of the world's published report by its superior office (created once per world)."""
    from gongkai_web.annual_reports.models import ReportReturn
    from gongkai_web.annual_reports.services import annual_report_return

    report = world_report(w)
    found = ReportReturn.objects.filter(report=report).first()
    if found is not None:
        return found
    return annual_report_return(report=report, reason="表三数字有误", acting_user=w.users["superior"])
