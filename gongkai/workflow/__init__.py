"""The application workflow as data, split by concern:

- :mod:`~gongkai.workflow.states` — states, events, their labels, the table of allowed moves;
- :mod:`~gongkai.workflow.outcomes` — how a case ends: the report's result rows;
- :mod:`~gongkai.workflow.events` — the typed payload of each event and its JSON form;
- :mod:`~gongkai.workflow.clock` — the statutory periods and the reply due date;
- :mod:`~gongkai.workflow.guards` — the rules each event must meet, named for their article;
- :mod:`~gongkai.workflow.effects` — the facts each event records;
- :mod:`~gongkai.workflow.legal` — the articles each reply cites and the remedies it states;
- :mod:`~gongkai.workflow.case` — the case value that the events move.

The letters' text lives beside the legal bases, in :mod:`gongkai.letters`.

Decision: an extension is a flag on the case (``extension_days``), not a state, because an extended case is
handled like any other open case (it can still go to consultation or get a fee notice) and a state of its
own would double the table.
"""

from gongkai.workflow.case import Case, CaseEvent, Move, payload_of
from gongkai.workflow.clock import (
    CHINA,
    CONSULTATION_ANSWER_PERIOD,
    CORRECTION_REQUEST_LIMIT,
    DEFAULT_CORRECTION_PERIOD,
    MAX_EXTENSION,
    PAYMENT_PERIOD,
    REPLY_PERIOD,
    today_in_china,
)
from gongkai.workflow.events import (
    PAYLOADS,
    Answer,
    AnyPayload,
    Consulted,
    CorrectionDeadlinePassed,
    EndConsultation,
    Extend,
    IssueFeeNotice,
    Payload,
    PaymentDeadlinePassed,
    ReceiveCorrection,
    ReceivePayment,
    RequestCorrection,
    StartConsultation,
    Withdraw,
    decode,
)
from gongkai.workflow.guards import GUARDS
from gongkai.workflow.legal import (
    GROUND_LABELS,
    OUTCOME_BASIS,
    VARIANT_LABELS,
    WITHHELD_GROUND,
    Basis,
    Ground,
    Remedies,
    Variant,
    basis_for,
    remedies_for,
)
from gongkai.workflow.outcomes import (
    CLOSING_OUTCOMES,
    DEADLINE_OUTCOMES,
    REPLY_OUTCOMES,
    Outcome,
    outcome_label,
    outcome_row,
)
from gongkai.workflow.states import (
    CLOSED_STATES,
    EVENT_LABELS,
    OPEN_STATES,
    STATE_LABELS,
    TRANSITIONS,
    Event,
    State,
    allowed_events,
    next_state,
)

__all__ = [
    "CHINA",
    "CLOSED_STATES",
    "CLOSING_OUTCOMES",
    "CONSULTATION_ANSWER_PERIOD",
    "CORRECTION_REQUEST_LIMIT",
    "DEADLINE_OUTCOMES",
    "DEFAULT_CORRECTION_PERIOD",
    "EVENT_LABELS",
    "GROUND_LABELS",
    "GUARDS",
    "MAX_EXTENSION",
    "OPEN_STATES",
    "OUTCOME_BASIS",
    "PAYLOADS",
    "PAYMENT_PERIOD",
    "REPLY_OUTCOMES",
    "REPLY_PERIOD",
    "STATE_LABELS",
    "TRANSITIONS",
    "VARIANT_LABELS",
    "WITHHELD_GROUND",
    "Answer",
    "AnyPayload",
    "Basis",
    "Case",
    "CaseEvent",
    "Consulted",
    "CorrectionDeadlinePassed",
    "EndConsultation",
    "Event",
    "Extend",
    "Ground",
    "IssueFeeNotice",
    "Move",
    "Outcome",
    "Payload",
    "PaymentDeadlinePassed",
    "ReceiveCorrection",
    "ReceivePayment",
    "Remedies",
    "RequestCorrection",
    "StartConsultation",
    "State",
    "Variant",
    "Withdraw",
    "allowed_events",
    "basis_for",
    "decode",
    "next_state",
    "outcome_label",
    "outcome_row",
    "payload_of",
    "remedies_for",
    "today_in_china",
]
