"""How an application ended: the result row of the annual report's part 三 it is counted in."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from types import MappingProxyType
from typing import Any

from gongkai.templates import get_template
from gongkai.workflow.states import State


class Outcome(StrEnum):
    """How an application ended: the key of the result row of part 三 it is counted in (2021 template)."""

    GRANTED = "granted"
    PARTIALLY_GRANTED = "partially_granted"
    WITHHELD_STATE_SECRET = "withheld.state_secret"
    WITHHELD_PROHIBITED_BY_LAW = "withheld.prohibited_by_law"
    WITHHELD_SECURITY_STABILITY = "withheld.security_stability"
    WITHHELD_THIRD_PARTY_RIGHTS = "withheld.third_party_rights"
    WITHHELD_INTERNAL_AFFAIRS = "withheld.internal_affairs"
    WITHHELD_PROCESS_INFORMATION = "withheld.process_information"
    WITHHELD_ENFORCEMENT_RECORDS = "withheld.enforcement_records"
    WITHHELD_QUERY_MATTERS = "withheld.query_matters"
    UNAVAILABLE_NOT_HELD = "unavailable.not_held"
    UNAVAILABLE_NEEDS_CREATION = "unavailable.needs_creation"
    UNAVAILABLE_STILL_UNCLEAR = "unavailable.still_unclear"
    NOT_PROCESSED_PETITION = "not_processed.petition"
    NOT_PROCESSED_DUPLICATE = "not_processed.duplicate"
    NOT_PROCESSED_PUBLICATION = "not_processed.publication"
    NOT_PROCESSED_EXCESSIVE = "not_processed.excessive"
    NOT_PROCESSED_CONFIRMATION = "not_processed.confirmation"
    OTHER_NO_CORRECTION = "other.no_correction"
    OTHER_UNPAID_FEE = "other.unpaid_fee"
    OTHER_MISC = "other.misc"


#: The outcome each closing state other than ``answered`` implies.
CLOSING_OUTCOMES: Mapping[State, Outcome] = MappingProxyType(
    {
        State.CLOSED_ABANDONED: Outcome.OTHER_NO_CORRECTION,
        State.CLOSED_UNPAID: Outcome.OTHER_UNPAID_FEE,
        State.WITHDRAWN: Outcome.OTHER_MISC,
    }
)

#: Outcomes an answer may not give: they follow only from a missed deadline.
DEADLINE_OUTCOMES = frozenset({Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_UNPAID_FEE})

#: The outcomes an answer may give, in the order of the report's rows (for the officer's choice).
REPLY_OUTCOMES = tuple(o for o in Outcome if o not in DEADLINE_OUTCOMES)


def outcome_label(outcome: Outcome | str) -> str:
    """The printed label of an outcome's result row with its group, from the 2021 template (e.g.
    「不予公开·属于国家秘密」); the template is the only home of the row labels."""
    row = _result_rows().get(Outcome(outcome).value)
    if row is None:  # pragma: no cover - every outcome is a row (tests/core/test_workflow.py)
        return str(outcome)
    groups = [g for g in row.group if not g.startswith("三、")]
    return "·".join([*(g.split("）", 1)[-1] for g in groups), row.label])


@cache
def _result_rows() -> dict[str, Any]:
    return {r.key: r for r in get_template("2021").applications.rows}


def outcome_row(outcome: Outcome | str, template_id: str) -> str:
    """The result row key of ``template_id``'s part 三 that ``outcome`` is counted in.

    The 2019 template has one ``other`` row for all three ``other.*`` outcomes. Raises
    UnknownTemplateError for an unknown template and ValueError for an unknown outcome.
    """
    key = Outcome(outcome).value
    rows = get_template(template_id).applications.result_rows
    if key in rows:
        return key
    parent = key.split(".", 1)[0]
    if parent in rows:
        return parent
    raise ValueError(f"outcome {key} has no row in template {template_id}")  # pragma: no cover - data error


__all__ = [
    "CLOSING_OUTCOMES",
    "DEADLINE_OUTCOMES",
    "REPLY_OUTCOMES",
    "Outcome",
    "outcome_label",
    "outcome_row",
]
