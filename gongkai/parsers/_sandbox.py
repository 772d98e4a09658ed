"""Run a reader's native-library work in a child process with memory, CPU and wall-clock limits.

PDFium and the OCR engine are C++ libraries: on a hostile file they may allocate until the process is
killed, abort on a failed allocation, or spin inside one call where no Python check can interrupt them.
In a forked child none of that reaches the caller: the child gets an address-space limit (what the
parent already maps plus ``memory`` bytes), a CPU limit and its standard output and error sent to
/dev/null (so no library message reaches the terminal); the parent waits at most ``seconds`` and turns
a child that died, overran or could not be started into one :class:`ParseError`.

Where ``os.fork`` does not exist (Windows) the work runs in-process with only its own checks.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import pickle
import select
import signal
import struct
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from gongkai.errors import ParseError

T = TypeVar("T")

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _mapped_bytes() -> int:
    """The address space this process maps now (``/proc/self/statm``; 0 where unknown)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _limit(memory: int, seconds: float) -> None:
    import resource

    mapped = _mapped_bytes()
    if mapped:
        wanted = mapped + memory
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        if soft == resource.RLIM_INFINITY or wanted < soft:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    cpu = int(seconds) + 1
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if soft == resource.RLIM_INFINITY or cpu < soft:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))


#: True in a child process of :func:`run_limited`: work nested in it is forked from the child itself (it is
#: small and already limited) rather than from a fork server of its own.
_NESTED = False


def _child(fn: Callable[[], T], write_fd: int, memory: int, seconds: float) -> None:
    global _NESTED
    _NESTED = True
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        _limit(memory, seconds)
        try:
            payload = pickle.dumps(("ok", fn()), protocol=pickle.HIGHEST_PROTOCOL)
        except ParseError as exc:
            payload = pickle.dumps(("error", exc.message_zh, exc.message_en))
        except MemoryError:
            payload = pickle.dumps(("memory",))
        except Exception as exc:  # a library's own exception on a broken file: the file is damaged
            payload = pickle.dumps(("damaged", type(exc).__name__))
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view) :]
    finally:
        os._exit(0)


def _fork_and_wait(
    fn: Callable[[], Any], *, memory: int, seconds: float, waited: float
) -> tuple[bytes, int, bool] | None:
    """``fn()`` in a forked child under the limits: what it wrote, its exit status and whether it was
    killed for overrunning ``waited`` seconds; ``None`` when no child could be started."""
    read_fd, write_fd = os.pipe()
    # The child must not copy the parent's heap page by page: no collection may walk old objects there.
    gc.freeze()
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # pragma: no cover - the child ends in os._exit
        gc.disable()
        os.close(read_fd)
        _child(fn, write_fd, memory, seconds)
    gc.unfreeze()
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + waited
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    return b"".join(chunks), status, timed_out


def run_limited(
    fn: Callable[[], T],
    *,
    memory: int,
    seconds: float,
    what: tuple[str, str],
    wall: float | None = None,
    server: bool = False,
) -> T:
    """``fn()`` in a child process under the limits; its result, or its :class:`ParseError` re-raised.

    ``seconds`` is the child's CPU limit and, unless ``wall`` is given, also how long the caller waits
    (work that is CPU-bound on a busy machine takes longer than its CPU time: give it a ``wall``).
    ``what`` names the work for messages (``("PDF", "the PDF")``). A child that exceeds ``memory`` or
    its time, dies or returns nothing is a :class:`ParseError` saying so. ``fn`` must return something
    picklable and raise only :class:`ParseError` on purpose.

    ``server=True``: the child is forked from this process's fork server (:class:`_Server`), a small
    process that has imported only the readers, instead of from this process, whose every page the fork
    copies the page tables of (a quarter of reading a PDF, from a process the size of the web site's).
    ``fn`` is then pickled to it, so it must be picklable by reference (a module-level function, a
    ``functools.partial`` of one); when it is not, or no server can be started, the child is forked from
    here as without ``server``.
    """
    if not hasattr(os, "fork"):
        return fn()
    zh, en = what
    waited = seconds if wall is None else wall
    server = server and not _NESTED
    outcome = _served(fn, memory=memory, seconds=seconds, waited=waited, what=what) if server else None
    if outcome is None:
        outcome = _fork_and_wait(fn, memory=memory, seconds=seconds, waited=waited)
    if outcome is None:
        raise ParseError(f"无法读取{zh}：系统资源不足", f"cannot read {en}: out of system resources")
    payload, status, timed_out = outcome
    value: T = _outcome(payload, status, timed_out, memory=memory, waited=waited, what=what)
    return value


# --- the fork server ---------------------------------------------------------------------------------

#: Modules the fork server imports before it forks anything (what the PDF reader's child needs).
SERVER_PRELOAD = ("pypdfium2", "pypdfium2.raw", "gongkai.parsers.pdf")
#: Modules the server also imports when they are installed (the other readers, for gongkai.sandbox; +0.05 s
#: at start). Not openpyxl (+0.8 s for every ``gongkai parse``): a register import's child imports it.
SERVER_PRELOAD_OPTIONAL = (
    "lxml.etree",
    "gongkai.parsers.html",
    "gongkai.parsers.docx",
    "gongkai.parsers.text",
    "gongkai.sandbox",
)
#: Seconds a fork server may take to start (interpreter and the preloaded modules).
SERVER_START_SECONDS = 30.0
# How the server is started: the parent's import path comes first on its standard input.
_BOOT = (
    "import pickle, sys; sys.path[:] = pickle.load(sys.stdin.buffer); "
    "from gongkai.parsers._sandbox import serve; serve()"
)
_HEADER = struct.Struct("<Q")


def _send(fd: int, data: bytes) -> None:
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int, deadline: float | None = None) -> bytes | None:
    """One frame from ``fd``; ``None`` at end of file or (with ``deadline``) when the time is up."""
    want = _HEADER.size
    chunks: list[bytes] = []
    header = True
    while True:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                return None
        chunk = os.read(fd, min(want, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        want -= len(chunk)
        if want == 0:
            data = b"".join(chunks)
            if not header:
                return data
            header = False
            want = _HEADER.unpack(data)[0]
            chunks = []
            if want == 0:
                return b""


class _Helper:
    """A long-lived helper interpreter started with ``boot`` (``python -I -c boot *args``), talked to over
    pipes: this process's ``sys.path`` is sent first, then the helper answers ``ready``. Only the process
    that started it stops it (a forked copy leaves it alone)."""

    def __init__(self, boot: str, *args: str, what: str) -> None:
        import subprocess
        import sys

        self.owner = os.getpid()
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-c", boot, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.to_helper = self.process.stdin.fileno()
        self.from_helper = self.process.stdout.fileno()
        self.process.stdin.write(pickle.dumps(list(sys.path)))
        self.process.stdin.flush()
        if _receive(self.from_helper, time.monotonic() + SERVER_START_SECONDS) != b"ready":
            self.stop()
            raise OSError(f"{what} did not start")

    def alive(self) -> bool:
        return self.owner == os.getpid() and self.process.poll() is None

    def stop(self, *, wait: bool = False) -> None:
        if self.owner != os.getpid():
            return  # a forked copy of the process that started it: not ours to stop
        if wait:
            with contextlib.suppress(Exception):  # it does not end: killed below
                self.process.wait(timeout=SERVER_START_SECONDS)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


class _Server(_Helper):
    """A fork server: a fresh interpreter that has imported :data:`SERVER_PRELOAD` and, for each job it
    is sent, forks a child under the job's limits (:func:`_fork_and_wait`), as :func:`run_limited` does,
    and sends back what the child wrote and how it ended. It reads jobs until its input closes (this
    process ended), so it never outlives its parent by more than the job it is running."""

    def __init__(self) -> None:
        super().__init__(_BOOT, what="the fork server")

    def run(
        self, job: bytes, *, memory: int, seconds: float, waited: float
    ) -> tuple[bytes, int, bool] | None:
        """The job's outcome, or ``None`` when the server failed (it is then stopped)."""
        try:
            _send(
                self.to_helper, pickle.dumps((job, memory, seconds, waited), protocol=pickle.HIGHEST_PROTOCOL)
            )
            # The server kills a child that overruns; it answers soon after ``waited`` unless it is stuck.
            answer = _receive(self.from_helper, time.monotonic() + waited + SERVER_START_SECONDS)
        except OSError:
            answer = None
        outcome: tuple[bytes, int, bool] | None = pickle.loads(answer) if answer is not None else None
        if outcome is None:  # the server is stuck, gone, or could not fork: a new one next time
            self.stop()
        return outcome

    def cpu_seconds(self) -> float:
        """CPU seconds the server and the children it has waited for used (``/proc``; 0 where unknown)."""
        try:
            with open(f"/proc/{self.process.pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return 0.0
        ticks = sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
        return ticks / os.sysconf("SC_CLK_TCK")


_SERVER: _Server | None = None
_SERVER_LOCK = threading.Lock()


def _served(
    fn: Callable[[], Any], *, memory: int, seconds: float, waited: float, what: tuple[str, str]
) -> tuple[bytes, int, bool] | None:
    """``fn``'s outcome from the fork server; ``None`` when ``fn`` cannot be pickled or no server runs."""
    global _SERVER
    try:
        job = pickle.dumps(fn, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError):
        return None
    with _SERVER_LOCK:
        if _SERVER is None or not _SERVER.alive():
            try:
                _SERVER = _Server()
            except (OSError, ValueError):
                _SERVER = None
                return None
        outcome = _SERVER.run(job, memory=memory, seconds=seconds, waited=waited)
        if outcome is None:
            _SERVER = None
        return outcome


@atexit.register
def _stop_server() -> None:
    """At exit the server is told to end (its input closes) and waited for briefly, then killed."""
    server = _SERVER
    if server is None or server.owner != os.getpid():
        return
    try:
        if server.process.stdin is not None:
            server.process.stdin.close()
        server.process.wait(timeout=2)
    except Exception:  # at exit nothing may raise: it is killed instead
        server.stop()
    else:
        server.stop()


def server_cpu_seconds() -> float:
    """CPU seconds used so far by this process's fork server and its finished children (for benchmarks,
    which count a reader's children's CPU time: the server's children are not this process's)."""
    server = _SERVER
    return server.cpu_seconds() if server is not None and server.alive() else 0.0


def serve() -> None:  # pragma: no cover - runs in the fork server's own interpreter
    """The fork server's loop (see :class:`_Server`): jobs in on standard input, outcomes out on standard
    output, both moved off descriptors 0 and 1 first so that no library output can mix into them."""
    import importlib

    jobs = os.dup(0)
    answers = os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    for name in SERVER_PRELOAD:
        importlib.import_module(name)
    for name in SERVER_PRELOAD_OPTIONAL:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    gc.collect()
    gc.freeze()
    _send(answers, b"ready")
    while True:
        frame = _receive(jobs)
        if frame is None:
            return
        job, memory, seconds, waited = pickle.loads(frame)

        def work(job: bytes = job) -> Any:
            # Only the server talks to its parent: a child holding these open would hide the server's end.
            os.close(jobs)
            os.close(answers)
            return pickle.loads(job)()

        outcome = _fork_and_wait(work, memory=memory, seconds=seconds, waited=waited)
        _send(answers, pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))


def _outcome(
    payload: bytes, status: int, timed_out: bool, *, memory: int, waited: float, what: tuple[str, str]
) -> Any:
    """The child's result from what it wrote and how it ended, or the :class:`ParseError` that says why not."""
    zh, en = what
    if timed_out or (os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL)):
        raise ParseError(
            f"无法读取{zh}：读取超时（上限 {waited:.0f} 秒）",
            f"cannot read {en}: reading took longer than {waited:.0f} s",
        )
    result: Any
    try:
        result = pickle.loads(payload) if payload else ("died",)
    except (pickle.UnpicklingError, EOFError, ValueError):
        result = ("died",)
    if result[0] == "ok":
        return result[1]
    if result[0] == "error":
        raise ParseError(result[1], result[2])
    if result[0] == "memory" or os.WIFSIGNALED(status):
        raise ParseError(
            f"无法读取{zh}：文件过大或已损坏，读取所需内存超过上限（{memory // 2**20} MB）",
            f"cannot read {en}: the file is too large or damaged; reading it needs more than "
            f"{memory // 2**20} MB of memory",
        )
    detail = f"（{result[1]}）" if result[0] == "damaged" else ""
    raise ParseError(f"无法读取{zh}：文件已损坏{detail}", f"cannot read {en}: the file is damaged{detail}")


__all__ = ["SERVER_PRELOAD", "run_limited", "serve", "server_cpu_seconds"]
