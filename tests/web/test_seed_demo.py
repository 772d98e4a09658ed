"""The demo: idempotent, and 司法局's 2020 exactly as the sample report describes it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.management import call_command

from gongkai.parsers import read
from gongkai.templates import get_template
from gongkai_web.agencies.models import Agency, Membership
from gongkai_web.catalogue.models import Item
from gongkai_web.registers.figures import PROACTIVE

SAMPLE = Path(__file__).parent.parent / "data" / "sample-2020-shangdang-sifaju.txt"


def _counts() -> tuple[int, ...]:
    from gongkai_web.registers.models import Decision, Fee, Procurement, Rule

    return tuple(m.objects.count() for m in (Agency, Membership, Item, Decision, Fee, Procurement, Rule))


def test_seed_demo_is_idempotent(db: Any) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first and first[0] == 5


def test_sifaju_2020_matches_the_sample_report(db: Any) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    sifaju = Agency.objects.get(name="长治市上党区司法局")
    published_2020 = Item.objects.filter(agency=sifaju, status="published", published_at__year=2020)
    assert published_2020.count() == 174
    assert set(published_2020.values_list("category__name", flat=True)) == {"工作动态"}
    report = read(SAMPLE).report
    expected = {k: v for k, v in report.cells.items() if k.startswith("proactive.")}
    template = get_template(report.template)
    assert PROACTIVE.compute(agency_ids=[sifaju.pk], year=2020, template=template)[None] == expected


def test_demo_agencies_number_their_letters_with_their_abbreviation(db: Any) -> None:
    from datetime import date

    from tests.web.applications.helpers import received

    call_command("seed_demo", stdout=io.StringIO())
    sifaju = Agency.objects.get(code="sdq-sfj")
    assert (sifaju.doc_prefix, sifaju.review_body) == ("上党司法", "长治市上党区人民政府或者长治市司法局")
    assert all(Agency.objects.values_list("doc_prefix", flat=True))
    app = received(sifaju, date(2025, 3, 3))
    assert app.letters.get().number == "上党司法依申〔2025〕1-1号"
