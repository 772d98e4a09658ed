"""The applicant's journey (issue 11 item 2): post/redirect/get, validated input, helpful pages for a wrong
query code, a truthful status page, online 补正, letters by code, mail on issue, throttling."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from gongkai.workflow import Event
from gongkai_web.applications.models import Application, OnlineCorrection
from gongkai_web.applications.services import application_submit_online
from gongkai_web.common.models import AuditEntry
from tests.web.applications.helpers import act, applicant, apply_online, form_token, received

pytestmark = pytest.mark.django_db

VALID_ID = "110101199001011237"


def _form_url(agency: Any) -> str:
    return reverse("applications_public:form", kwargs={"code": agency.code})


def _errors(response: Any) -> dict[str, list[str]]:
    form = response.context["form"]
    return {k: [str(m) for m in v] for k, v in form.errors.items()}


# --- post/redirect/get -----------------------------------------------------------------------------------


def test_a_filed_application_redirects_to_a_confirmation_page(world: Any) -> None:
    r = apply_online(Client(), world.agency)
    assert r.status_code == 302
    assert r["Location"] == reverse("applications_public:done", kwargs={"code": world.agency.code})


def test_refreshing_the_confirmation_page_files_no_second_case(world: Any) -> None:
    client = Client()
    done = apply_online(client, world.agency, follow=True)
    code = Application.objects.get().query_code
    again = client.get(reverse("applications_public:done", kwargs={"code": world.agency.code}))
    assert code in done.content.decode() and code in again.content.decode()
    assert Application.objects.count() == 1


def test_posting_the_same_form_twice_files_one_case(world: Any) -> None:
    client = Client()
    data = {**applicant(), "token": form_token(client, world.agency)}
    first = client.post(_form_url(world.agency), data)
    second = client.post(_form_url(world.agency), data)
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1


def test_a_form_without_a_token_issued_to_this_browser_files_nothing(world: Any) -> None:
    r = Client().post(_form_url(world.agency), {**applicant(), "token": "forged"})
    assert r.status_code == 400 and "表单已失效" in r.content.decode()
    assert not Application.objects.exists()


def test_the_same_submission_token_never_files_two_cases(world: Any) -> None:
    fields = applicant()
    one = application_submit_online(agency=world.agency, submission_token="tok-1", **fields)
    two = application_submit_online(agency=world.agency, submission_token="tok-1", **fields)
    assert one.pk == two.pk and Application.objects.count() == 1


def test_the_confirmation_page_without_an_application_goes_back_to_the_form(world: Any) -> None:
    r = Client().get(reverse("applications_public:done", kwargs={"code": world.agency.code}))
    assert r.status_code == 302 and r["Location"] == _form_url(world.agency)


# --- validated input ---------------------------------------------------------------------------------------


def test_a_resident_id_with_a_wrong_check_digit_is_refused_at_its_field(world: Any) -> None:
    r = apply_online(Client(), world.agency, id_number="110101199001011234")
    assert "居民身份证号码不正确" in _errors(r)["id_number"][0]
    assert not Application.objects.exists()


def test_a_short_resident_id_is_refused(world: Any) -> None:
    r = apply_online(Client(), world.agency, id_number="123456")
    assert "id_number" in _errors(r)


def test_a_resident_id_ending_in_x_with_the_right_check_is_accepted(world: Any) -> None:
    r = apply_online(Client(), world.agency, id_number="11010519491231002x")
    assert r.status_code == 302 and Application.objects.get().id_number == "11010519491231002X"


def test_a_passport_number_is_not_checked_as_a_resident_id(world: Any) -> None:
    r = apply_online(Client(), world.agency, id_type="passport", id_number="E12345678")
    assert r.status_code == 302


def test_a_phone_that_is_not_a_number_is_refused_at_its_field(world: Any) -> None:
    r = apply_online(Client(), world.agency, phone="abc")
    assert "联系电话不正确" in _errors(r)["phone"][0]


@pytest.mark.parametrize("phone", ["13912345678", "+86 13912345678", "0351-1234567", "010-87654321-123"])
def test_mobile_and_landline_numbers_are_accepted(world: Any, phone: str) -> None:
    assert apply_online(Client(), world.agency, phone=phone).status_code == 302


def test_a_mobile_number_outside_13_to_19_is_refused(world: Any) -> None:
    assert "phone" in _errors(apply_online(Client(), world.agency, phone="12012345678"))


def test_an_over_long_name_is_refused_with_a_message_naming_the_field(world: Any) -> None:
    r = apply_online(Client(), world.agency, applicant_name="名" * 101)
    message = _errors(r)["applicant_name"][0]
    assert "申请人姓名或名称" in message and "100" in message
    assert "确保该变量" not in r.content.decode()


def test_an_over_long_description_is_refused_and_never_reaches_a_letter(world: Any) -> None:
    r = apply_online(Client(), world.agency, description="文" * 200_000)
    assert "2000" in _errors(r)["description"][0]
    assert not Application.objects.exists()


# --- a wrong query code --------------------------------------------------------------------------------


def test_a_malformed_query_code_gets_the_lookup_page_with_what_a_code_looks_like(world: Any) -> None:
    r = Client().get(reverse("applications_public:status_lookup") + "?code=a%2Fb")
    body = r.content.decode()
    assert r.status_code == 400 and "16 位字母和数字" in body and "受理回执" in body


def test_a_nul_byte_in_the_query_code_is_an_input_error(world: Any) -> None:
    assert Client().get(reverse("applications_public:status_lookup") + "?code=AB%00CD").status_code == 400


def test_an_unknown_query_code_gets_the_help_page_not_a_bare_404(world: Any) -> None:
    r = Client().get(reverse("applications_public:status_lookup") + "?code=ABCD2345EFGH6789")
    body = r.content.decode()
    assert r.status_code == 404 and "未找到该查询码对应的申请" in body and "政府信息公开工作机构" in body


def test_an_unknown_status_url_gets_the_help_page(world: Any) -> None:
    r = Client().get(reverse("applications_public:status", kwargs={"query_code": "a b"}))
    assert r.status_code == 404 and "重新输入查询码" in r.content.decode()


def test_a_query_code_typed_in_lower_case_with_spaces_is_found(world: Any) -> None:
    app = received(world.agency, date(2024, 9, 27))
    typed = " ".join(re.findall("....", app.query_code.lower()))
    r = Client().get(reverse("applications_public:status_lookup"), {"code": typed})
    assert r.status_code == 302 and app.query_code in r["Location"]


# --- the status page tells the truth -------------------------------------------------------------------


def _status(app: Any) -> str:
    return (
        Client()
        .get(reverse("applications_public:status", kwargs={"query_code": app.query_code}))
        .content.decode()
    )


def test_the_status_page_never_claims_a_delivery_that_is_not_recorded(world: Any) -> None:
    app = act(received(world.agency, date(2024, 9, 27)), Event.ANSWER, date(2024, 10, 9), outcome="granted")
    html = _status(app)
    assert "已送达" not in html and "已按您选择的途径送达" not in html
    assert "尚未登记送达" in html and "政府信息公开申请答复告知书" in html


def test_the_status_page_in_awaiting_correction_says_what_to_correct_and_by_when(world: Any) -> None:
    app = received(world.agency, date(2024, 9, 27))
    app = act(app, Event.REQUEST_CORRECTION, date(2024, 9, 30), points="请写明文件的文号")
    html = _status(app)
    assert "请写明文件的文号" in html
    assert re.search(r'id="correction-due">2024-10-\d\d<', html)


def test_the_status_page_masks_the_applicant(world: Any) -> None:
    app = received(world.agency, date(2024, 9, 27), applicant_name="欧阳明", phone="13912345678")
    html = _status(app)
    assert "欧**" in html and "139****5678" in html
    assert "欧阳明" not in html and "13912345678" not in html


# --- online 补正 -------------------------------------------------------------------------------------------


def _awaiting(world: Any) -> Any:
    app = received(world.agency, date(2024, 9, 27))
    return act(app, Event.REQUEST_CORRECTION, date(2024, 9, 30), points="请写明文号")


def _correct_url(app: Any) -> str:
    return reverse("applications_public:correct", kwargs={"query_code": app.query_code})


def test_an_online_correction_is_recorded_as_the_correction_event(world: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    app = _awaiting(world)
    pdf = SimpleUploadedFile("补正.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    r = Client().post(_correct_url(app), {"text": "文号为某政发〔2024〕1号", "attachment": pdf})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.state == "received" and app.events.last().event == Event.RECEIVE_CORRECTION
    stored = OnlineCorrection.objects.get()
    assert stored.text == "文号为某政发〔2024〕1号" and bytes(stored.content) == b"%PDF-1.4 test"


def test_an_online_correction_is_audited_with_the_applicant_as_actor(world: Any) -> None:
    app = _awaiting(world)
    Client().post(_correct_url(app), {"text": "补正内容"})
    row = AuditEntry.objects.get(action="application_correct_online")
    assert row.actor is None and row.changes["actor"] == "applicant"


def test_no_online_correction_when_none_is_asked(world: Any) -> None:
    app = received(world.agency, date(2024, 9, 27))
    r = Client().post(_correct_url(app), {"text": "补正内容"})
    assert r.status_code == 302 and not OnlineCorrection.objects.exists()


def test_an_attachment_of_another_kind_is_refused(world: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    app = _awaiting(world)
    exe = SimpleUploadedFile("a.pdf", b"MZ\x90\x00", content_type="application/pdf")
    r = Client().post(_correct_url(app), {"text": "补正内容", "attachment": exe})
    assert r.status_code == 400 and "附件须为" in r.content.decode()
    assert not OnlineCorrection.objects.exists()


# --- letters by code -------------------------------------------------------------------------------------


def test_the_applicant_downloads_an_issued_letter_with_the_code(world: Any) -> None:
    app = received(world.agency, date(2024, 9, 27))
    letter = app.letters.get()
    url = reverse("applications_public:letter", kwargs={"query_code": app.query_code, "letter": letter.pk})
    r = Client().get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content if r.streaming else [r.content]) == bytes(
        letter.content
    )


def test_another_cases_letter_is_never_served_with_a_code(world: Any) -> None:
    mine = received(world.agency, date(2024, 9, 27))
    theirs = received(world.agency, date(2024, 9, 27), applicant_name="他人")
    url = reverse(
        "applications_public:letter",
        kwargs={"query_code": mine.query_code, "letter": theirs.letters.get().pk},
    )
    assert Client().get(url).status_code == 404


# --- mail on issue ---------------------------------------------------------------------------------------


def test_the_applicant_is_mailed_when_a_letter_is_issued(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    app = received(world.agency, date(2024, 9, 27))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(app, Event.ANSWER, date(2024, 10, 9), outcome="granted")
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [app.email] and "答复告知书" in sent.subject
    assert app.query_code not in sent.body and app.applicant_name not in sent.body


def test_no_mail_when_the_applicant_gave_no_address(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    app = received(world.agency, date(2024, 9, 27), email="")
    with django_capture_on_commit_callbacks(execute=True):
        act(app, Event.ANSWER, date(2024, 10, 9), outcome="granted")
    assert mail.outbox == []


# --- throttling of public submissions -------------------------------------------------------------------


def test_after_a_few_applications_the_form_asks_a_question(world: Any, settings: Any) -> None:
    settings.GONGKAI_THROTTLE = {"apply": (1, 10, 3600)}
    client = Client()
    assert apply_online(client, world.agency).status_code == 302
    page = client.get(_form_url(world.agency)).content.decode()
    assert 'name="challenge"' in page and "等于多少" in page


def test_a_wrong_answer_to_the_question_files_nothing(world: Any, settings: Any) -> None:
    settings.GONGKAI_THROTTLE = {"apply": (0, 10, 3600)}
    r = apply_online(Client(), world.agency, challenge="999")
    assert r.status_code == 400 and "验证问题回答错误" in r.content.decode()
    assert not Application.objects.exists()


def test_the_right_answer_to_the_question_files_the_application(world: Any, settings: Any) -> None:
    settings.GONGKAI_THROTTLE = {"apply": (0, 10, 3600)}
    client = Client()
    html = client.get(_form_url(world.agency)).content.decode()
    a, b = (int(x) for x in re.search(r"(\d) 加 (\d) 等于多少", html).groups())  # type: ignore[union-attr]
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    r = client.post(_form_url(world.agency), {**applicant(), "token": token, "challenge": str(a + b)})
    assert r.status_code == 302 and Application.objects.count() == 1


def test_past_the_limit_submissions_are_refused_with_429(world: Any, settings: Any) -> None:
    settings.GONGKAI_THROTTLE = {"apply": (100, 2, 3600)}
    client = Client()
    for _ in range(2):
        apply_online(client, world.agency)
    r = apply_online(client, world.agency)
    assert r.status_code == 429 and "请求过于频繁" in r.content.decode()
    assert Application.objects.count() == 2


def test_status_lookups_past_the_limit_are_refused_with_429(world: Any, settings: Any) -> None:
    settings.GONGKAI_THROTTLE = {"lookup": (100, 3, 600)}
    client = Client()
    url = reverse("applications_public:status_lookup") + "?code=ABCD2345EFGH6789"
    statuses = [client.get(url).status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_staff_read_the_online_correction_and_its_file_on_the_case_page(world: Any) -> None:
    from tests.web.applications.helpers import world_correction

    correction = world_correction(world)
    client = Client()
    client.force_login(world.users["officer"])
    page = client.get(
        reverse("applications:detail", kwargs={"pk": correction.application_id})
    ).content.decode()
    assert "文号为某发〔2024〕1号" in page
    r = client.get(reverse("applications:correction_file", kwargs={"pk": correction.pk}))
    assert b"".join(r.streaming_content if r.streaming else [r.content]) == b"%PDF-1.4"


def test_an_over_long_e_mail_address_is_refused_with_a_message_naming_the_field(world: Any) -> None:
    r = apply_online(Client(), world.agency, email="a" * 250 + "@example.org")
    assert any("电子邮箱" in m for m in _errors(r)["email"])
    assert "确保该变量" not in r.content.decode()


def test_an_unreachable_mail_server_does_not_fail_the_submission(
    world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    with django_capture_on_commit_callbacks(execute=True):  # the receipt's mail runs after commit, as live
        r = apply_online(Client(), world.agency, follow=True, email="a@example.org")
    assert r.status_code == 200 and Application.objects.filter(agency=world.agency).count() == 1
