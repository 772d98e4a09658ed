"""Data minimisation (issue 11, item 7): one ``mask()``; the agency's officers see an applicant's identity
number and phone whole on the case page, the superior office and every other role masked."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai_web.applications.privacy import applicant_of, mask
from tests.web.applications.helpers import received

ID = "11010119850615999X"
PHONE = "13912345678"


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        ("张三丰", "name", "张**"),
        ("李", "name", "李*"),
        (ID, "id_number", "1101**********999X"),
        (PHONE, "phone", "139****5678"),
        ("010-87654321", "phone", "010-****4321"),
        ("secret.alpha@example.net", "email", "s***@example.net"),
        ("北京市东城区某路1号", "address", "北京市东城区***"),
        ("", "phone", ""),
    ],
)
def test_mask_keeps_only_what_identifies_nobody(value: str, kind: Any, shown: str) -> None:
    assert mask(value, kind) == shown


@pytest.fixture
def case(world: Any) -> Any:
    return received(
        world.agency, date(2024, 9, 27), acting_user=world.users["officer"], id_number=ID, phone=PHONE
    )


def _detail(user: Any, case: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("applications:detail", kwargs={"pk": case.pk})).content.decode()


@pytest.mark.django_db
def test_the_officer_sees_the_identity_number_and_phone_whole_on_the_case_page(world: Any, case: Any) -> None:
    page = _detail(world.users["officer"], case)
    assert ID in page and PHONE in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["superior", "leader", "admin"])
def test_every_other_role_sees_them_masked(world: Any, case: Any, role: str) -> None:
    page = _detail(world.users[role], case)
    assert ID not in page and PHONE not in page and "applicant@example.org" not in page
    assert "139****5678" in page


@pytest.mark.django_db
def test_the_superior_sees_the_name_masked_the_leader_whole(world: Any, case: Any) -> None:
    assert applicant_of(case, world.users["superior"]).name == "测****"
    assert applicant_of(case, world.users["leader"]).name == "测试申请人"


def test_the_superiors_supervision_list_masks_with_the_one_mask() -> None:
    from gongkai_web.applications import privacy
    from gongkai_web.oversight import selectors as oversight

    assert oversight.mask_name is privacy.mask_name
