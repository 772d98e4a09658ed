"""The application workflow: transitions as data, guards, the clock through every path, outcomes and rows."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
import time_machine

from gongkai.errors import CalendarNotCoveredError, TransitionRefusedError
from gongkai.fees import item_fee, volume_fee
from gongkai.templates import get_template
from gongkai.workdays import WorkCalendar, parse_notice_csv
from gongkai.workflow import (
    CHINA,
    CLOSED_STATES,
    OUTCOME_BASIS,
    PAYLOADS,
    STATE_LABELS,
    TRANSITIONS,
    WITHHELD_GROUND,
    Answer,
    Basis,
    Case,
    Consulted,
    CorrectionDeadlinePassed,
    EndConsultation,
    Event,
    Extend,
    Ground,
    IssueFeeNotice,
    Move,
    Outcome,
    Payload,
    PaymentDeadlinePassed,
    ReceiveCorrection,
    ReceivePayment,
    RequestCorrection,
    StartConsultation,
    State,
    Variant,
    Withdraw,
    allowed_events,
    basis_for,
    decode,
    next_state,
    outcome_row,
    remedies_for,
)
from gongkai.workflow.legal import VARIANT_BASIS

D = date.fromisoformat


class Clock:
    """A frozen clock in China that the lifecycle tests move from step to step."""

    def __init__(self, traveller: time_machine.TimeMachineFixture) -> None:
        self._traveller = traveller

    def at(self, day: str) -> None:
        self._traveller.move_to(datetime.fromisoformat(f"{day}T10:00:00").replace(tzinfo=CHINA), tick=False)


@pytest.fixture
def clock(time_machine: time_machine.TimeMachineFixture) -> Clock:
    return Clock(time_machine)


def step(case: Case, move: Payload | str) -> Case:
    return case.apply(move)


# --- lifecycle: one test per path, frozen clock, state and due date at every step ---------------------


def test_path_received_then_answered_in_time(clock: Clock) -> None:
    clock.at("2024-09-27")
    case = Case.receive()
    assert (case.state, case.due_date) == (State.RECEIVED, D("2024-10-30"))
    clock.at("2024-10-29")
    assert not case.is_overdue()
    assert case.working_days_left() == 1
    case = step(case, Answer(Outcome.GRANTED))
    assert (case.state, case.due_date, case.outcome) == (State.ANSWERED, D("2024-10-30"), Outcome.GRANTED)
    assert case.closed_on == D("2024-10-29")
    assert not case.answered_late


def test_path_extension_then_answer(clock: Clock) -> None:
    clock.at("2025-09-26")
    case = Case.receive()
    assert case.due_date == D("2025-10-30")
    clock.at("2025-10-28")
    case = step(case, Extend(days=20, approved_by="公开办主任 李某"))
    assert (case.state, case.due_date) == (State.RECEIVED, D("2025-11-27"))
    assert case.extension_approved_by == "公开办主任 李某"
    clock.at("2025-11-27")
    assert not case.is_overdue()
    case = step(case, Answer(Outcome.PARTIALLY_GRANTED, withheld=(Ground.INTERNAL_AFFAIRS,)))
    assert (case.state, case.due_date) == (State.ANSWERED, D("2025-11-27"))


def test_path_correction_received_restarts_the_clock(clock: Clock) -> None:
    clock.at("2026-02-10")
    case = Case.receive()
    assert case.due_date == D("2026-03-16")
    clock.at("2026-02-13")
    case = step(case, RequestCorrection(correction_due=D("2026-03-06")))
    assert (case.state, case.due_date, case.correction_due) == (
        State.AWAITING_CORRECTION,
        None,
        D("2026-03-06"),
    )
    assert not case.is_overdue()
    clock.at("2026-02-26")
    case = step(case, "receive_correction")
    assert (case.state, case.due_date) == (State.RECEIVED, D("2026-03-25"))
    clock.at("2026-03-25")
    case = step(case, Answer(Outcome.UNAVAILABLE_STILL_UNCLEAR))
    assert (case.state, case.due_date) == (State.ANSWERED, D("2026-03-25"))
    assert case.report_row("2021") == "unavailable.still_unclear"


def test_path_no_correction_in_time_is_abandoned(clock: Clock) -> None:
    clock.at("2025-01-20")
    case = Case.receive()
    assert case.due_date == D("2025-02-21")
    clock.at("2025-01-27")
    case = step(case, RequestCorrection(correction_due=D("2025-02-14")))
    assert (case.state, case.due_date) == (State.AWAITING_CORRECTION, None)
    clock.at("2025-02-14")
    with pytest.raises(TransitionRefusedError):
        step(case, "correction_deadline_passed")
    clock.at("2025-02-17")
    case = step(case, "correction_deadline_passed")
    assert (case.state, case.due_date, case.outcome) == (
        State.CLOSED_ABANDONED,
        None,
        Outcome.OTHER_NO_CORRECTION,
    )
    assert case.report_row("2019") == "other"
    assert case.report_row("2021") == "other.no_correction"


def test_path_consultation_is_not_counted(clock: Clock) -> None:
    clock.at("2024-09-27")
    case = Case.receive()
    assert case.due_date == D("2024-10-30")
    clock.at("2024-10-08")
    case = step(case, StartConsultation(party="某公司", with_whom=Consulted.THIRD_PARTY))
    assert (case.state, case.due_date) == (State.IN_CONSULTATION, None)
    clock.at("2024-10-14")
    case = step(case, "end_consultation")
    assert (case.state, case.due_date) == (State.RECEIVED, D("2024-11-06"))
    clock.at("2024-11-06")
    case = step(case, Answer(Outcome.WITHHELD_THIRD_PARTY_RIGHTS))
    assert (case.state, case.due_date) == (State.ANSWERED, D("2024-11-06"))
    assert remedies_for(case.outcome or "").reconsideration_first


def test_path_extension_during_consultation(clock: Clock) -> None:
    clock.at("2024-09-27")
    case = Case.receive()
    clock.at("2024-10-08")
    case = step(case, StartConsultation(party="某局", with_whom=Consulted.AGENCY))
    clock.at("2024-10-10")
    case = step(case, Extend(days=20, approved_by="主任"))
    assert (case.state, case.due_date) == (State.IN_CONSULTATION, None)
    clock.at("2024-10-14")
    case = step(case, "end_consultation")
    assert (case.state, case.due_date) == (State.RECEIVED, D("2024-12-04"))


def test_path_fee_paid_then_answered(clock: Clock) -> None:
    clock.at("2025-09-26")
    case = Case.receive()
    clock.at("2025-10-09")
    case = step(case, IssueFeeNotice(fee=item_fee(15)))
    assert (case.state, case.due_date, case.payment_due) == (State.AWAITING_PAYMENT, None, D("2025-11-05"))
    assert case.fee is not None and case.fee.total == 500
    clock.at("2025-10-15")
    case = step(case, "receive_payment")
    assert (case.state, case.due_date) == (State.RECEIVED, D("2025-11-06"))
    clock.at("2025-11-03")
    case = step(case, Answer(Outcome.GRANTED))
    assert (case.state, case.due_date) == (State.ANSWERED, D("2025-11-06"))


def test_path_fee_unpaid_ends_the_application(clock: Clock) -> None:
    clock.at("2025-09-26")
    case = Case.receive()
    clock.at("2025-10-09")
    case = step(case, IssueFeeNotice(fee=item_fee(12)))
    assert (case.state, case.due_date) == (State.AWAITING_PAYMENT, None)
    clock.at("2025-11-05")
    with pytest.raises(TransitionRefusedError):
        step(case, "payment_deadline_passed")
    clock.at("2025-11-06")
    case = step(case, "payment_deadline_passed")
    assert (case.state, case.outcome) == (State.CLOSED_UNPAID, Outcome.OTHER_UNPAID_FEE)
    assert case.report_row("2019") == "other"
    assert case.report_row("2021") == "other.unpaid_fee"


@pytest.mark.parametrize(
    ("setup", "state"),
    [
        ([], State.RECEIVED),
        (["request_correction"], State.AWAITING_CORRECTION),
        (["start_consultation"], State.IN_CONSULTATION),
        (["issue_fee_notice"], State.AWAITING_PAYMENT),
    ],
)
def test_path_withdrawn_from_every_open_state(clock: Clock, setup: list[str], state: State) -> None:
    clock.at("2026-09-28")
    case = Case.receive()
    assert case.due_date == D("2026-10-30")
    clock.at("2026-09-30")
    for event in setup:
        case = step(case, event)
    assert case.state is state
    clock.at("2026-10-09")
    case = step(case, "withdraw")
    assert (case.state, case.outcome, case.closed_on) == (
        State.WITHDRAWN,
        Outcome.OTHER_MISC,
        D("2026-10-09"),
    )
    assert not case.is_open and not case.is_overdue(D("2027-01-01"))


def test_path_correction_consultation_extension_answered_late(clock: Clock) -> None:
    clock.at("2025-09-26")
    case = Case.receive()
    assert case.due_date == D("2025-10-30")
    clock.at("2025-09-30")
    case = step(case, "request_correction")
    assert (case.state, case.due_date) == (State.AWAITING_CORRECTION, None)
    clock.at("2025-10-09")
    case = step(case, "receive_correction")
    assert (case.state, case.due_date) == (State.RECEIVED, D("2025-11-05"))
    clock.at("2025-10-10")
    case = step(case, "start_consultation")
    assert (case.state, case.due_date) == (State.IN_CONSULTATION, None)
    clock.at("2025-10-20")
    case = step(case, "end_consultation")
    assert (case.state, case.due_date) == (State.RECEIVED, D("2025-11-14"))
    clock.at("2025-10-21")
    case = step(case, Extend(days=10, approved_by="主任"))
    assert (case.state, case.due_date) == (State.RECEIVED, D("2025-11-28"))
    clock.at("2025-12-01")
    assert case.is_overdue()
    assert case.working_days_left() == -1
    case = step(case, Answer(Outcome.GRANTED))
    assert (case.state, case.due_date) == (State.ANSWERED, D("2025-11-28"))
    assert case.answered_late
    text = case.explain_due()
    assert "补正" in text and "延长 10 个工作日" in text and "征求意见" in text and "2025-11-28" in text


# --- due dates with correction, extension and consultation in combination, across real holidays -------

Steps = list[tuple[str, str, dict[str, Any]]]

COMBINATIONS: list[tuple[str, Steps, str]] = [
    # National Day 2024
    ("2024-09-27", [], "2024-10-30"),
    (
        "2024-09-27",
        [("start_consultation", "2024-10-08", {}), ("end_consultation", "2024-10-14", {})],
        "2024-11-06",
    ),
    (
        "2024-09-27",
        [
            ("start_consultation", "2024-10-08", {}),
            ("extend", "2024-10-10", {"days": 20, "approved_by": "主任"}),
            ("end_consultation", "2024-10-14", {}),
        ],
        "2024-12-04",
    ),
    # Spring Festival 2024: correction asked on a working Sunday, received on the next one
    (
        "2024-02-01",
        [("request_correction", "2024-02-04", {}), ("receive_correction", "2024-02-18", {})],
        "2024-03-15",
    ),
    # Spring Festival 2025: consultation across the holiday
    (
        "2025-01-20",
        [("start_consultation", "2025-01-24", {}), ("end_consultation", "2025-02-05", {})],
        "2025-02-26",
    ),
    # National Day 2025
    (
        "2025-09-26",
        [("request_correction", "2025-09-30", {}), ("receive_correction", "2025-10-09", {})],
        "2025-11-05",
    ),
    (
        "2025-09-26",
        [
            ("request_correction", "2025-09-30", {}),
            ("receive_correction", "2025-10-09", {}),
            ("start_consultation", "2025-10-10", {}),
            ("end_consultation", "2025-10-20", {}),
            ("extend", "2025-10-21", {"days": 10, "approved_by": "主任"}),
        ],
        "2025-11-28",
    ),
    ("2025-09-26", [("extend", "2025-10-28", {"days": 20, "approved_by": "主任"})], "2025-11-27"),
    (
        "2025-09-26",
        [("issue_fee_notice", "2025-10-09", {}), ("receive_payment", "2025-10-15", {})],
        "2025-11-06",
    ),
    # Spring Festival 2026
    ("2026-02-10", [], "2026-03-16"),
    (
        "2026-02-10",
        [("request_correction", "2026-02-13", {}), ("receive_correction", "2026-02-26", {})],
        "2026-03-25",
    ),
    (
        "2026-02-10",
        [("start_consultation", "2026-02-13", {}), ("end_consultation", "2026-02-24", {})],
        "2026-03-18",
    ),
    ("2026-02-10", [("extend", "2026-03-02", {"days": 20, "approved_by": "主任"})], "2026-04-14"),
]


@pytest.mark.parametrize(("received", "steps", "due"), COMBINATIONS)
def test_due_date_with_correction_extension_and_consultation(received: str, steps: Steps, due: str) -> None:
    case = Case.replay_json(D(received), [(event, D(at), data) for event, at, data in steps])
    assert case.due_date == D(due)
    assert case.due is not None and case.due.due == D(due)


# --- refusals -----------------------------------------------------------------------------------------


def test_every_pair_not_in_the_table_is_refused() -> None:
    refused = 0
    for state in State:
        for event in Event:
            if (state, event) in TRANSITIONS:
                assert next_state(state, event) is TRANSITIONS[(state, event)]
                continue
            with pytest.raises(TransitionRefusedError) as err:
                next_state(state, event)
            assert err.value.message_zh != err.value.message_en
            refused += 1
    assert refused == len(State) * len(Event) - len(TRANSITIONS)


def _case_in(state: State) -> Case:
    base = Case.receive(D("2025-03-03"))
    paths: dict[State, Callable[[Case], Case]] = {
        State.RECEIVED: lambda c: c,
        State.AWAITING_CORRECTION: lambda c: c.apply("request_correction", at=D("2025-03-04")),
        State.IN_CONSULTATION: lambda c: c.apply("start_consultation", at=D("2025-03-04")),
        State.AWAITING_PAYMENT: lambda c: c.apply("issue_fee_notice", at=D("2025-03-04")),
        State.ANSWERED: lambda c: c.apply(Answer(Outcome.GRANTED), at=D("2025-03-04")),
        State.CLOSED_ABANDONED: lambda c: c.apply("request_correction", at=D("2025-03-04")).apply(
            "correction_deadline_passed", at=D("2025-04-30")
        ),
        State.CLOSED_UNPAID: lambda c: c.apply("issue_fee_notice", at=D("2025-03-04")).apply(
            "payment_deadline_passed", at=D("2025-04-30")
        ),
        State.WITHDRAWN: lambda c: c.apply("withdraw", at=D("2025-03-04")),
    }
    case = paths[state](base)
    assert case.state is state
    return case


@pytest.mark.parametrize("state", list(State))
def test_case_refuses_every_event_its_state_does_not_allow(state: State) -> None:
    case = _case_in(state)
    for event in Event:
        if event in allowed_events(state):
            continue
        move = Answer(Outcome.GRANTED) if event is Event.ANSWER else event
        with pytest.raises(TransitionRefusedError) as err:
            case.apply(move, at=D("2025-05-06"))
        assert STATE_LABELS[state][0] in err.value.message_zh


def test_closed_states_allow_nothing() -> None:
    assert all(not allowed_events(s) for s in CLOSED_STATES)


def test_unknown_state_or_event_is_refused() -> None:
    with pytest.raises(TransitionRefusedError):
        next_state("received", "approve")
    with pytest.raises(TransitionRefusedError):
        next_state("lost", "answer")


def test_correction_only_within_seven_working_days() -> None:
    # Received 2025-01-20; the 7th working day after is 2025-02-05 (Sun 01-26 worked, Spring Festival off).
    case = Case.receive(D("2025-01-20"))
    assert case.apply("request_correction", at=D("2025-02-05")).state is State.AWAITING_CORRECTION
    with pytest.raises(TransitionRefusedError) as err:
        case.apply("request_correction", at=D("2025-02-06"))
    assert "7 个工作日" in err.value.message_zh


def test_correction_only_once() -> None:
    case = Case.replay(
        D("2025-03-03"), [("request_correction", D("2025-03-04")), ("receive_correction", D("2025-03-05"))]
    )
    with pytest.raises(TransitionRefusedError) as err:
        case.apply("request_correction", at=D("2025-03-06"))
    assert "一次" in err.value.message_zh


def test_default_correction_deadline_is_fifteen_working_days() -> None:
    case = Case.receive(D("2026-02-10")).apply("request_correction", at=D("2026-02-13"))
    assert case.correction_due == D("2026-03-12")


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"days": 21, "approved_by": "主任"}, "1 至 20"),
        ({"days": 0, "approved_by": "主任"}, "1 至 20"),
        ({"days": 5}, "负责人"),
        ({"days": 5, "approved_by": "  "}, "负责人"),
    ],
)
def test_extension_needs_approval_and_at_most_twenty_days(data: dict[str, Any], fragment: str) -> None:
    with pytest.raises(TransitionRefusedError) as err:
        Case.receive(D("2025-03-03")).apply(decode("extend", data), at=D("2025-03-10"))
    assert fragment in err.value.message_zh


def test_extension_only_once() -> None:
    case = Case.receive(D("2025-03-03")).apply(Extend(days=5, approved_by="主任"), at=D("2025-03-10"))
    with pytest.raises(TransitionRefusedError):
        case.apply(Extend(days=5, approved_by="主任"), at=D("2025-03-11"))


def test_extension_after_the_due_date_is_refused() -> None:
    case = Case.receive(D("2024-09-27"))
    assert case.apply(Extend(days=20, approved_by="主任"), at=D("2024-10-30")).due_date is not None
    with pytest.raises(TransitionRefusedError):
        case.apply(Extend(days=20, approved_by="主任"), at=D("2024-10-31"))


@pytest.mark.parametrize("outcome", ["other.no_correction", "other.unpaid_fee", "other", "approved", None])
def test_answer_refuses_outcomes_that_are_not_replies(outcome: str | None) -> None:
    with pytest.raises(TransitionRefusedError):
        Case.receive(D("2025-03-03")).apply(decode("answer", {"outcome": outcome}), at=D("2025-03-04"))


def test_still_unclear_needs_a_received_correction() -> None:
    with pytest.raises(TransitionRefusedError):
        Case.receive(D("2025-03-03")).apply(Answer(Outcome.UNAVAILABLE_STILL_UNCLEAR), at=D("2025-03-04"))


def test_free_fee_notice_is_refused() -> None:
    with pytest.raises(TransitionRefusedError):
        Case.receive(D("2025-03-03")).apply(IssueFeeNotice(fee=item_fee(10)), at=D("2025-03-04"))


def test_event_before_the_previous_step_is_refused() -> None:
    case = Case.receive(D("2025-03-03")).apply("start_consultation", at=D("2025-03-10"))
    with pytest.raises(TransitionRefusedError):
        case.apply("end_consultation", at=D("2025-03-07"))


def test_unknown_event_data_is_refused() -> None:
    with pytest.raises(TransitionRefusedError) as err:
        decode("extend", {"days": 5, "approved_by": "主任", "approver": "x"})
    assert "approver" in err.value.message_zh


@pytest.mark.parametrize(
    ("event", "data", "fragment"),
    [
        ("extend", {"days": "5"}, "延长的工作日数"),
        ("extend", {"days": True}, "延长的工作日数"),
        ("request_correction", {"correction_due": "2025-13-01"}, "补正期限"),
        ("issue_fee_notice", {"fee": {"method": "gold", "units": 3}}, "信息处理费"),
        ("answer", {"outcome": "approved"}, "办理结果"),
        ("answer", {"outcome": "granted", "withheld": ["secret"]}, "不予公开部分的依据"),
        ("start_consultation", {"with_whom": "court"}, "征求意见的对象"),
    ],
)
def test_stored_data_of_the_wrong_type_is_refused_naming_the_field(
    event: str, data: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(TransitionRefusedError) as err:
        decode(event, data)
    assert fragment in err.value.message_zh


def test_an_answer_without_its_outcome_is_refused() -> None:
    with pytest.raises(TransitionRefusedError) as err:
        Case.receive(D("2025-03-03")).apply("answer", at=D("2025-03-04"))
    assert "办理结果" in err.value.message_zh


PAYLOAD_EXAMPLES: list[Payload] = [
    RequestCorrection(points="请写明文号", correction_due=D("2025-03-20")),
    ReceiveCorrection(),
    CorrectionDeadlinePassed(),
    Extend(days=7, approved_by="主任", reason="需要检索"),
    StartConsultation(party="某局", with_whom=Consulted.AGENCY, information="联合发文", reason=""),
    EndConsultation(answer="同意公开"),
    IssueFeeNotice(fee=item_fee(12, earlier_this_month=25), payment_due=D("2025-04-01"), how_to_pay="转账"),
    IssueFeeNotice(fee=volume_fee(250)),
    ReceivePayment(),
    PaymentDeadlinePassed(),
    Answer(
        Outcome.PARTIALLY_GRANTED,
        withheld=(Ground.THIRD_PARTY_RIGHTS, Ground.NOT_GOVERNMENT_INFORMATION),
        reasons="第2页含个人信息",
        review_body="某区人民政府",
    ),
    Answer(Outcome.GRANTED, variant=Variant.ALREADY_PUBLISHED, reasons="见本机关网站"),
    Withdraw(),
]


@pytest.mark.parametrize("payload", PAYLOAD_EXAMPLES, ids=lambda p: type(p).__name__)
def test_every_payload_survives_its_json(payload: Payload) -> None:
    stored = json.loads(json.dumps(payload.to_json()))
    assert decode(payload.event, stored) == payload


def test_every_event_has_a_payload_class() -> None:
    assert set(PAYLOADS) == set(Event) == {p.event for p in PAYLOAD_EXAMPLES}


@pytest.mark.parametrize(
    ("event", "stored"),
    [
        ("request_correction", {"points": "请写明文号", "correction_due": "2024-10-28"}),
        ("extend", {"days": 10, "approved_by": "王主任", "reason": ""}),
        ("start_consultation", {"party": "某公司", "with_whom": "third_party"}),
        ("end_consultation", {"answer": ""}),
        ("issue_fee_notice", {"fee": {"method": "item", "units": 15, "earlier": 3}}),
        ("answer", {"outcome": "partially_granted", "reasons": "具体理由", "review_body": "区人民政府"}),
    ],
)
def test_events_stored_before_typed_payloads_still_decode(event: str, stored: dict[str, Any]) -> None:
    payload = decode(event, stored)
    assert payload.event == event
    for key, value in stored.items():
        got = getattr(payload, key)
        if key == "fee":
            assert (got.method, got.units, got.tiers[0].first) == ("item", 15, 4)
        else:
            assert str(got.isoformat() if isinstance(got, date) else got) == str(value)


def test_a_stored_partial_answer_without_grounds_still_replays() -> None:
    # Answers recorded before the withheld part's grounds were asked for have none; the case must replay.
    case = Case.replay_json(D("2024-09-27"), [("answer", D("2024-10-08"), {"outcome": "partially_granted"})])
    assert case.outcome is Outcome.PARTIALLY_GRANTED


def test_a_variant_of_another_outcome_is_refused() -> None:
    with pytest.raises(TransitionRefusedError) as err:
        Case.receive(D("2025-03-03")).apply(
            Answer(Outcome.GRANTED, variant=Variant.OTHER_AGENCY), at=D("2025-03-04")
        )
    assert "不属于本机关负责公开" in err.value.message_zh


def test_grounds_for_a_withheld_part_only_in_a_partial_disclosure() -> None:
    with pytest.raises(TransitionRefusedError):
        Case.receive(D("2025-03-03")).apply(
            Answer(Outcome.GRANTED, withheld=(Ground.STATE_SECRET,)), at=D("2025-03-04")
        )


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError):
        Case.receive(datetime(2025, 3, 3, 10, 0))


def test_aware_datetime_is_read_as_the_date_in_china() -> None:
    from datetime import UTC

    assert Case.receive(datetime(2025, 3, 2, 20, 0, tzinfo=UTC)).received_on == D("2025-03-03")


def test_case_is_immutable() -> None:
    case = Case.receive(D("2025-03-03"))
    after = case.apply(Answer(Outcome.GRANTED), at=D("2025-03-04"))
    assert case.state is State.RECEIVED and after.state is State.ANSWERED
    with pytest.raises(AttributeError):
        case.state = State.ANSWERED  # type: ignore[misc]


# --- calendar changes ----------------------------------------------------------------------------------


def test_due_date_in_uncovered_year_is_refused_until_the_notice_is_loaded() -> None:
    case = Case.receive(D("2026-12-10"))
    with pytest.raises(CalendarNotCoveredError):
        _ = case.due_date
    calendar = WorkCalendar.official().load_notice(2027, parse_notice_csv("2027-01-01,holiday,元旦\n"))
    assert case.with_calendar(calendar).due_date == D("2027-01-08")


def test_receipt_in_uncovered_year_is_refused() -> None:
    with pytest.raises(CalendarNotCoveredError):
        Case.receive(D("2027-01-04"))


# --- outcomes and report rows ------------------------------------------------------------------------


def test_outcomes_are_exactly_the_result_rows_of_the_2021_template() -> None:
    assert {o.value for o in Outcome} == set(get_template("2021").applications.result_rows)


@pytest.mark.parametrize("outcome", list(Outcome))
def test_every_outcome_has_a_row_in_both_templates(outcome: Outcome) -> None:
    for template_id in ("2019", "2021"):
        assert outcome_row(outcome, template_id) in get_template(template_id).applications.result_rows
    expected_2019 = "other" if outcome.value.startswith("other.") else outcome.value
    assert outcome_row(outcome, "2019") == expected_2019


CITATION = re.compile(
    r"第[一二三四五六七八九十]+条(第[一二三四五六七八九十]+款)?(第（[一二三四五六七八九十]+）项)?"
)


def test_every_outcome_has_its_legal_basis() -> None:
    assert set(OUTCOME_BASIS) == set(Outcome)
    assert OUTCOME_BASIS[Outcome.WITHHELD_THIRD_PARTY_RIGHTS].articles == ("第十五条", "第三十六条第（三）项")
    assert OUTCOME_BASIS[Outcome.NOT_PROCESSED_EXCESSIVE].articles == ("第三十五条",)
    assert OUTCOME_BASIS[Outcome.OTHER_NO_CORRECTION].articles == ("第三十条",)


@pytest.mark.parametrize(
    "basis", [*OUTCOME_BASIS.values(), *VARIANT_BASIS.values()], ids=lambda b: ",".join(b.articles) or "none"
)
def test_bases_are_citations_never_drafting_hints(basis: Basis) -> None:
    for article in basis.articles:
        assert CITATION.fullmatch(article), article


def test_a_partial_disclosure_cites_the_ground_of_each_withheld_part_in_article_order() -> None:
    basis = basis_for(
        Outcome.PARTIALLY_GRANTED, withheld=[Ground.INTERNAL_AFFAIRS, Ground.THIRD_PARTY_RIGHTS]
    )
    assert basis.articles == ("第十五条", "第十六条第一款", "第三十六条第（二）项", "第三十七条")
    assert (
        basis.citation()
        == "《中华人民共和国政府信息公开条例》第十五条、第十六条第一款、第三十六条第（二）项、第三十七条"
    )


def test_withholding_for_a_consulted_third_party_also_cites_article_32() -> None:
    plain = basis_for(Outcome.WITHHELD_THIRD_PARTY_RIGHTS)
    consulted = basis_for(Outcome.WITHHELD_THIRD_PARTY_RIGHTS, consulted_third_party=True)
    assert "第三十二条" not in plain.articles
    assert consulted.articles == ("第十五条", "第三十二条", "第三十六条第（三）项")


def test_a_variant_cites_its_own_reply_item() -> None:
    assert basis_for(Outcome.GRANTED, variant=Variant.ALREADY_PUBLISHED).articles == ("第三十六条第（一）项",)
    assert basis_for(Outcome.UNAVAILABLE_NOT_HELD, variant=Variant.OTHER_AGENCY).articles == (
        "第三十六条第（五）项",
    )


def test_every_withheld_outcome_but_query_matters_has_a_ground() -> None:
    withheld = {o for o in Outcome if o.value.startswith("withheld.")}
    assert set(WITHHELD_GROUND) == withheld - {Outcome.WITHHELD_QUERY_MATTERS}


@pytest.mark.parametrize(
    ("outcome", "first"),
    [
        ("withheld.state_secret", True),
        ("partially_granted", True),
        ("granted", False),
        ("other.unpaid_fee", False),
    ],
)
def test_reconsideration_first_only_for_withheld_information(outcome: str, first: bool) -> None:
    remedies = remedies_for(outcome)
    assert remedies.reconsideration_first is first
    assert (remedies.reconsideration_days, remedies.litigation_months) == (60, 6)
    assert remedies.withheld_part_only is (outcome == "partially_granted")


def test_consultation_answer_due_is_fifteen_working_days_after_the_letter() -> None:
    case = Case.receive(D("2025-09-26")).apply(StartConsultation(party="某公司"), at=D("2025-09-30"))
    # 10-01..10-08 off, Sat 10-11 worked: 09-30 + 15 working days → 2025-10-28.
    assert case.consultation_answer_due == D("2025-10-28")
    assert case.apply("end_consultation", at=D("2025-10-10")).consultation_answer_due is None


def test_allowed_events_follow_the_table() -> None:
    case = Case.receive(D("2025-03-03"))
    assert set(case.allowed_events) == {e for (s, e) in TRANSITIONS if s is State.RECEIVED}


def test_cases_with_the_same_history_are_equal_and_hashable() -> None:
    steps: list[tuple[Move, date]] = [
        (StartConsultation(party="某公司"), D("2025-03-04")),
        ("end_consultation", D("2025-03-10")),
    ]
    a = Case.replay(D("2025-03-03"), steps)
    b = Case.replay(D("2025-03-03"), steps)
    assert a == b and hash(a) == hash(b)
    assert a != a.apply(Answer(Outcome.GRANTED), at=D("2025-03-11"))
