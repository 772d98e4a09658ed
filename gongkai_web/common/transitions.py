"""A base for state machines: transitions as data and ONE writer of ``status``.

A :class:`Machine` holds a table of :class:`Move` s. :meth:`Machine.apply` locks the row, checks that the move
is in the table and that the acting user may make it, assigns the status, saves, and writes the audit row — all
in one transaction. Views, admin and commands never assign a status; they call a service that calls ``apply``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from gongkai.errors import TransitionRefusedError
from gongkai_web.common.audit import audit_record
from gongkai_web.common.permissions import Predicate

Guard = Callable[[Any, Any], "str | None"]


@dataclass(frozen=True)
class Move:
    """One allowed move: ``action`` takes an object from ``source`` to ``target``.

    ``allowed`` decides who may make it (``None`` means only the system, i.e. ``acting_user=None``);
    ``guards`` return a Chinese refusal message or None.
    """

    action: str
    source: str
    target: str
    allowed: Predicate | None
    guards: tuple[Guard, ...] = field(default=())


class Machine:
    """A table of moves over the ``status`` field of one model."""

    def __init__(self, moves: Iterable[Move], *, status_field: str = "status") -> None:
        self.moves = tuple(moves)
        self.status_field = status_field
        self._index = {(m.source, m.action): m for m in self.moves}

    def actions(self) -> set[str]:
        return {m.action for m in self.moves}

    def move_for(self, source: str, action: str) -> Move | None:
        return self._index.get((source, action))

    def available(self, obj: Any, user: Any) -> list[Move]:
        """Moves the user could make on ``obj`` now (for showing buttons)."""
        status = getattr(obj, self.status_field)
        return [
            m
            for m in self.moves
            if m.source == status
            and m.allowed is not None
            and m.allowed(user, obj)
            and not self._refusal(m, obj, user)
        ]

    @staticmethod
    def _refusal(move: Move, obj: Any, user: Any) -> str | None:
        for guard in move.guards:
            message = guard(obj, user)
            if message:
                return message
        return None

    def apply(
        self,
        obj: models.Model,
        *,
        action: str,
        acting_user: Any,
        updates: dict[str, Any] | None = None,
        note: str = "",
    ) -> models.Model:
        """Make the move ``action`` on ``obj`` or raise :class:`TransitionRefusedError`.

        ``updates`` are other fields changed by the move (recorded in the same audit row).
        """
        with transaction.atomic():
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            source = getattr(locked, self.status_field)
            move = self.move_for(source, action)
            if move is None:
                raise TransitionRefusedError(
                    f"不允许的操作：状态“{source}”不能执行“{action}”",
                    f"move refused: {action!r} is not allowed from {source!r}",
                )
            if move.allowed is None:
                if acting_user is not None:
                    raise TransitionRefusedError(
                        "该操作只能由系统执行", f"{action!r} is done by the system only"
                    )
            elif not move.allowed(acting_user, locked):
                raise TransitionRefusedError("您无权执行该操作", f"you may not {action!r} this object")
            changes: dict[str, Any] = {self.status_field: [source, move.target]}
            # Guards see the proposed values (e.g. the reason given with a return).
            for name, value in (updates or {}).items():
                if getattr(locked, name) != value:
                    changes[name] = [getattr(locked, name), value]
                setattr(locked, name, value)
            refusal = self._refusal(move, locked, acting_user)
            if refusal:
                raise TransitionRefusedError(refusal, f"{action!r} refused: {refusal}")
            setattr(locked, self.status_field, move.target)
            locked.save()
            if note:
                changes["note"] = note
            audit_record(acting_user=acting_user, action=action, obj=locked, changes=changes)
        for name in [self.status_field, *(updates or {})]:
            setattr(obj, name, getattr(locked, name))
        return locked
