"""Permission predicates declared once and composed with ``|``, ``&`` and ``~`` (MuckRock style).

A predicate takes ``(user, obj)`` and answers a bool; ``obj`` may be None for "may the user do this at all".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Check = Callable[[Any, Any], bool]


class Predicate:
    """A named, composable test ``(user, obj) -> bool``."""

    def __init__(self, check: Check, name: str) -> None:
        self.check = check
        self.name = name

    def __call__(self, user: Any, obj: Any = None) -> bool:
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
def is_authenticated(user: Any, obj: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


@predicate
def is_superuser(user: Any, obj: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


def has_role(*roles: str) -> Predicate:
    """The user holds one of ``roles`` in the agency of ``obj`` (``obj`` is an Agency or has ``.agency``)."""
    from gongkai_web.agencies.selectors import user_roles_in

    def check(user: Any, obj: Any) -> bool:
        if obj is None or user is None or not user.is_authenticated:
            return False
        agency = obj if obj.__class__.__name__ == "Agency" else obj.agency
        return bool(user_roles_in(user=user, agency=agency) & set(roles))

    return Predicate(check, "has_role(" + ",".join(roles) + ")")


def is_field_user(field: str) -> Predicate:
    """``obj.<field>`` is the user (e.g. ``is_field_user("author")``)."""

    def check(user: Any, obj: Any) -> bool:
        return obj is not None and user is not None and getattr(obj, f"{field}_id", None) == user.pk

    return Predicate(check, f"is_{field}")
