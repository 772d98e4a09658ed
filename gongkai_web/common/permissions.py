"""Permission predicates declared once and composed with ``|``, ``&`` and ``~`` (MuckRock style).

A predicate takes ``(user, obj)`` and answers a bool; ``obj`` may be None for "may the user do this at all".
``user`` is None when the system acts alone (the scheduler, a management command). The predicates about an
agency's roles live with the agencies (:mod:`gongkai_web.agencies.permissions`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from django.contrib.auth.models import AnonymousUser, User

#: Who acts: a signed-in user, an anonymous visitor, or None for the system itself.
Actor: TypeAlias = User | AnonymousUser | None

Check = Callable[[Actor, Any], bool]


class Predicate:
    """A named, composable test ``(user, obj) -> bool``."""

    def __init__(self, check: Check, name: str) -> None:
        self.check = check
        self.name = name

    def __call__(self, user: Actor, obj: Any = None) -> bool:
        return bool(self.check(user, obj))

    def __or__(self, other: Predicate) -> Predicate:
        return Predicate(lambda u, o: self(u, o) or other(u, o), f"({self.name} | {other.name})")

    def __and__(self, other: Predicate) -> Predicate:
        return Predicate(lambda u, o: self(u, o) and other(u, o), f"({self.name} & {other.name})")

    def __invert__(self) -> Predicate:
        return Predicate(lambda u, o: not self(u, o), f"~{self.name}")

    def __repr__(self) -> str:
        return f"<Predicate {self.name}>"


def predicate(func: Check) -> Predicate:
    """Decorator: turn a function ``(user, obj) -> bool`` into a composable :class:`Predicate`."""
    return Predicate(func, func.__name__)


@predicate
def is_superuser(user: Actor, obj: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


@predicate
def is_system(user: Actor, obj: Any) -> bool:
    """The system acting alone (``acting_user=None``: the scheduler, a management command)."""
    return user is None


def signed_in(user: Actor) -> User | None:
    """``user`` if it is a signed-in account (what a row's ``author``/``actor`` field may hold), else None."""
    return user if isinstance(user, User) and user.is_authenticated else None
