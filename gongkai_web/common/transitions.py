"""A base for state machines: transitions and permissions as data, and ONE writer of the status.

A :class:`Machine` holds a table of :class:`Move` s over one model's status field. Each move names who may
make it (``allowed``, a :class:`~gongkai_web.common.permissions.Predicate`; None for the system alone) and the
rules it must pass. :meth:`Machine.apply` locks the row, checks the table, the acting user's right and the
rules, assigns the status, saves and writes the audit row, all in one transaction; services call it, and views
ask :meth:`Machine.available` which moves to offer. Nothing else assigns a status.

**The guard convention** (the same as the core's, ``gongkai.workflow.GUARDS``): a guard is a function
``(obj, user) -> None`` that raises :class:`~gongkai_web.common.errors.Refused` naming why when its rule is
broken. ``guards`` are about the object as it stands (a report with errors, an approver who wrote the item):
when one fails the move is not offered. ``checks`` are about the input given with the move (a reason for a
return): they run on :meth:`Machine.apply` only, against the proposed values, so the form that asks for the
input is still offered.

**Separation of duties**: :func:`not_a_contributor` is the guard of every approving move: whoever created,
edited or submitted the object (or another version of it) can never approve or publish it, whatever roles
they hold. Who did what is read from the audit log, which every write records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeAlias, TypeVar

from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gongkai.errors import GongkaiError
from gongkai_web.common.audit import audit_record
from gongkai_web.common.errors import NotPermitted, Refused
from gongkai_web.common.i18n import message
from gongkai_web.common.models import AuditEntry
from gongkai_web.common.permissions import Actor, Predicate

M = TypeVar("M", bound=models.Model)

#: A rule of a move: raises Refused when it is broken (see the module's guard convention).
Guard: TypeAlias = Callable[[M, Actor], None]


@dataclass(frozen=True)
class Move(Generic[M]):
    """One allowed move: ``action`` takes an object from ``source`` to ``target``.

    ``allowed`` decides who may make it (None: only the system, ``acting_user=None``); ``guards`` are rules
    about the object now (a failing one hides the move), ``checks`` rules about the input (run on apply).
    """

    action: str
    source: str
    target: str
    allowed: Predicate | None
    guards: tuple[Guard[M], ...] = field(default=())
    checks: tuple[Guard[M], ...] = field(default=())


class Machine(Generic[M]):
    """A table of moves over the status field of ``model``; audit rows are named ``<entity>_<action>``."""

    def __init__(
        self,
        model: type[M],
        moves: Iterable[Move[M]],
        *,
        entity: str,
        labels: Mapping[str, str | Promise] | None = None,
        status_field: str = "status",
    ) -> None:
        self.model = model
        self.moves = tuple(moves)
        self.entity = entity
        self.labels = dict(labels or {})
        self.status_field = status_field
        self._index = {(m.source, m.action): m for m in self.moves}

    def actions(self) -> set[str]:
        return {m.action for m in self.moves}

    def move_for(self, source: str, action: str) -> Move[M] | None:
        return self._index.get((source, action))

    def audit_action(self, action: str) -> str:
        """The audit log's name of ``action`` (``item_submit``, ``annual_report_approve``…)."""
        return f"{self.entity}_{action}"

    def label(self, action: str) -> str:
        """The button label of ``action`` in the active language."""
        return str(self.labels.get(action, action))

    def permits(self, action: str, user: Actor, obj: M) -> bool:
        """Whether any move named ``action`` lets ``user`` make it on ``obj`` (whatever its state now)."""
        return any(
            m.action == action and (user is None if m.allowed is None else m.allowed(user, obj))
            for m in self.moves
        )

    def available(self, obj: M, user: Actor) -> list[Move[M]]:
        """The moves ``user`` could make on ``obj`` now: from its state, allowed to them, every guard passing.
        Checks of input are not run here (the input is not given yet)."""
        status = getattr(obj, self.status_field)
        return [
            m
            for m in self.moves
            if m.source == status
            and m.allowed is not None
            and m.allowed(user, obj)
            and _passes(m.guards, obj, user)
        ]

    def blocked(self, obj: M, user: Actor) -> list[str]:
        """Why the moves from ``obj``'s state that ``user``'s roles allow are not offered now: the reasons of
        their refusing guards, each once (for telling the user why a button is missing)."""
        status = getattr(obj, self.status_field)
        out: dict[str, None] = {}
        for m in self.moves:
            if m.source != status or m.allowed is None or not m.allowed(user, obj):
                continue
            try:
                for guard in m.guards:
                    guard(obj, user)
            except GongkaiError as exc:
                out[message(exc)] = None
        return list(out)

    def authorize(self, obj: M, *, action: str, acting_user: Actor) -> Move[M]:
        """The move ``action`` from ``obj``'s state if ``acting_user`` may make it and every guard passes;
        else NotPermitted (their roles never allow it) or Refused (not from this state, or a guard)."""
        if not self.permits(action, acting_user, obj):
            raise NotPermitted(_("You may not do this."))
        source = getattr(obj, self.status_field)
        move = self.move_for(source, action)
        if move is None:
            raise Refused(
                _("This cannot be done now: the status is “%(status)s”."),
                {"status": _status_label(obj, self)},
            )
        if move.allowed is None:
            if acting_user is not None:
                raise NotPermitted(_("Only the system makes this move."))
        elif not move.allowed(acting_user, obj):
            raise NotPermitted(_("You may not do this."))
        for guard in move.guards:
            guard(obj, acting_user)
        return move

    def apply(
        self,
        obj: M,
        *,
        action: str,
        acting_user: Actor,
        updates: dict[str, Any] | None = None,
        note: str = "",
    ) -> M:
        """Make the move ``action`` on ``obj`` or raise Refused/NotPermitted (nothing saved then).

        ``updates`` are other fields changed by the move (recorded in the same audit row); the move's checks
        see them. ``obj`` gets the new values too.
        """
        with transaction.atomic():
            locked = self.model._default_manager.select_for_update().get(pk=obj.pk)
            source = getattr(locked, self.status_field)
            move = self.authorize(locked, action=action, acting_user=acting_user)
            changes: dict[str, Any] = {self.status_field: [source, move.target]}
            for name, value in (updates or {}).items():
                if getattr(locked, name) != value:
                    changes[name] = [getattr(locked, name), value]
                setattr(locked, name, value)
            for check in move.checks:
                check(locked, acting_user)
            setattr(locked, self.status_field, move.target)
            locked.save()
            if note:
                changes["note"] = note
            audit_record(
                acting_user=acting_user, action=self.audit_action(action), obj=locked, changes=changes
            )
        for name in [self.status_field, *(updates or {})]:
            setattr(obj, name, getattr(locked, name))
        return locked


def _passes(guards: Iterable[Guard[M]], obj: M, user: Actor) -> bool:
    try:
        for guard in guards:
            guard(obj, user)
    except GongkaiError:
        return False
    return True


def _status_label(obj: models.Model, machine: Machine[Any]) -> str:
    display = getattr(obj, f"get_{machine.status_field}_display", None)
    return str(display()) if callable(display) else str(getattr(obj, machine.status_field))


# --- separation of duties ---------------------------------------------------------------------------------


def contributor_ids(objs: Iterable[models.Model], *, authoring: Iterable[str]) -> set[int]:
    """The accounts that created, edited or submitted any of ``objs``: their ``author`` and every actor of an
    ``authoring`` audit row about them."""
    objs = list(objs)
    if not objs:
        return set()
    label = objs[0]._meta.label_lower
    ids = {a for a in (getattr(o, "author_id", None) for o in objs) if a is not None}
    ids |= set(
        AuditEntry.objects.filter(
            object_type=label,
            object_id__in=[str(o.pk) for o in objs],
            action__in=list(authoring),
            actor__isnull=False,
        ).values_list("actor_id", flat=True)
    )
    return ids


def not_a_contributor(
    *,
    authoring: Iterable[str],
    message: str | Promise,
    versions: Callable[[Any], Iterable[models.Model]] | None = None,
) -> Guard[Any]:
    """The guard of an approving move: refuses (with ``message``) anyone who created, edited or submitted the
    object, or any of its ``versions`` (default: the object alone), whatever roles they hold. ``authoring``
    are the audit actions that count as writing it."""
    actions = frozenset(authoring)

    def guard(obj: Any, user: Actor) -> None:
        if user is None or not user.is_authenticated:
            return
        objs = list(versions(obj)) if versions is not None else [obj]
        if user.pk in contributor_ids(objs, authoring=actions):
            raise Refused(message)

    return guard
