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

import gc
import os
import pickle
import select
import signal
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


def _child(fn: Callable[[], T], write_fd: int, memory: int, seconds: float) -> None:
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


def run_limited(
    fn: Callable[[], T], *, memory: int, seconds: float, what: tuple[str, str], wall: float | None = None
) -> T:
    """``fn()`` in a child process under the limits; its result, or its :class:`ParseError` re-raised.

    ``seconds`` is the child's CPU limit and, unless ``wall`` is given, also how long the caller waits
    (work that is CPU-bound on a busy machine takes longer than its CPU time: give it a ``wall``).
    ``what`` names the work for messages (``("PDF", "the PDF")``). A child that exceeds ``memory`` or
    its time, dies or returns nothing is a :class:`ParseError` saying so. ``fn`` must return something
    picklable and raise only :class:`ParseError` on purpose.
    """
    if not hasattr(os, "fork"):
        return fn()
    zh, en = what
    read_fd, write_fd = os.pipe()
    # The child must not copy the parent's heap page by page: no collection may walk old objects there.
    gc.freeze()
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()
        os.close(read_fd)
        os.close(write_fd)
        raise ParseError(
            f"无法读取{zh}：系统资源不足", f"cannot read {en}: out of system resources"
        ) from None
    if pid == 0:  # pragma: no cover - the child ends in os._exit
        gc.disable()
        os.close(read_fd)
        _child(fn, write_fd, memory, seconds)
    gc.unfreeze()
    os.close(write_fd)
    chunks: list[bytes] = []
    waited = seconds if wall is None else wall
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
    if timed_out or (os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL)):
        raise ParseError(
            f"无法读取{zh}：读取超时（上限 {waited:.0f} 秒）",
            f"cannot read {en}: reading took longer than {waited:.0f} s",
        )
    result: Any
    try:
        result = pickle.loads(b"".join(chunks)) if chunks else ("died",)
    except (pickle.UnpicklingError, EOFError, ValueError):
        result = ("died",)
    if result[0] == "ok":
        value: T = result[1]
        return value
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


__all__ = ["run_limited"]
