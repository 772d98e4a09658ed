"""Reading many reports: one input at a time, in a pool of processes, or on a Dask cluster; resumable.

:func:`load` reads one file (or URL) and runs the single-report checks; it never raises. :func:`run` reads a
batch and yields the results in input order, with ``jobs`` processes (default: every core) or on the Dask
``scheduler`` at an address, and a :class:`Journal` that remembers every input already read by the SHA-256 of
its content, so a batch interrupted and started again reads only what it had not read. Nothing here prints:
callers get each result through ``on_result`` (the CLI draws its progress bar from it).
"""

from __future__ import annotations

import functools
import glob
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import ValidationError

from gongkai.checks import check_report
from gongkai.errors import GongkaiError
from gongkai.findings import Finding
from gongkai.model import Report
from gongkai.parsers import MAX_INPUT_BYTES, read
from gongkai.parsers.result import ParseResult

#: File names a directory is searched for.
SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf", ".json")
#: Fewer inputs than this per process are read in this process: a pool would cost more than it saves.
MIN_PER_PROCESS = 4
#: Inputs sent to a process (or a Dask task) at a time (few, so a slow PDF does not hold back a whole chunk).
CHUNK = 4
#: Seconds to wait for a Dask scheduler to answer.
SCHEDULER_TIMEOUT = 30.0

Status = Literal["read", "warnings", "errors", "unreadable", "skipped"]
_T = TypeVar("_T")


@dataclass(frozen=True)
class Source:
    """One input: a file (``walked`` when a directory search found it rather than the user naming it) or a URL."""

    path: Path | None = None
    url: str = ""
    walked: bool = False

    @property
    def name(self) -> str:
        """How the input is named to readers: the URL, or the path as given."""
        return self.url or str(self.path)


@dataclass
class Loaded:
    """One input read: the parse result and its findings, or why it could not be read.

    ``skipped`` marks a JSON file found by a directory search that is not a report (another tool's data, such
    as a test corpus's ``.expected.json``): neither read nor an error. ``digest`` is the SHA-256 of the
    content (empty for URLs).
    """

    path: Path
    result: ParseResult | None = None
    error: GongkaiError | None = None
    findings: list[Finding] = field(default_factory=list)
    url: str = ""
    digest: str = ""
    skipped: bool = False
    #: The entry's journal JSON (:meth:`to_json_text`), made where the input was read so that the process
    #: writing the journal only writes it; "" until then.
    encoded: str = field(default="", repr=False, compare=False)
    #: The entry's dataset rows (:func:`gongkai.dataset.make_rows`: its cells and its findings in two Arrow
    #: streams shared with the other entries read with it), made where the input was read when the batch
    #: writes a dataset (``run(..., rows=True)``), so that the process writing Parquet only concatenates
    #: them; None until then.
    rows: Any = field(default=None, repr=False, compare=False)
    #: Set on a *light* entry: one whose result and findings were dropped where it was read, once its journal
    #: line and dataset rows were made (``run(..., light_after=N)``), so that they do not travel to the
    #: process writing the dataset, which needs neither; its status is kept here.
    brief: Status | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        """True when the input was read."""
        return self.result is not None or self.brief in ("read", "warnings", "errors")

    @property
    def name(self) -> str:
        """The input as named to readers (its URL, or its path)."""
        return self.url or str(self.path)

    @property
    def status(self) -> Status:
        """``read`` (no findings), ``warnings``, ``errors``, ``unreadable`` or ``skipped``."""
        if self.brief is not None:
            return self.brief
        if self.skipped:
            return "skipped"
        if self.result is None:
            return "unreadable"
        if any(f.is_error for f in self.findings):
            return "errors"
        return "warnings" if self.findings else "read"

    def to_json(self) -> dict[str, Any]:
        """The result as JSON data (for the journal): :meth:`to_json_text` decoded; :meth:`from_json` reads it
        back."""
        data: dict[str, Any] = json.loads(self.to_json_text())
        return data

    def to_json_text(self) -> str:
        """The result as JSON text (a journal line's entry), made by pydantic's serialiser (several times faster
        than ``json.dumps`` of ``model_dump``); :meth:`from_json` reads it back decoded."""
        head = json.dumps(
            {
                "path": str(self.path),
                "url": self.url,
                "digest": self.digest,
                "skipped": self.skipped,
                "error": [self.error.message_zh, self.error.message_en] if self.error else None,
            },
            ensure_ascii=False,
        )
        result = self.result.model_dump_json() if self.result else "null"
        findings = ",".join(f.model_dump_json() for f in self.findings)
        return f'{head[:-1]}, "result": {result}, "findings": [{findings}]}}'

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Loaded:
        """A result written by :meth:`to_json`."""
        error = data.get("error")
        return cls(
            path=Path(data["path"]),
            url=data.get("url", ""),
            digest=data.get("digest", ""),
            skipped=bool(data.get("skipped")),
            result=ParseResult.model_validate(data["result"]) if data.get("result") else None,
            error=GongkaiError(error[0], error[1]) if error else None,
            findings=[Finding.model_validate(f) for f in data.get("findings", [])],
        )


# --- inputs -----------------------------------------------------------------------------------------


def _walk(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def is_url(text: str) -> bool:
    """True for an ``http://`` or ``https://`` address."""
    return text.lower().startswith(("http://", "https://"))


def expand(args: Iterable[str]) -> list[Source]:
    """The inputs named by the arguments, in order, without repeats.

    A URL is kept as it is; a directory is walked for report files (``.txt .html .htm .docx .pdf .json``); a
    pattern the shell did not expand (``'reports/**/*.txt'``) is globbed here; a name that matches nothing
    is kept, so reading it reports it as unreadable.
    """
    out: list[Source] = []
    seen: set[str] = set()

    def add(source: Source) -> None:
        if source.name not in seen:
            seen.add(source.name)
            out.append(source)

    for arg in args:
        path = Path(arg)
        if is_url(arg):
            add(Source(url=arg))
        elif path.is_dir():
            for found in _walk(path):
                add(Source(path=found, walked=True))
        elif path.exists():
            add(Source(path=path))
        elif glob.has_magic(arg):
            for match in sorted(glob.glob(arg, recursive=True)):
                hit = Path(match)
                if hit.is_dir():
                    for found in _walk(hit):
                        add(Source(path=found, walked=True))
                else:
                    add(Source(path=hit))
        else:
            add(Source(path=path))
    return out


# --- reading one input ------------------------------------------------------------------------------


def _internal(exc: Exception) -> GongkaiError:
    return GongkaiError(
        f"读取时发生内部错误（{type(exc).__name__}: {exc}）",
        f"internal error while reading ({type(exc).__name__}: {exc})",
    )


def load(path: Path) -> Loaded:
    """Read one file and run the single-report checks on it; never raises."""
    try:
        result = read(path)
    except GongkaiError as err:
        return Loaded(path=path, error=err)
    except Exception as exc:  # a reader bug must not stop a batch of thousands
        return Loaded(path=path, error=_internal(exc))
    return Loaded(path=path, result=result, findings=[*result.warnings, *check_report(result.report)])


def load_url(url: str) -> Loaded:
    """Fetch a report page or file (:func:`gongkai.fetch.read_url`) and check it; never raises."""
    from gongkai.fetch import read_url

    try:
        result = read_url(url)
    except GongkaiError as err:
        return Loaded(path=Path(url), url=url, error=err)
    except Exception as exc:
        return Loaded(path=Path(url), url=url, error=_internal(exc))
    findings = [*result.warnings, *check_report(result.report)]
    return Loaded(path=Path(url), url=url, result=result, findings=findings)


_REPORT_FIELDS = frozenset(Report.model_fields)


def _report_shaped(item: object) -> bool:
    """A JSON object that can only be meant as a report: a template, and no key a report does not have."""
    return isinstance(item, dict) and "template" in item and set(item) <= _REPORT_FIELDS


def _json_array(path: Path, data: bytes) -> list[Loaded] | None:
    """The reports of a JSON array written by ``gongkai parse -f json`` on several files, or None."""
    if not data.lstrip().startswith(b"["):
        return None
    try:
        items = json.loads(data)
    except ValueError as exc:
        return [Loaded(path=path, error=GongkaiError(f"JSON 无效：{exc}", f"invalid JSON: {exc}"))]
    if not isinstance(items, list):
        return None
    out: list[Loaded] = []
    for n, item in enumerate(items, start=1):
        name = Path(f"{path}#{n}")
        try:
            report = Report.model_validate(item)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            error = GongkaiError(
                f"第 {n} 份年报无效（{where}）：{first.get('msg', '')}", f"report {n} is invalid at {where}"
            )
            out.append(Loaded(path=name, error=error))
            continue
        result = ParseResult(report=report, format="json", source=report.source or str(name))
        out.append(Loaded(path=name, result=result, findings=check_report(report)))
    return out


def _foreign_json(data: bytes) -> bool:
    """True for JSON that is not a report nor a list of reports (so a directory search passes it by)."""
    try:
        value = json.loads(data)
    except ValueError:
        return False  # broken JSON: reading it says why
    items = value if isinstance(value, list) else [value]
    return not items or not all(_report_shaped(i) for i in items)


def load_many(path: Path, *, walked: bool = False) -> list[Loaded]:
    """Like :func:`load`, but a JSON array of reports gives one entry per report (``file.json#3``), and a
    JSON file a directory search found (``walked``) that is not a report is skipped."""
    if path.suffix.lower() != ".json":
        return [load(path)]
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            return [load(path)]
        data = path.read_bytes()
    except OSError:
        return [load(path)]
    if walked and _foreign_json(data):
        reason = GongkaiError("不是年报 JSON，已跳过", "not a report's JSON; skipped")
        return [Loaded(path=path, error=reason, skipped=True)]
    return _json_array(path, data) or [load(path)]


def load_source(source: Source) -> list[Loaded]:
    """Every report of one input (a file, a JSON array of reports, or a URL); never raises."""
    if source.url:
        return [load_url(source.url)]
    assert source.path is not None
    return load_many(source.path, walked=source.walked)


def _load_chunk(
    sources: Sequence[Source], encode: bool = False, rows: bool = False, light: bool = False
) -> list[list[Loaded]]:
    """Read a few inputs; with ``encode``, each entry also encoded for the journal here, in the worker, and
    with ``rows`` its dataset rows made (:attr:`Loaded.rows`), so that the one process collecting the results
    neither serialises every report nor builds its rows (on two cores that process is what limits a batch);
    with all three, each entry is then made light (:attr:`Loaded.brief`)."""
    out = [load_source(s) for s in sources]
    if encode:
        for items in out:
            for item in items:
                item.encoded = item.to_json_text()
    if rows:
        from gongkai.dataset import make_rows

        make_rows([item for items in out for item in items])
    if light and encode and rows:
        for items in out:
            for item in items:
                if item.result is not None:
                    item.brief = item.status
                    item.result, item.findings = None, []
    return out


# --- the journal ------------------------------------------------------------------------------------


def digest_of(source: Source) -> str:
    """SHA-256 of a file's content ("" for a URL or a file that cannot be read: those are always read)."""
    if source.path is None:
        return ""
    h = hashlib.sha256()
    try:
        with source.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return ""
    return h.hexdigest()


class Journal:
    """Every input read so far, by the SHA-256 of its content: one JSON line per input, appended as each is
    read, so an interrupted batch can skip them when started again (``gongkai parse --resume``)."""

    def __init__(self, path: Path, *, resume: bool) -> None:
        self.path = path
        self.known: dict[str, list[dict[str, Any]]] = {}
        if resume and path.exists():
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    try:
                        entry = json.loads(line)
                        self.known[entry["digest"]] = entry["items"]
                    except (ValueError, KeyError, TypeError):
                        continue  # a line cut short by the interruption
        path.parent.mkdir(parents=True, exist_ok=True)
        if not resume:
            path.write_text("", encoding="utf-8")
        self._handle = path.open("a", encoding="utf-8")

    def get(self, source: Source, digest: str) -> list[Loaded] | None:
        """The results stored for this content, named by ``source``; None when it was never read."""
        items = self.known.get(digest) if digest else None
        if items is None:
            return None
        out = []
        for data in items:
            item = Loaded.from_json(data)
            assert source.path is not None
            suffix = str(item.path).rpartition("#")[2] if "#" in str(item.path) else ""
            path = Path(f"{source.path}#{suffix}") if suffix else source.path
            result = item.result
            if result is not None and result.source != str(path):
                # The same content under another name: the results name the file as it is now.
                report = result.report
                if report.source == result.source:
                    report = report.model_copy(update={"source": str(path)})
                result = result.model_copy(update={"source": str(path), "report": report})
            out.append(replace(item, path=path, digest=digest, result=result))
        return out

    def record(self, digest: str, items: list[Loaded]) -> None:
        """Append the results of one input (nothing for an input without a digest). They are not kept in
        memory: a batch looks its inputs up before reading them, and a batch of a million reports must not
        hold a million results."""
        if not digest:
            return
        texts = [i.encoded or i.to_json_text() for i in items]
        line = f'{{"digest": {json.dumps(digest)}, "items": [{",".join(texts)}]}}'
        self._handle.write(line + "\n")
        self._handle.flush()

    def close(self) -> None:
        """Close the file."""
        self._handle.close()


# --- running a batch --------------------------------------------------------------------------------


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _chunks(items: Sequence[_T], size: int) -> list[Sequence[_T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _in_process(todo: Sequence[Source], encode: bool) -> Iterator[list[Loaded]]:
    # Rows are made by the sink as it writes: in one process nothing is gained by making them earlier.
    for source in todo:
        yield _load_chunk([source], encode)[0]


def _load_pool_chunk(
    sources: Sequence[Source], light: bool, *, encode: bool, rows: bool
) -> list[list[Loaded]]:
    return _load_chunk(sources, encode, rows, light)


def _worker_started() -> None:
    """In each pool process: when it ends, its PDF worker (:mod:`gongkai.parsers.pdf_worker`) is ended and
    waited for, so its CPU time is counted among the batch's children (a pool process exits without
    running ``atexit``; multiprocessing's own finalisers do run)."""
    from multiprocessing import util

    from gongkai.parsers.pdf_worker import stop_worker

    util.Finalize(None, stop_worker, exitpriority=10)


def _pool(
    todo: Sequence[Source], jobs: int, encode: bool, rows: bool, light: Sequence[bool]
) -> Iterator[list[Loaded]]:
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    # A process with one thread forks its workers: they start at once with the readers already imported. A
    # process with other threads (which may hold locks at the fork) starts them from a forkserver instead.
    context: multiprocessing.context.BaseContext
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["gongkai.batch"])
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_started) as pool:
        work = functools.partial(_load_pool_chunk, encode=encode, rows=rows)
        for chunk in pool.map(work, _chunks(todo, CHUNK), light):
            yield from chunk


def _dask(todo: Sequence[Source], scheduler: str, encode: bool, rows: bool) -> Iterator[list[Loaded]]:
    try:
        from distributed import Client
    except ImportError:
        raise GongkaiError(
            "在 Dask 集群上读取需要 distributed（pip install 'gongkai[data]'）",
            "reading on a Dask cluster needs distributed (pip install 'gongkai[data]')",
        ) from None
    try:
        client = Client(scheduler, timeout=SCHEDULER_TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise GongkaiError(
            f"无法连接 Dask 调度器 {scheduler}：{exc}", f"cannot reach the Dask scheduler {scheduler}: {exc}"
        ) from None
    try:
        futures = client.map(_load_chunk, _chunks(todo, CHUNK), encode=encode, rows=rows, pure=False)
        for future in futures:
            yield from future.result()
            future.release()  # type: ignore[no-untyped-call]
    finally:
        client.close()  # type: ignore[no-untyped-call]


def run(
    sources: Sequence[Source],
    *,
    jobs: int = 0,
    scheduler: str | None = None,
    journal: Journal | None = None,
    on_result: Callable[[Source, list[Loaded], bool], None] | None = None,
    rows: bool = False,
    light_after: int | None = None,
) -> Iterator[list[Loaded]]:
    """Read every input, yielding each one's results in input order.

    ``jobs`` processes read the files (0: :func:`default_jobs`; 1, or a batch too small to share, reads in
    this process); with ``scheduler`` (a Dask scheduler's address, ``tcp://host:8786``) the cluster's
    workers read them, and must see the same paths. Inputs whose content the ``journal`` already holds are
    taken from it, not read again. ``on_result(source, results, from_journal)`` is called as each input is
    done. With ``rows`` (a batch written as a dataset) the processes reading the inputs also make each
    entry's dataset rows (:attr:`Loaded.rows`); with a ``journal`` too, the entries of inputs from the
    ``light_after``-th on (counted from 0) come light (:attr:`Loaded.brief`: status, journal line and rows,
    no result), read by a pool. Raises :class:`GongkaiError` when the scheduler cannot be
    reached.
    """
    digests = [digest_of(s) if journal else "" for s in sources]
    stored: dict[int, list[Loaded]] = {}
    if journal is not None:
        for n, (source, digest) in enumerate(zip(sources, digests, strict=True)):
            hit = journal.get(source, digest)
            if hit is not None:
                stored[n] = hit
    todo_index = [n for n in range(len(sources)) if n not in stored]
    todo = [sources[n] for n in todo_index]
    workers = jobs or default_jobs()
    workers = max(1, min(workers, len(todo) // MIN_PER_PROCESS))
    encode = journal is not None
    if scheduler:
        fresh: Iterator[list[Loaded]] = _dask(todo, scheduler, encode, rows)
    elif workers > 1:
        light = [
            light_after is not None and all(n >= light_after for n in chunk)
            for chunk in _chunks(todo_index, CHUNK)
        ]
        fresh = _pool(todo, workers, encode, rows, light)
    else:
        fresh = _in_process(todo, encode)
    pending = iter(todo_index)
    for n, source in enumerate(sources):
        if n in stored:
            items, from_journal = stored[n], True
        else:
            assert next(pending) == n
            items = [replace(i, digest=digests[n]) for i in next(fresh)]
            from_journal = False
            if journal is not None:
                journal.record(digests[n], items)
        if on_result is not None:
            on_result(source, items, from_journal)
        yield items


__all__ = [
    "CHUNK",
    "MIN_PER_PROCESS",
    "SUFFIXES",
    "Journal",
    "Loaded",
    "Source",
    "default_jobs",
    "digest_of",
    "expand",
    "is_url",
    "load",
    "load_many",
    "load_source",
    "load_url",
    "run",
]
