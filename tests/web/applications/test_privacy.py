"""Applicants' personal data never reach a public page: every public URL is fetched and scanned."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.applications.helpers import act, applicant, apply_online, received
from tests.web.urlwalk import walk

pytestmark = pytest.mark.django_db

PERSONS = [
    {
        "applicant_name": "欧阳隐私甲",
        "id_number": "110101198506159996",
        "phone": "13912345678",
        "email": "secret.alpha@example.net",
        "address": "隐私路99号甲座",
    },
    {
        "applicant_name": "某某隐秘科技有限公司",
        "applicant_category": "commercial",
        "id_type": "org_code",
        "id_number": "91110000MA01SECRET",
        "phone": "010-87654321",
        "email": "legal@secret-corp.example",
        "address": "保密大街7号",
    },
    {
        "applicant_name": "司马隐私乙",
        "id_number": "44030419770101888Y",
        "phone": "+86 13700001111",
        "email": "beta.private@example.org",
        "address": "机密巷3号",
    },
]
SECRETS = [
    v
    for p in PERSONS
    for k, v in p.items()
    if k in {"applicant_name", "id_number", "phone", "email", "address"}
]

PUBLIC_NAMESPACES = ("portal:", "applications_public:")


def _public_routes() -> list[Any]:
    return [r for r in walk() if r.name.startswith(PUBLIC_NAMESPACES)]


def _urls(world: Any, codes: list[str]) -> list[tuple[str, str]]:
    from gongkai_web.applications.models import Letter

    letters = list(Letter.objects.filter(application__query_code__in=codes).values_list("pk", flat=True))
    values: dict[str, list[Any]] = {
        "code": [world.agency.code, world.other_agency.code, world.office.code],
        "category": [world.category.code],
        "pk": [world.published.pk],
        "att": [world.attachment.pk],
        "query_code": codes,
        "letter": letters,
    }
    urls: list[tuple[str, str]] = []
    for route in _public_routes():
        params = route.params
        missing = [p for p in params if p not in values]
        assert not missing, f"teach this test the parameters of {route.name}: {missing}"
        combos: list[dict[str, Any]] = [{}]
        for p in params:
            combos = [{**c, p: v} for c in combos for v in values[p]]
        for kwargs in combos:
            urls.append((route.name, reverse(route.name, kwargs=kwargs)))
    return urls


def test_personal_data_of_applicants_never_reach_a_public_page(world: Any, settings: Any) -> None:
    settings.GONGKAI_THROTTLE = {"lookup": (1000, 1000, 600)}
    client = Client()
    codes: list[str] = []
    first = PERSONS[0]
    response = apply_online(client, world.agency, follow=True, **first)
    assert response.status_code == 200
    from gongkai_web.applications.models import Application

    online = Application.objects.get(applicant_name=first["applicant_name"])
    assert online.query_code in response.content.decode()
    for secret in SECRETS[:5]:
        assert secret not in response.content.decode()
    codes.append(online.query_code)
    for i, person in enumerate(PERSONS[1:]):
        app = received(
            world.agency,
            date(2024, 9, 27),
            acting_user=world.users["officer"],
            **applicant(**person, description=f"行政许可决定书第{i}号"),
        )
        app = act(app, "request_correction", date(2024, 9, 30), world.users["officer"], points="请写明文号")
        if i == 0:
            app = act(app, "receive_correction", date(2024, 10, 8))
            app = act(app, "answer", date(2024, 10, 9), outcome="granted")
        codes.append(app.query_code)
    urls = _urls(world, codes)
    urls += [("portal:search", reverse("portal:search") + q) for q in ("?q=行政许可", "?q=申请", "?q=甲局")]
    urls += [
        ("applications_public:status_lookup", reverse("applications_public:status_lookup") + f"?code={c}")
        for c in codes
    ]
    answered: set[str] = set()
    for name, url in urls:
        r = client.get(url, follow=True)
        if r.status_code == 200:
            answered.add(name)
        body = b"".join(r.streaming_content) if r.streaming else r.content
        text = body.decode("utf-8", errors="replace")
        leaked = [s for s in SECRETS if s in text]
        assert leaked == [], f"{url} shows {leaked}"
    assert answered == {r.name for r in _public_routes()}
    status = client.get(
        reverse("applications_public:status", kwargs={"query_code": codes[2]})
    ).content.decode()
    assert "待补正" in status and "补正告知书" in status


def test_status_page_of_an_unknown_query_code_is_404(world: Any) -> None:
    assert (
        Client()
        .get(reverse("applications_public:status", kwargs={"query_code": "NOPE2345NOPE2345"}))
        .status_code
        == 404
    )
