"""A history import is refused when the report the file holds is another agency's, or another year's than the
one named (平潭's 2024 report uploaded as 司法局 history was summed into the district roll-up)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai_web.annual_reports.models import AnnualReport
from gongkai_web.common.errors import Refused
from tests.web.factories import fresh

pytestmark = pytest.mark.django_db


def report_json(world: Any, year: int, agency_name: str | None = None) -> bytes:
    from gongkai_web.annual_reports.selectors import compute_report

    core = compute_report(world.agency, year)
    if agency_name is not None:
        core = core.model_copy(update={"agency": agency_name})
    return core.model_dump_json().encode()


def upload(world: Any, data: bytes, **over: Any) -> AnnualReport:
    from gongkai_web.annual_reports.services import annual_report_import

    return annual_report_import(
        agency=world.agency, acting_user=fresh(world.users["officer"]), name="r.json", data=data, **over
    )


def test_another_agencys_report_is_refused(world: Any) -> None:
    with pytest.raises(Refused) as caught:
        upload(world, report_json(world, 2024, "平潭综合实验区社会事业局"))
    assert "平潭综合实验区社会事业局" in str(caught.value) and caught.value.field == "file"
    assert not AnnualReport.objects.exists()


def test_a_shorter_form_of_the_agencys_name_is_accepted(world: Any) -> None:
    world.agency.name = "长治市上党区司法局"
    world.agency.save()
    assert upload(world, report_json(world, 2024, "上党区司法局")).state == "imported"


def test_another_year_than_the_one_named_is_refused(world: Any) -> None:
    with pytest.raises(Refused) as caught:
        upload(world, report_json(world, 2023), year=2024)
    assert "2023" in str(caught.value)
    assert not AnnualReport.objects.exists()


def test_the_import_page_says_why_at_the_file(world: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(world.users["officer"])
    response = client.post(
        reverse("annual_reports:import", args=["dept-a"]),
        {"file": SimpleUploadedFile("r.json", report_json(world, 2024, "平潭综合实验区社会事业局"))},
    )
    assert response.status_code == 200
    assert "平潭综合实验区社会事业局" in response.content.decode()
    assert not AnnualReport.objects.exists()
