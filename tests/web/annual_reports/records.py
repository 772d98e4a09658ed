"""Builders of raw records for annual-report tests (bulk, straight to the tables: the report only reads them)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from gongkai.workflow import Outcome

CATEGORIES = ("natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org")
APPEAL_KINDS = ("reconsideration", "litigation_direct", "litigation_after_review")
APPEAL_RESULTS = ("upheld", "corrected", "other", "pending")
CLOSING_STATE = {
    Outcome.OTHER_NO_CORRECTION: "closed_abandoned",
    Outcome.OTHER_UNPAID_FEE: "closed_unpaid",
    Outcome.OTHER_MISC: "withdrawn",
}


def application(
    agency: Any, n: int, *, received_on: date, category: str, outcome: str = "", closed_on: date | None = None
) -> Any:
    from gongkai_web.applications.models import Application

    state = "received" if closed_on is None else CLOSING_STATE.get(Outcome(outcome), "answered")
    return Application(
        agency=agency,
        number=f"T{agency.pk}-{n:06d}",
        query_code=f"Q{agency.pk:04d}{n:07d}",
        applicant_name="申请人",
        applicant_category=category,
        id_type="resident_id",
        id_number="110101199001011234",
        description="所需信息",
        requested_form="electronic",
        delivery="email",
        channel="in_person",
        submitted_on=received_on,
        received_on=received_on,
        receipt_rule="当面提交之日",
        state=state,
        outcome=outcome if closed_on else "",
        closed_on=closed_on,
    )


def day_in(rng: random.Random, year: int) -> date:
    return date(year, 1, 1) + timedelta(days=rng.randint(0, 364))


@dataclass
class Year:
    """The records of a random year, kept as plain tuples for the independent count."""

    applications: list[Any] = field(default_factory=list)
    appeals: list[Any] = field(default_factory=list)
    rules: list[Any] = field(default_factory=list)
    decisions: list[Any] = field(default_factory=list)
    fees: list[Any] = field(default_factory=list)
    procurements: list[Any] = field(default_factory=list)


def random_year(agency: Any, year: int, *, seed: int, size: int = 120) -> Year:
    """A year of records around ``year``: applications received the year before (some carried over), during and
    after it, with every outcome; appeals of every kind and result; register entries of every kind."""
    from gongkai_web.applications.models import Appeal, Application
    from gongkai_web.registers.models import Decision, Fee, Procurement, Rule

    rng = random.Random(seed)
    outcomes = [o.value for o in Outcome]
    apps = []
    for n in range(size):
        received = day_in(rng, rng.choice((year - 1, year, year, year + 1)))
        category = rng.choice(CATEGORIES)
        # Every outcome at least once, then any.
        outcome = outcomes[n] if n < len(outcomes) else rng.choice(outcomes)
        roll = rng.random()
        if roll < 0.2:
            closed = None
        else:
            closed = received + timedelta(days=rng.randint(0, 60))
            if roll < 0.3:
                closed = date(received.year + 1, 1, rng.randint(1, 28))  # carried across the year end
        apps.append(
            application(agency, n, received_on=received, category=category, outcome=outcome, closed_on=closed)
        )
    # Make sure some applications are carried over into the year and forward out of it.
    apps.append(
        application(
            agency,
            size,
            received_on=date(year - 1, 12, 20),
            category="research",
            outcome="granted",
            closed_on=date(year, 1, 10),
        )
    )
    apps.append(
        application(
            agency,
            size + 1,
            received_on=date(year, 12, 28),
            category="commercial",
            outcome="granted",
            closed_on=date(year + 1, 1, 8),
        )
    )
    apps.append(application(agency, size + 2, received_on=date(year, 12, 29), category="natural_person"))
    Application.objects.bulk_create(apps)
    saved = list(Application.objects.filter(agency=agency))
    appeals = []
    for i, app in enumerate(saved[:40]):
        filed = day_in(rng, rng.choice((year - 1, year, year)))
        result = APPEAL_RESULTS[i % 4] if i < 12 else rng.choice(APPEAL_RESULTS)
        decided = None if result == "pending" else filed + timedelta(days=rng.randint(10, 400))
        appeals.append(
            Appeal(
                application=app,
                agency=agency,
                kind=APPEAL_KINDS[i % 3] if i < 12 else rng.choice(APPEAL_KINDS),
                filed_on=filed,
                result=result,
                decided_on=decided,
            )
        )
    Appeal.objects.bulk_create(appeals)
    rules = [
        Rule(
            agency=agency,
            kind=rng.choice(("regulation", "normative")),
            title=f"规则{i}",
            issued_on=day_in(rng, rng.randint(year - 3, year + 1)),
            repealed_on=None,
        )
        for i in range(30)
    ]
    for r in rules:
        if rng.random() < 0.4:
            r.repealed_on = r.issued_on + timedelta(days=rng.randint(1, 900))
    Rule.objects.bulk_create(rules)
    decisions = [
        Decision(
            agency=agency,
            kind=rng.choice(("licensing", "other_services", "penalty", "enforcement")),
            matter=f"事项{rng.randint(1, 8)}",
            decided_on=day_in(rng, rng.choice((year - 2, year - 1, year, year + 1))),
        )
        for _ in range(80)
    ]
    Decision.objects.bulk_create(decisions)
    fees = [
        Fee(
            agency=agency,
            name=f"收费{i}",
            year=rng.choice((year - 1, year, year + 1)),
            amount=Decimal(rng.randint(1, 10**7)) / 10**6,
        )
        for i in range(10)
    ]
    Fee.objects.bulk_create(fees)
    procurements = [
        Procurement(
            agency=agency,
            title=f"采购{i}",
            contracted_on=day_in(rng, rng.choice((year - 1, year, year + 1))),
            amount=Decimal(rng.randint(1, 10**8)) / 10**4,
        )
        for i in range(15)
    ]
    Procurement.objects.bulk_create(procurements)
    return Year(
        applications=list(Application.objects.filter(agency=agency)),
        appeals=list(Appeal.objects.filter(agency=agency)),
        rules=list(Rule.objects.filter(agency=agency)),
        decisions=list(Decision.objects.filter(agency=agency)),
        fees=list(Fee.objects.filter(agency=agency)),
        procurements=list(Procurement.objects.filter(agency=agency)),
    )
