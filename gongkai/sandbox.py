"""Untrusted work out of the calling process: ``run_limited(func, *args, limits=...)``.

The general face of the readers' sandbox (:mod:`gongkai.parsers._sandbox`, a fork server): ``func(*args)``
runs in a child process with an address-space limit (``RLIMIT_AS``), a CPU limit and a wall-clock wait; its
result comes back pickled, its :class:`ParseError` is re-raised, and a child that runs out of memory or
time, dies or cannot be started is one :class:`ParseError` saying so. The web site parses every untrusted
file through :func:`read_untrusted` or :func:`run_limited` (report uploads, history imports, register
imports, attachments inspected), so no upload can hold or exhaust a web worker.

``func`` should be a module-level function (it is then pickled by reference to the fork server, which has
the readers imported already); anything else is run in a child forked from this process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from gongkai.parsers import budgets
from gongkai.parsers._sandbox import run_limited as _run_limited
from gongkai.parsers.result import ParseResult

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """A child's budget: address space it may add (bytes), CPU seconds, and seconds the caller waits."""

    memory: int = budgets.MAX_MEMORY
    seconds: float = budgets.MAX_SECONDS
    wall: float | None = None
    what: tuple[str, str] = ("文件", "the file")


#: What the site allows one untrusted file: the readers' own budgets, with room for a PDF's 60 s.
UNTRUSTED = Limits(memory=budgets.MAX_MEMORY + 256 * 2**20, seconds=90.0, wall=120.0)


def run_limited(func: Callable[..., T], *args: Any, limits: Limits = UNTRUSTED, **kwargs: Any) -> T:
    """``func(*args, **kwargs)`` in a child process under ``limits``; its result or a :class:`ParseError`."""
    return _run_limited(
        partial(func, *args, **kwargs),
        memory=limits.memory,
        seconds=limits.seconds,
        wall=limits.wall,
        what=limits.what,
        server=True,
    )


def _read(data: bytes, source: str, fmt: str | None) -> ParseResult:
    from gongkai.parsers import read

    return read(data, source=source, format=fmt)


def read_untrusted(
    data: bytes, *, source: str = "", format: str | None = None, limits: Limits = UNTRUSTED
) -> ParseResult:
    """:func:`gongkai.parsers.read` of ``data`` in a limited child (see :func:`run_limited`)."""
    return run_limited(_read, data, source, format, limits=limits)


__all__ = ["UNTRUSTED", "Limits", "read_untrusted", "run_limited"]
