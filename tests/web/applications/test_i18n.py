"""Applications in both languages: Chinese by default, English on request; letters always Chinese."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gongkai.letters import LETTER_TITLES, LetterKind, letter_text
from gongkai.workflow import Event, Outcome, outcome_label
from tests.web.applications.helpers import act, applicant, apply_online, received
from tests.web.cjk import chinese_ui, english_client, template_strings

pytestmark = pytest.mark.django_db


def _awaiting_correction(world: Any) -> Any:
    app = received(world.agency, date(2024, 9, 27))
    return act(app, Event.REQUEST_CORRECTION, date(2024, 9, 30), points="请写明文号")


def test_apply_form_is_chinese_by_default(world: Any) -> None:
    html = (
        Client().get(reverse("applications_public:form", kwargs={"code": world.agency.code})).content.decode()
    )
    assert "向甲局申请政府信息公开" in html and "提交申请" in html and "申请人姓名或名称" in html
    assert "Submit application" not in html


def test_apply_form_in_english_has_no_chinese_but_content(world: Any) -> None:
    html = (
        english_client()
        .get(reverse("applications_public:form", kwargs={"code": world.agency.code}))
        .content.decode()
    )
    assert '<html lang="en">' in html and "Apply to 甲局 for government information" in html
    assert "Submit application" in html and "applicant name" in html.lower()
    assert chinese_ui(html, {world.agency.name, *template_strings("2021")}) == []


def test_apply_form_error_names_the_fields_in_english(world: Any) -> None:
    r = apply_online(english_client(), world.agency, phone="", email="", address="")
    assert "Give at least one way to contact you (phone, e-mail or postal address)." in r.content.decode()


def test_status_page_is_chinese_by_default(world: Any) -> None:
    app = _awaiting_correction(world)
    html = (
        Client()
        .get(reverse("applications_public:status", kwargs={"query_code": app.query_code}))
        .content.decode()
    )
    assert "政府信息公开申请办理进度" in html and "待补正" in html and "政府信息公开申请补正告知书" in html


def test_status_page_in_english_has_no_chinese_but_the_agency(world: Any) -> None:
    app = _awaiting_correction(world)
    html = (
        english_client()
        .get(reverse("applications_public:status", kwargs={"query_code": app.query_code}))
        .content.decode()
    )
    assert "Awaiting correction" in html and "Request correction" in html
    assert "Notice to correct an application for government information" in html
    from gongkai_web.applications.privacy import mask_name

    content = {world.agency.name, mask_name(app.applicant_name), "请写明文号"}
    content |= {letter.number for letter in app.letters.all()}
    assert chinese_ui(html, content) == []


def test_lookup_and_done_pages_in_english_have_no_chinese_but_the_agency(world: Any) -> None:
    client = english_client()
    lookup = client.get(reverse("applications_public:status_lookup")).content.decode()
    done = apply_online(client, world.agency, follow=True).content.decode()
    assert "Look up" in lookup and "Your query code" in done
    assert chinese_ui(lookup, []) == [] and chinese_ui(done, {world.agency.name}) == []


def test_case_page_in_english_has_no_chinese_but_content(world: Any) -> None:
    app = _awaiting_correction(world)
    html = (
        english_client(world.users["officer"])
        .get(reverse("applications:detail", kwargs={"pk": app.pk}))
        .content.decode()
    )
    assert "Handling history" in html and "Receive correction" in html
    content = {
        world.agency.name,
        app.applicant_name,
        app.address,
        app.description,
        app.receipt_rule,
        "请写明文号",
        *app.letters.values_list("number", flat=True),
        # the letters' official titles are the documents' own names (the case's operation log quotes them)
        *(LETTER_TITLES[LetterKind(letter.kind)][0] for letter in app.letters.all()),
        *template_strings("2021"),
        *(outcome_label(o.value) for o in Outcome),
    }
    assert chinese_ui(html, content) == []


def test_letters_stay_chinese_when_the_officer_reads_english(world: Any) -> None:
    with translation.override("en"):
        app = _awaiting_correction(world)
        letter = app.letters.get(kind="correction")
        assert letter.title == "Notice to correct an application for government information"
        assert letter.filename.endswith("-政府信息公开申请补正告知书.docx")
    receipt = letter_text(bytes(app.letters.get(kind="receipt").content))
    assert "政府信息公开申请受理回执" in receipt and "当面提交" in receipt
    assert "政府信息公开申请补正告知书" in letter_text(bytes(letter.content))


def _register_ordinary_post_without_confirmation(client: Client, world: Any) -> str:
    client.force_login(world.users["officer"])
    data = applicant(channel="ordinary_post", submitted_on="2024-09-23")
    return client.post(
        reverse("applications:register", kwargs={"code": world.agency.code}), data
    ).content.decode()


def test_missing_receipt_date_is_reported_at_its_field_in_chinese(world: Any) -> None:
    html = _register_ordinary_post_without_confirmation(Client(), world)
    field_errors = html.split('id="id_confirmed_on_error"', 1)[1].split("</ul>", 1)[0]
    assert "平常信函须填写与申请人确认之日" in field_errors


def test_missing_receipt_date_is_reported_at_its_field_in_english(world: Any) -> None:
    html = _register_ordinary_post_without_confirmation(english_client(), world)
    field_errors = html.split('id="id_confirmed_on_error"', 1)[1].split("</ul>", 1)[0]
    assert "Ordinary post needs the date the agency confirmed with the applicant" in field_errors
