"""Parts 三 and 四 computed in the database, with carried-over and carried-forward cases derived from dates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai_web.applications.selectors import part3, part4
from gongkai_web.applications.services import appeal_decide, appeal_record
from tests.web.applications.helpers import act, officer_of, received

pytestmark = pytest.mark.django_db
D = date


@pytest.fixture
def cases(world: Any) -> dict[str, Any]:
    a = world.agency
    out = {
        "A": act(received(a, D(2024, 3, 1)), "answer", D(2024, 3, 11), outcome="granted"),
        "B": act(
            received(a, D(2024, 5, 6), applicant_category="commercial"),
            "answer",
            D(2024, 5, 20),
            outcome="withheld.state_secret",
            reasons="属于国家秘密",
        ),
        "C": act(
            received(a, D(2024, 12, 20)),
            "answer",
            D(2025, 1, 10),
            outcome="not_processed.duplicate",
            reasons="已于2024年12月答复",
        ),
        "D": act(
            received(a, D(2024, 12, 23), applicant_category="research"),
            "request_correction",
            D(2024, 12, 24),
            points="x",
        ),
        "E": act(received(a, D(2024, 6, 3)), "withdraw", D(2024, 6, 4)),
        "F": act(received(world.other_agency, D(2024, 6, 3)), "answer", D(2024, 6, 5), outcome="granted"),
        "G": act(received(a, D(2023, 12, 28)), "answer", D(2024, 1, 5), outcome="granted"),
        "H": act(received(a, D(2020, 6, 1)), "withdraw", D(2020, 6, 2)),
    }
    r1 = appeal_record(
        application=out["A"], kind="reconsideration", filed_on=D(2024, 4, 1), acting_user=officer_of(a)
    )
    appeal_decide(appeal=r1, result="upheld", decided_on=D(2024, 5, 1), acting_user=officer_of(a))
    r2 = appeal_record(
        application=out["B"], kind="litigation_direct", filed_on=D(2024, 11, 1), acting_user=officer_of(a)
    )
    appeal_decide(appeal=r2, result="corrected", decided_on=D(2025, 2, 1), acting_user=officer_of(a))
    appeal_record(
        application=out["B"], kind="reconsideration", filed_on=D(2025, 1, 5), acting_user=officer_of(a)
    )
    return out


def _nonzero(cells: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in cells.items() if v}


def test_part3_of_2024_counts_each_case_once_with_carry_over_and_forward(world: Any, cases: Any) -> None:
    p = "applications."
    assert _nonzero(part3(agency_ids=[world.agency.pk], year=2024).cells) == {
        p + "new.natural_person": 3,
        p + "new.commercial": 1,
        p + "new.research": 1,
        p + "new.total": 5,
        p + "carried_over.natural_person": 1,
        p + "carried_over.total": 1,
        p + "granted.natural_person": 2,
        p + "granted.total": 2,
        p + "withheld.state_secret.commercial": 1,
        p + "withheld.state_secret.total": 1,
        p + "other.misc.natural_person": 1,
        p + "other.misc.total": 1,
        p + "results_total.natural_person": 3,
        p + "results_total.commercial": 1,
        p + "results_total.total": 4,
        p + "carried_forward.natural_person": 1,
        p + "carried_forward.research": 1,
        p + "carried_forward.total": 2,
    }


def test_case_open_at_year_end_is_carried_over_into_the_next_year(world: Any, cases: Any) -> None:
    p = "applications."
    assert _nonzero(part3(agency_ids=[world.agency.pk], year=2025).cells) == {
        p + "carried_over.natural_person": 1,
        p + "carried_over.research": 1,
        p + "carried_over.total": 2,
        p + "not_processed.duplicate.natural_person": 1,
        p + "not_processed.duplicate.total": 1,
        p + "results_total.natural_person": 1,
        p + "results_total.total": 1,
        p + "carried_forward.research": 1,
        p + "carried_forward.total": 1,
    }


def test_2019_template_counts_every_other_outcome_in_its_single_other_row(world: Any, cases: Any) -> None:
    cells = part3(agency_ids=[world.agency.pk], year=2020).cells
    assert cells["applications.other.natural_person"] == 1
    assert "applications.other.misc.natural_person" not in cells


def test_part3_for_all_agencies_includes_the_other_agency(world: Any, cases: Any) -> None:
    assert part3(agency_ids=None, year=2024).cells["applications.granted.natural_person"] == 3


def test_part3_is_one_query(world: Any, cases: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        part3(agency_ids=[world.agency.pk], year=2024)


def test_part4_counts_appeals_filed_in_the_year_with_results_known_at_its_end(world: Any, cases: Any) -> None:
    assert _nonzero(part4(agency_ids=[world.agency.pk], year=2024).cells) == {
        "appeals.reconsideration.upheld": 1,
        "appeals.reconsideration.total": 1,
        "appeals.litigation_direct.pending": 1,
        "appeals.litigation_direct.total": 1,
    }
    assert _nonzero(part4(agency_ids=[world.agency.pk], year=2025).cells) == {
        "appeals.reconsideration.pending": 1,
        "appeals.reconsideration.total": 1,
    }


def test_statistics_page_shows_the_template_rows_and_numbers(world: Any, cases: Any) -> None:
    client = Client()
    client.force_login(world.users["leader"])
    r = client.get(reverse("applications:stats", kwargs={"code": world.agency.code, "year": 2024}))
    text = r.content.decode()
    assert r.status_code == 200
    assert "结转下年度继续办理" in text and "属于国家秘密" in text and "复议后起诉" in text
