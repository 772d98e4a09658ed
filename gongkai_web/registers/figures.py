"""Part 二 of the annual report (主动公开政府信息情况) as data: what each cell counts in the registers.

One GROUP BY per register. Rules: issued (made, published in 2019) and repealed in the year; in force (对外公开
总数量 in 2019) at 31 December. Decisions: decisions in the year; the 2019 template counts matters (事项): the
year's and the year before's, and the change. Fees: the 2019 template counts fee items this year and last;
the 2021 template sums the amount (万元). Procurement (2019 only): projects and amount (万元) in the year.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model, Q

from gongkai_web.common.changes import years_between
from gongkai_web.common.figures import Dimension, Figure, Figures, Measure, Period, Query, term
from gongkai_web.registers.models import Decision, DecisionKind, Fee, Procurement, Rule, RuleKind

#: The row of part 二 each kind of rule is counted in.
RULE_ROWS = {RuleKind.REGULATION.value: "regulations", RuleKind.NORMATIVE.value: "normative_documents"}


def _issued(p: Period) -> Q:
    return Q(issued_on__range=(p.start, p.end))


def _repealed(p: Period) -> Q:
    return Q(repealed_on__range=(p.start, p.end))


def _in_force(p: Period) -> Q:
    return Q(issued_on__lte=p.end) & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=p.end))


QUERIES = (
    Query(
        "rules",
        Rule,
        None,
        (Dimension("kind", field="kind"),),
        (
            Measure("issued", where=_issued),
            Measure("repealed", where=_repealed),
            Measure("in_force", where=_in_force),
        ),
    ),
    Query(
        "decisions",
        Decision,
        lambda p: Q(decided_on__range=(p.previous_start, p.end)),
        (Dimension("kind", field="kind"),),
        (
            Measure("decisions", where=lambda p: Q(decided_on__gte=p.start)),
            Measure("matters", "distinct", "matter", where=lambda p: Q(decided_on__gte=p.start)),
            Measure("previous", "distinct", "matter", where=lambda p: Q(decided_on__lt=p.start)),
        ),
    ),
    Query(
        "fees",
        Fee,
        lambda p: Q(year__in=(p.year - 1, p.year)),
        (),
        (
            Measure("items", where=lambda p: Q(year=p.year)),
            Measure("previous", where=lambda p: Q(year=p.year - 1)),
            Measure("amount", "sum", "amount", where=lambda p: Q(year=p.year)),
        ),
    ),
    Query(
        "procurement",
        Procurement,
        lambda p: Q(contracted_on__range=(p.start, p.end)),
        (),
        (Measure("count"), Measure("amount", "sum", "amount")),
    ),
)


def _cells_2019() -> dict[str, Figure]:
    cells: dict[str, Figure] = {}
    for kind, row in RULE_ROWS.items():
        issued = (term("rules", "issued", kind=kind),)
        cells[f"proactive.{row}.made"] = issued
        cells[f"proactive.{row}.published"] = issued
        cells[f"proactive.{row}.total_published"] = (term("rules", "in_force", kind=kind),)
    for kind in DecisionKind.values:
        cells[f"proactive.{kind}.previous"] = (term("decisions", "previous", kind=kind),)
        cells[f"proactive.{kind}.change"] = (
            term("decisions", "matters", kind=kind),
            term("decisions", "previous", -1, kind=kind),
        )
        cells[f"proactive.{kind}.decisions"] = (term("decisions", "decisions", kind=kind),)
    cells["proactive.fees.previous"] = (term("fees", "previous"),)
    cells["proactive.fees.change"] = (term("fees", "items"), term("fees", "previous", -1))
    cells["proactive.procurement.count"] = (term("procurement", "count"),)
    cells["proactive.procurement.amount"] = (term("procurement", "amount"),)
    return cells


def _cells_2021() -> dict[str, Figure]:
    cells: dict[str, Figure] = {}
    for kind, row in RULE_ROWS.items():
        for column in ("issued", "repealed", "in_force"):
            cells[f"proactive.{row}.{column}"] = (term("rules", column, kind=kind),)
    for kind in (DecisionKind.LICENSING.value, DecisionKind.PENALTY.value, DecisionKind.ENFORCEMENT.value):
        cells[f"proactive.{kind}.decisions"] = (term("decisions", "decisions", kind=kind),)
    cells["proactive.fees.amount"] = (term("fees", "amount"),)
    return cells


#: Part 二, per template.
PROACTIVE = Figures("proactive", QUERIES, {"2019": _cells_2019(), "2021": _cells_2021()})


def counted_in(row: Model) -> Iterable[int]:
    """The years whose part 二 a register row may be counted in (the definitions above): a rule in every year
    from its issue on (in force, then repealed), a decision or fee item in its year and the next (the 2019
    template's previous-year columns), a procurement in its year."""
    if isinstance(row, Rule):
        return years_between(row.issued_on, None)
    if isinstance(row, Decision):
        return (row.decided_on.year, row.decided_on.year + 1)
    if isinstance(row, Fee):
        return (row.year, row.year + 1)
    if isinstance(row, Procurement):
        return (row.contracted_on.year,)
    raise TypeError(f"not a register row: {row!r}")
