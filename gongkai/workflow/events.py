"""The typed payload of each event: what the officer states when it happens, and its JSON form.

One frozen dataclass per event. :meth:`Payload.to_json` gives the JSON stored with the event (dates as ISO
strings, a fee as method + units + items already charged that month); :func:`decode` reads it back and
refuses (TransitionRefusedError) a key the event does not take or a value of the wrong type. The facts only
a letter prints (reasons, the information in question, how to pay) travel in the payload too, so a letter
is a function of the case and its events alone.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import MISSING, Field, dataclass, fields
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any, ClassVar, Self, TypeAlias, Union, get_args, get_origin, get_type_hints

from gongkai.fees import FeeQuote, item_fee, volume_fee
from gongkai.workflow.clock import MAX_EXTENSION
from gongkai.workflow.legal import Ground, Variant
from gongkai.workflow.outcomes import Outcome
from gongkai.workflow.states import EVENT_LABELS, Event, refused


class Consulted(StrEnum):
    """Whom a consultation asks: a third party whose rights disclosure may harm (art. 32), or another agency
    that made the information jointly (art. 34)."""

    THIRD_PARTY = "third_party"
    AGENCY = "agency"


#: The field names as an error message names them.
FIELD_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "points": ("需要补正的事项", "points to correct"),
        "correction_due": ("补正期限", "correction deadline"),
        "days": ("延长的工作日数", "working days added"),
        "approved_by": ("批准人", "approved by"),
        "reason": ("理由", "reason"),
        "party": ("被征求意见的第三方或机关", "party consulted"),
        "with_whom": ("征求意见的对象", "whom"),
        "information": ("涉及的政府信息", "information in question"),
        "answer": ("意见", "opinion"),
        "fee": ("信息处理费", "fee"),
        "payment_due": ("缴费期限", "payment deadline"),
        "how_to_pay": ("缴费方式", "how to pay"),
        "outcome": ("办理结果", "outcome"),
        "variant": ("答复情形", "variant"),
        "withheld": ("不予公开部分的依据", "grounds of the withheld part"),
        "reasons": ("理由和说明", "reasons"),
        "review_body": ("行政复议机关", "reconsideration body"),
    }
)


class Payload:
    """Base of the event payloads; ``event`` names the event each payload class belongs to."""

    __slots__ = ()
    event: ClassVar[Event]
    # Declared so that dataclasses.fields() accepts a Payload (every subclass is a dataclass).
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    def to_json(self) -> dict[str, Any]:
        """The payload as JSON; fields at their default are left out (:meth:`from_json` restores them)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.default is not MISSING and value == f.default:
                continue
            out[f.name] = _encode(value)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """The payload stored as ``data`` (the inverse of :meth:`to_json`); refuses unknown keys, missing
        required ones and values of the wrong type (TransitionRefusedError, naming the field)."""
        label = EVENT_LABELS[cls.event]
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            names = "、".join(unknown)
            raise refused(
                f"「{label[0]}」不接受这些数据：{names}", f"{cls.event.value} does not take: {names}"
            )
        hints = _hints(cls)
        values: dict[str, Any] = {}
        for name, f in known.items():
            if name in data:
                values[name] = _decode(hints[name], data[name], cls.event, name)
            elif f.default is MISSING and f.default_factory is MISSING:
                zh, en = FIELD_LABELS.get(name, (name, name))
                raise refused(f"「{label[0]}」须写明{zh}", f"{cls.event.value} needs {en}")
        return cls(**values)


_HINTS: dict[type[Payload], dict[str, Any]] = {}


def _hints(cls: type[Payload]) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def _encode(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, FeeQuote):
        earlier = value.tiers[0].first - 1 if value.method == "item" and value.tiers else 0
        return {"method": value.method, "units": value.units, "earlier": earlier}
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    return value


def _wrong(event: Event, name: str, value: Any) -> Exception:
    zh, en = FIELD_LABELS.get(name, (name, name))
    label = EVENT_LABELS[event]
    return refused(f"「{label[0]}」的{zh}无效：{value!r}", f"{event.value}: invalid {en}: {value!r}")


def _decode(tp: Any, value: Any, event: Event, name: str) -> Any:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        (inner,) = [a for a in get_args(tp) if a is not type(None)]
        return _decode(inner, value, event, name)
    if origin is tuple:
        (inner, _) = get_args(tp)
        if not isinstance(value, list | tuple):
            raise _wrong(event, name, value)
        return tuple(_decode(inner, v, event, name) for v in value)
    if tp is str:
        if not isinstance(value, str):
            raise _wrong(event, name, value)
        return value
    if tp is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise _wrong(event, name, value)
        return value
    if tp is date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise _wrong(event, name, value) from None
    if tp is FeeQuote:
        return _fee(value, event, name)
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        try:
            return tp(value)
        except ValueError:
            raise _wrong(event, name, value) from None
    raise TypeError(f"payload field type {tp!r} has no JSON form")  # pragma: no cover - programming error


def _fee(value: Any, event: Event, name: str) -> FeeQuote:
    if isinstance(value, FeeQuote):
        return value
    try:
        units = int(value["units"])
        if value["method"] == "item":
            return item_fee(units, earlier_this_month=int(value.get("earlier", 0)))
        if value["method"] == "volume":
            return volume_fee(units)
    except (KeyError, TypeError, ValueError):
        pass
    raise _wrong(event, name, value)


@dataclass(frozen=True, slots=True)
class RequestCorrection(Payload):
    """告知补正 (art. 30): what to correct, and by when (default: :data:`~gongkai.workflow.clock.DEFAULT_CORRECTION_PERIOD`)."""

    event: ClassVar[Event] = Event.REQUEST_CORRECTION
    points: str = ""
    correction_due: date | None = None


@dataclass(frozen=True, slots=True)
class ReceiveCorrection(Payload):
    """收到补正: the corrected application arrived (the reply clock restarts, art. 30)."""

    event: ClassVar[Event] = Event.RECEIVE_CORRECTION


@dataclass(frozen=True, slots=True)
class CorrectionDeadlinePassed(Payload):
    """补正期限届满: no correction in time, the application counts as abandoned (art. 30)."""

    event: ClassVar[Event] = Event.CORRECTION_DEADLINE_PASSED


@dataclass(frozen=True, slots=True)
class Extend(Payload):
    """延期答复 (art. 33②): working days added, who approved, and why (the reason is printed in the letter)."""

    event: ClassVar[Event] = Event.EXTEND
    days: int = MAX_EXTENSION
    approved_by: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class StartConsultation(Payload):
    """征求意见 (arts. 32, 34): whom, which information (as the agency describes it to them) and, for a third
    party, why its disclosure may harm them."""

    event: ClassVar[Event] = Event.START_CONSULTATION
    party: str = ""
    with_whom: Consulted = Consulted.THIRD_PARTY
    information: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class EndConsultation(Payload):
    """征求意见结束: the opinion received (empty: none in time)."""

    event: ClassVar[Event] = Event.END_CONSULTATION
    answer: str = ""


@dataclass(frozen=True, slots=True)
class IssueFeeNotice(Payload):
    """发出收费通知 (art. 42, 109号): the quote, the payment deadline (default: 20 working days), how to pay."""

    event: ClassVar[Event] = Event.ISSUE_FEE_NOTICE
    fee: FeeQuote | None = None
    payment_due: date | None = None
    how_to_pay: str = ""


@dataclass(frozen=True, slots=True)
class ReceivePayment(Payload):
    """收到缴费: the fee was paid; the reply clock runs again."""

    event: ClassVar[Event] = Event.RECEIVE_PAYMENT


@dataclass(frozen=True, slots=True)
class PaymentDeadlinePassed(Payload):
    """缴费期限届满: the fee was not paid in time; the application is no longer processed."""

    event: ClassVar[Event] = Event.PAYMENT_DEADLINE_PASSED


@dataclass(frozen=True, slots=True)
class Answer(Payload):
    """作出答复: the outcome (a result row), the row's other reply item where it has two, the grounds of the
    withheld part of a 部分公开, the reasons the letter states, and the reconsideration body it names."""

    event: ClassVar[Event] = Event.ANSWER
    outcome: Outcome
    variant: Variant | None = None
    withheld: tuple[Ground, ...] = ()
    reasons: str = ""
    review_body: str = ""


@dataclass(frozen=True, slots=True)
class Withdraw(Payload):
    """撤回申请: the applicant withdrew."""

    event: ClassVar[Event] = Event.WITHDRAW


AnyPayload: TypeAlias = (
    RequestCorrection
    | ReceiveCorrection
    | CorrectionDeadlinePassed
    | Extend
    | StartConsultation
    | EndConsultation
    | IssueFeeNotice
    | ReceivePayment
    | PaymentDeadlinePassed
    | Answer
    | Withdraw
)

#: The payload class of each event.
PAYLOADS: Mapping[Event, type[Payload]] = MappingProxyType(
    {
        cls.event: cls
        for cls in (
            RequestCorrection,
            ReceiveCorrection,
            CorrectionDeadlinePassed,
            Extend,
            StartConsultation,
            EndConsultation,
            IssueFeeNotice,
            ReceivePayment,
            PaymentDeadlinePassed,
            Answer,
            Withdraw,
        )
    }
)


def decode(event: Event | str, data: Mapping[str, Any] | None = None) -> Payload:
    """The payload of ``event`` stored as ``data`` (no data: the payload's defaults). Refuses an unknown
    event, unknown keys, missing required fields and values of the wrong type (TransitionRefusedError)."""
    try:
        e = Event(event)
    except ValueError:
        raise refused(f"未知的操作：{event}", f"unknown event: {event}") from None
    return PAYLOADS[e].from_json(data or {})


__all__ = [
    "FIELD_LABELS",
    "PAYLOADS",
    "Answer",
    "AnyPayload",
    "Consulted",
    "CorrectionDeadlinePassed",
    "EndConsultation",
    "Extend",
    "IssueFeeNotice",
    "Payload",
    "PaymentDeadlinePassed",
    "ReceiveCorrection",
    "ReceivePayment",
    "RequestCorrection",
    "StartConsultation",
    "Withdraw",
    "decode",
]
