"""Explicit hooks: how a service in a lower app lets a higher app act in the same transaction.

A :class:`Hook` is declared by the lower app next to the service that calls it; the higher app connects a
listener when it starts (its ``AppConfig.ready``). The service calls :meth:`Hook.send` itself, at the point of
its write, so nothing happens implicitly (these are not model signals, which fire on any ``save`` and miss
``update`` and bulk writes); and the import still points down.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from gongkai_web.common.permissions import Actor

T = TypeVar("T")


class Hook(Generic[T]):
    """A named point where listeners hear of a ``T`` (and who acted), in the caller's transaction."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._listeners: list[Callable[[T, Actor], object]] = []

    def connect(self, listener: Callable[[T, Actor], object]) -> None:
        """Add ``listener`` (once)."""
        if listener not in self._listeners:
            self._listeners.append(listener)

    @property
    def listeners(self) -> tuple[Callable[[T, Actor], object], ...]:
        return tuple(self._listeners)

    def send(self, value: T, acting_user: Actor = None) -> None:
        """Call every listener with ``value``, in the order they connected."""
        for listener in self._listeners:
            listener(value, acting_user)

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._listeners)} listener(s)>"
