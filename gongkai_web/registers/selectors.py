"""Part 二 of the annual report computed from the registers (one GROUP BY per register), and scoped reads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from gongkai.templates import get_template, template_for_year
from gongkai_web.agencies.models import Agency
from gongkai_web.common.scoping import scope
from gongkai_web.registers.models import Decision, Fee, Procurement, Rule
from gongkai_web.registers.specs import RegisterSpec

RULE_ROWS = {"regulation": "regulations", "normative": "normative_documents"}


def register_rows_for_user(*, user: Any, spec: RegisterSpec, agency: Agency) -> QuerySet[Any]:
    return scope(spec.model._default_manager.filter(agency=agency), user)


def proactive_cells(*, agency: Agency, year: int, template_id: str | None = None) -> dict[str, int | Decimal]:
    """Part 二's cells (template cell keys -> values) for ``agency`` in ``year``, from the registers.

    Rules: issued/made and repealed in the year; in force (= 对外公开总数量 in 2019) at 31 December.
    Decisions: decisions in the year; the 2019 project counts are distinct matters in the year and the year
    before. Fees: 2019 counts items per year, 2021 sums the amount. Procurement: projects and amount (万元).
    """
    template = get_template(template_id) if template_id else template_for_year(year)
    start, end = date(year, 1, 1), date(year, 12, 31)
    cells: dict[str, int | Decimal] = {}

    rules = (
        Rule.objects.filter(agency=agency)
        .values("kind")
        .annotate(
            issued=Count("id", filter=Q(issued_on__range=(start, end))),
            repealed=Count("id", filter=Q(repealed_on__range=(start, end))),
            in_force=Count(
                "id", filter=Q(issued_on__lte=end) & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=end))
            ),
        )
        .order_by()
    )
    by_kind = {r["kind"]: r for r in rules}
    for kind, row in RULE_ROWS.items():
        r = by_kind.get(kind, {"issued": 0, "repealed": 0, "in_force": 0})
        if template.id == "2019":
            cells |= {
                f"proactive.{row}.made": r["issued"],
                f"proactive.{row}.published": r["issued"],
                f"proactive.{row}.total_published": r["in_force"],
            }
        else:
            cells |= {
                f"proactive.{row}.issued": r["issued"],
                f"proactive.{row}.repealed": r["repealed"],
                f"proactive.{row}.in_force": r["in_force"],
            }

    decisions = (
        Decision.objects.filter(agency=agency, decided_on__range=(date(year - 1, 1, 1), end))
        .values("kind")
        .annotate(
            decisions=Count("id", filter=Q(decided_on__gte=start)),
            projects=Count("matter", distinct=True, filter=Q(decided_on__gte=start)),
            previous=Count("matter", distinct=True, filter=Q(decided_on__lt=start)),
        )
        .order_by()
    )
    by_kind = {d["kind"]: d for d in decisions}
    for kind in ("licensing", "other_services", "penalty", "enforcement"):
        d = by_kind.get(kind, {"decisions": 0, "projects": 0, "previous": 0})
        if template.id == "2019":
            cells |= {
                f"proactive.{kind}.previous": d["previous"],
                f"proactive.{kind}.change": d["projects"] - d["previous"],
                f"proactive.{kind}.decisions": d["decisions"],
            }
        else:
            cells[f"proactive.{kind}.decisions"] = d["decisions"]

    fees = Fee.objects.filter(agency=agency, year__in=(year - 1, year)).aggregate(
        items=Count("id", filter=Q(year=year)),
        previous=Count("id", filter=Q(year=year - 1)),
        amount=Sum("amount", filter=Q(year=year)),
    )
    if template.id == "2019":
        cells |= {
            "proactive.fees.previous": fees["previous"],
            "proactive.fees.change": fees["items"] - fees["previous"],
        }
    else:
        cells["proactive.fees.amount"] = fees["amount"] or Decimal(0)

    procurement = Procurement.objects.filter(agency=agency, contracted_on__range=(start, end)).aggregate(
        count=Count("id"), amount=Sum("amount")
    )
    cells |= {
        "proactive.procurement.count": procurement["count"],
        "proactive.procurement.amount": procurement["amount"] or Decimal(0),
    }
    keys = set(template.keys)
    return {k: v.normalize() if isinstance(v, Decimal) else v for k, v in cells.items() if k in keys}
