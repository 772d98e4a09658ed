"""``manage.py annual_report AGENCY YEAR --to FMT [-o OUT]``: by code or name, every format the core writes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from gongkai.parsers import read


@pytest.fixture
def bought(world: Any) -> Any:
    from datetime import date

    from gongkai_web.registers.models import Procurement

    Procurement.objects.create(
        agency=world.agency, title="采购", contracted_on=date(2020, 3, 1), amount=Decimal("2.5")
    )
    return world


@pytest.mark.parametrize("who", ["dept-a", "甲局"])
@pytest.mark.parametrize("fmt", ["json", "text", "docx", "pdf"])
def test_command_writes_a_report_the_core_reads_back(bought: Any, tmp_path: Path, who: str, fmt: str) -> None:
    out = tmp_path / f"r.{fmt}"
    call_command("annual_report", who, "2020", "--to", fmt, "-o", str(out))
    report = read(out).report
    assert (report.year, report.template) == (2020, "2019")
    assert report.cells["proactive.procurement.count"] == 1
    assert report.cells["proactive.procurement.amount"] == Decimal("2.5")


def test_command_writes_cells_to_standard_output(bought: Any, capfdbinary: Any) -> None:
    call_command("annual_report", "dept-a", "2020", "--to", "cells")
    out = capfdbinary.readouterr().out.decode()
    assert "proactive.procurement.count,1" in out


def test_command_names_an_unknown_agency(world: Any) -> None:
    with pytest.raises(CommandError, match="找不到机关"):
        call_command("annual_report", "nowhere", "2020")
