"""A warm, limited worker process for the PDF reader's text-layer pass.

:func:`gongkai.parsers._sandbox.run_limited` forks a fresh child for every file (from its fork server), which
costs about a quarter of reading a report: the fork, the copy-on-write faults of a new process touching its
interpreter, a heap that starts empty, and the exit. Here one worker process reads file after file under the
same limits, so that cost is paid once per worker instead of once per file:

* it is a fresh interpreter (started like the fork server, ``python -I``) that has imported only the PDF
  reader, with its standard output and error on /dev/null (no library message reaches the terminal);
* its address space is limited to what it maps once the reader is imported plus ``memory`` bytes, and
  before each job its CPU limit is set to the CPU time it has used plus the job's ``seconds``, so a file
  that makes PDFium allocate without end or spin inside one call kills the worker, not the caller; the
  caller also waits at most ``seconds`` of wall time for the answer and kills the worker past that;
* after any job that did not end well (a refusal, a crash, an exception), after :data:`JOBS_PER_WORKER`
  jobs, or once its address space has grown by :data:`MAX_GROWTH`, the worker ends and the next job gets a
  new one — what one file did to the library's state never reaches a file read after a failure, and the
  memory budget of a later file is not eaten by an earlier one's fragments.

A job whose function cannot be pickled by reference, or a worker that cannot be started, falls back to
:func:`run_limited` (a child forked from this process). How a job's end is told to the caller (its result,
its :class:`~gongkai.errors.ParseError`, a timeout, a memory or damaged-file error) is
:func:`run_limited`'s own (:func:`gongkai.parsers._sandbox._outcome`), so the messages are the same.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import math
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from gongkai.errors import ParseError
from gongkai.parsers import _sandbox

T = TypeVar("T")

#: Jobs a worker runs before it is replaced.
JOBS_PER_WORKER = 200
#: Growth of a worker's address space (bytes) after which it is replaced.
MAX_GROWTH = 256 * 2**20
#: Modules a worker imports before it reads anything.
PRELOAD = ("pypdfium2", "pypdfium2.raw", "gongkai.parsers.pdf")
_BOOT = (
    "import pickle, sys; sys.path[:] = pickle.load(sys.stdin.buffer); "
    "from gongkai.parsers.pdf_worker import serve; serve()"
)
# The first byte of an answer: whether the worker ends after it.
_GOING_ON, _RETIRING = b"0", b"1"


def _status_of(returncode: int | None) -> int:
    """A ``subprocess`` return code as the ``waitpid`` status :func:`_sandbox._outcome` reads."""
    if returncode is None:
        return 0
    return -returncode if returncode < 0 else returncode << 8


class _Worker(_sandbox._Helper):
    """One worker process (see the module's docstring) and the pipes to it."""

    def __init__(self, memory: int) -> None:
        self.memory = memory
        super().__init__(_BOOT, str(memory), what="the PDF worker")

    def run(self, job: bytes, *, seconds: float, waited: float) -> tuple[tuple[bytes, int, bool], bool]:
        """The job's outcome as :func:`_sandbox._outcome` reads it, and whether the worker is still usable."""
        try:
            _sandbox._send(self.to_helper, pickle.dumps((job, seconds), protocol=pickle.HIGHEST_PROTOCOL))
            deadline = time.monotonic() + waited
            answer = _sandbox._receive(self.from_helper, deadline)
        except OSError:
            answer, deadline = None, 0.0
        if answer is not None and answer[:1] == _GOING_ON:
            return (answer[1:], 0, False), True
        if answer is not None:  # the worker ends after this answer
            self.stop(wait=True)
            return (answer[1:], 0, False), False
        # No answer: the worker overran its time (killed now), or it died (its status says how).
        timed_out = time.monotonic() >= deadline
        if not timed_out:
            with contextlib.suppress(Exception):
                self.process.wait(timeout=_sandbox.SERVER_START_SECONDS)
        self.stop()
        return (b"", _status_of(self.process.returncode), timed_out), False

    def cpu_seconds(self) -> float:
        """CPU seconds the worker has used (``/proc``, in nanoseconds where the kernel keeps schedstat;
        0 where unknown)."""
        try:
            with open(f"/proc/{self.process.pid}/schedstat", encoding="ascii") as schedstat:
                return int(schedstat.read().split()[0]) / 1e9
        except (OSError, IndexError, ValueError):
            pass
        try:
            with open(f"/proc/{self.process.pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return 0.0
        return sum(int(v) for v in fields[11:13]) / os.sysconf("SC_CLK_TCK")


_WORKER: _Worker | None = None
_LOCK = threading.Lock()


def run_warm(fn: Callable[[], T], *, memory: int, seconds: float, what: tuple[str, str]) -> T:
    """``fn()`` in the warm worker under the limits (as :func:`_sandbox.run_limited`): its result, or the
    :class:`ParseError` that says why not. ``fn`` must be picklable by reference (a module-level function
    or a ``functools.partial`` of one); otherwise, and where no worker can be started, it runs under
    :func:`_sandbox.run_limited`."""
    global _WORKER
    if not hasattr(os, "fork"):
        return _sandbox.run_limited(fn, memory=memory, seconds=seconds, what=what)
    try:
        job = pickle.dumps(fn, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError):
        return _sandbox.run_limited(fn, memory=memory, seconds=seconds, what=what, server=True)
    with _LOCK:
        if _WORKER is not None and (not _WORKER.alive() or _WORKER.memory != memory):
            _WORKER.stop()
            _WORKER = None
        if _WORKER is None:
            try:
                _WORKER = _Worker(memory)
            except (OSError, ValueError):
                _WORKER = None
        worker = _WORKER
        if worker is None:
            return _sandbox.run_limited(fn, memory=memory, seconds=seconds, what=what, server=True)
        (payload, status, timed_out), usable = worker.run(job, seconds=seconds, waited=seconds)
        if not usable:
            _WORKER = None
    value: T = _sandbox._outcome(payload, status, timed_out, memory=memory, waited=seconds, what=what)
    return value


def worker_cpu_seconds() -> float:
    """CPU seconds used so far by the live warm worker (for benchmarks: a worker that has ended is waited
    for, so its time is already among this process's children's)."""
    worker = _WORKER
    return worker.cpu_seconds() if worker is not None and worker.alive() else 0.0


@atexit.register
def stop_worker() -> None:
    """The worker is told to end (its input closes) and waited for briefly, then killed; at exit, and by
    processes that exit without ``atexit`` (a pool's workers)."""
    global _WORKER
    worker, _WORKER = _WORKER, None
    if worker is None or worker.owner != os.getpid():
        return
    try:
        if worker.process.stdin is not None:
            worker.process.stdin.close()
        worker.process.wait(timeout=2)
    except Exception:  # at exit nothing may raise: it is killed instead
        pass
    worker.stop()


def _set_cpu_limit(seconds: float) -> None:
    """The CPU limit: what this process has used so far plus ``seconds`` (at least one second)."""
    import resource

    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = math.ceil(used.ru_utime + used.ru_stime) + max(1, int(seconds) + 1)
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        cpu = min(cpu, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))


def _answer(fn: Callable[[], Any]) -> tuple[bytes, bool]:
    """What :func:`_sandbox._child` would write for ``fn()``, and whether it went well."""
    try:
        return pickle.dumps(("ok", fn()), protocol=pickle.HIGHEST_PROTOCOL), True
    except ParseError as exc:
        return pickle.dumps(("error", exc.message_zh, exc.message_en)), False
    except MemoryError:
        return pickle.dumps(("memory",)), False
    except Exception as exc:  # a library's own exception on a broken file: the file is damaged
        return pickle.dumps(("damaged", type(exc).__name__)), False


def _run_job(job: bytes) -> Any:
    return pickle.loads(job)()


def serve() -> None:  # pragma: no cover - runs in the worker's own interpreter
    """The worker's loop: its limits set once the reader is imported, then jobs in on standard input and
    answers out on standard output (both moved off descriptors 0 and 1 first, so that no library output can
    mix into them), until its input closes or it retires."""
    import importlib
    import resource

    jobs = os.dup(0)
    answers = os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the terminal is the caller's to handle
    import sys

    memory = int(sys.argv[1])
    for name in PRELOAD:
        importlib.import_module(name)
    start = _sandbox._mapped_bytes()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _sandbox._limit(memory, 1.0)  # the CPU limit is set again before each job
    _sandbox._send(answers, b"ready")
    done = 0
    while True:
        frame = _sandbox._receive(jobs)
        if frame is None:
            return
        job, seconds = pickle.loads(frame)
        _set_cpu_limit(seconds)
        payload, well = _answer(functools.partial(_run_job, job))
        done += 1
        mapped = _sandbox._mapped_bytes()
        retire = not well or done >= JOBS_PER_WORKER or (start and mapped - start > MAX_GROWTH)
        _sandbox._send(answers, (_RETIRING if retire else _GOING_ON) + payload)
        if retire:
            return


__all__ = [
    "JOBS_PER_WORKER",
    "MAX_GROWTH",
    "PRELOAD",
    "run_warm",
    "serve",
    "stop_worker",
    "worker_cpu_seconds",
]
