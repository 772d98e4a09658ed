"""Parts 三 and 四 of the annual report as data: what each cell counts among the applications and appeals.

Part 三 (收到和处理政府信息公开申请情况), one GROUP BY over the applications the year concerns (received by 31
December and not closed before 1 January), by applicant category and, for those closed in the year, outcome:
new (received in the year), carried over (received before it), carried forward (still open at its end), and
each result row the outcomes closed in the year that the template counts there
(:func:`gongkai.workflow.outcome_row`: the 2019 template has one ``other`` row for the three ``other.*``).

Part 四 (政府信息公开行政复议、行政诉讼情况), one GROUP BY over the appeals filed in the year, by kind and by the
result as it stood at the year's end (``pending`` until decided).
"""

from __future__ import annotations

from django.db.models import Case, CharField, Q, Value, When

from gongkai.templates import TEMPLATES, Template
from gongkai.workflow import Outcome, outcome_row
from gongkai_web.applications.models import Appeal, Application
from gongkai_web.common.figures import Dimension, Figure, Figures, Measure, Period, Query, Total, term


def _concerns_year(p: Period) -> Q:
    return Q(received_on__lte=p.end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=p.start))


def _result(p: Period) -> Case:
    return Case(When(closed_on__lte=p.end, then="outcome"), default=Value(""), output_field=CharField())


def _still_open(p: Period) -> Q:
    return Q(closed_on__isnull=True) | Q(closed_on__gt=p.end)


APPLICATIONS_QUERY = Query(
    "applications",
    Application,
    _concerns_year,
    (Dimension("category", field="applicant_category"), Dimension("result", expression=_result)),
    (
        Measure("new", where=lambda p: Q(received_on__gte=p.start)),
        Measure("carried_over", where=lambda p: Q(received_on__lt=p.start)),
        Measure("forward", where=_still_open),
        Measure("all"),
    ),
)


def _part3(template: Template) -> dict[str, Figure]:
    table = template.applications
    columns = [c.key for c in table.columns if c.key != "total"]
    by_row: dict[str, list[str]] = {}
    for outcome in Outcome:
        by_row.setdefault(outcome_row(outcome, template.id), []).append(outcome.value)
    cells: dict[str, Figure] = {}
    for col in columns:
        cells[f"applications.new.{col}"] = (term("applications", "new", category=col),)
        cells[f"applications.carried_over.{col}"] = (term("applications", "carried_over", category=col),)
        cells[f"applications.carried_forward.{col}"] = (term("applications", "forward", category=col),)
        for row in table.result_rows:
            cells[f"applications.{row}.{col}"] = tuple(
                term("applications", "all", category=col, result=o) for o in by_row.get(row, [])
            )
        cells[f"applications.results_total.{col}"] = Total(
            tuple(f"applications.{row}.{col}" for row in table.result_rows)
        )
    for r in table.rows:
        cells[f"applications.{r.key}.total"] = Total(tuple(f"applications.{r.key}.{c}" for c in columns))
    return cells


APPEALS_QUERY = Query(
    "appeals",
    Appeal,
    lambda p: Q(filed_on__range=(p.start, p.end)),
    (
        Dimension("kind", field="kind"),
        Dimension(
            "column",
            expression=lambda p: Case(
                When(decided_on__isnull=False, decided_on__lte=p.end, then="result"),
                default=Value("pending"),
                output_field=CharField(),
            ),
        ),
    ),
    (Measure("n"),),
)


def _part4(template: Template) -> dict[str, Figure]:
    table = template.appeals
    columns = [c.key for c in table.columns if c.key != "total"]
    cells: dict[str, Figure] = {}
    for block in table.blocks:
        for col in columns:
            cells[f"appeals.{block.key}.{col}"] = (term("appeals", "n", kind=block.key, column=col),)
        cells[f"appeals.{block.key}.total"] = Total(tuple(f"appeals.{block.key}.{c}" for c in columns))
    return cells


#: Part 三, per template.
APPLICATIONS = Figures("applications", (APPLICATIONS_QUERY,), {t.id: _part3(t) for t in TEMPLATES.values()})
#: Part 四, per template.
APPEALS = Figures("appeals", (APPEALS_QUERY,), {t.id: _part4(t) for t in TEMPLATES.values()})
