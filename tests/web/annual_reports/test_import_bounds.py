"""History imports parse the file out of the web worker, in a limited child: a hostile file is one
ParseError (the form shows its message) and nothing is saved."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

import gongkai.sandbox
from gongkai.errors import ParseError
from gongkai_web.annual_reports.models import AnnualReport
from gongkai_web.annual_reports.services import annual_report_import
from tests import hostile
from tests.web.factories import fresh


def test_a_hostile_file_is_one_parse_error_and_nothing_is_saved(world: Any) -> None:
    with pytest.raises(ParseError) as info:
        annual_report_import(
            agency=world.agency,
            acting_user=fresh(world.users["officer"]),
            name="2021.html",
            data=hostile.html_attributes(),
        )
    assert "属性过多" in info.value.message_zh
    assert not AnnualReport.objects.exists()


def test_the_file_is_read_in_another_process(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gongkai.sandbox, "_read", hostile.refuse_saying_where)
    with pytest.raises(ParseError) as info:
        annual_report_import(
            agency=world.agency, acting_user=fresh(world.users["officer"]), name="2019.txt", data=b"x"
        )
    assert info.value.message_zh.startswith("pid ")
    assert info.value.message_zh != f"pid {os.getpid()}"


def test_a_hostile_upload_through_the_page_shows_the_message(world: Any) -> None:
    client = Client()
    client.force_login(world.users["officer"])
    response = client.post(
        f"/staff/annual/a/{world.agency.code}/import/",
        {"file": SimpleUploadedFile("2021.docx", hostile.zip_bomb(64 * 2**20))},
    )
    assert response.status_code == 200
    assert "压缩" in response.content.decode()
    assert not AnnualReport.objects.exists()
