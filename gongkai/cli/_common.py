"""Shared by the report commands: expanding FILE arguments, reading many files, messages in zh or en."""

from __future__ import annotations

import glob
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from gongkai.checks import check_report
from gongkai.errors import GongkaiError
from gongkai.findings import Finding
from gongkai.model import Report
from gongkai.parsers import MAX_INPUT_BYTES, read
from gongkai.parsers.result import ParseResult

#: File names a directory is searched for.
SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf", ".json")

LangOption = Annotated[
    str,
    typer.Option("--lang", help="消息语言：zh（默认）或 en / message language: zh (default) or en"),
]

#: Exit codes shared by the commands.
EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def lang_of(value: str) -> str:
    """``zh`` or ``en``; anything else is a usage error."""
    lang = value.strip().lower()
    if lang not in ("zh", "en"):
        raise typer.BadParameter("--lang 只能是 zh 或 en / --lang must be zh or en")
    return lang


def say(lang: str, zh: str, en: str) -> str:
    """The message in the chosen language."""
    return en if lang == "en" else zh


def _walk(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def expand_inputs(args: Iterable[str]) -> list[Path]:
    """Files named by the arguments, in order, without repeats.

    A directory is walked for report files (``.txt .html .htm .docx .pdf .json``); a pattern the shell did
    not expand (``'reports/**/*.txt'``) is globbed here; a name that matches nothing is kept, so reading it
    reports it as unreadable.
    """
    out: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        if path not in seen:
            seen.add(path)
            out.append(path)

    for arg in args:
        path = Path(arg)
        if path.is_dir():
            for found in _walk(path):
                add(found)
        elif path.exists():
            add(path)
        elif glob.has_magic(arg):
            for match in sorted(glob.glob(arg, recursive=True)):
                hit = Path(match)
                for found in _walk(hit) if hit.is_dir() else [hit]:
                    add(found)
        else:
            add(path)
    return out


@dataclass
class Loaded:
    """One input: the parse result, or why it could not be read."""

    path: Path
    result: ParseResult | None = None
    error: GongkaiError | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file was read."""
        return self.result is not None


def load(path: Path) -> Loaded:
    """Read one file and run the single-report checks on it; never raises."""
    try:
        result = read(path)
    except GongkaiError as err:
        return Loaded(path=path, error=err)
    except Exception as exc:  # a reader bug must not stop a batch of thousands
        return Loaded(
            path=path,
            error=GongkaiError(
                f"读取时发生内部错误（{type(exc).__name__}: {exc}）",
                f"internal error while reading ({type(exc).__name__}: {exc})",
            ),
        )
    return Loaded(path=path, result=result, findings=[*result.warnings, *check_report(result.report)])


def _json_array(path: Path) -> list[Loaded] | None:
    """The reports of a JSON array written by ``gongkai parse -f json`` on several files, or None."""
    if path.suffix.lower() != ".json":
        return None
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            return None
        with path.open("rb") as handle:
            head = handle.read(64).lstrip()
    except OSError:
        return None
    if not head.startswith(b"["):
        return None
    try:
        items = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
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


def load_many(path: Path) -> list[Loaded]:
    """Like :func:`load`, but a JSON array of reports gives one entry per report (``file.json#3``)."""
    return _json_array(path) or [load(path)]


def stderr_console() -> Console:
    """Progress and summaries go to stderr so stdout stays a clean document."""
    return Console(stderr=True, soft_wrap=True)


def load_all(paths: list[Path], lang: str) -> list[Loaded]:
    """Read every file; a progress bar on stderr when there is more than one."""
    if len(paths) <= 1:
        return [item for p in paths for item in load_many(p)]
    loaded: list[Loaded] = []
    console = stderr_console()
    columns = (
        TextColumn(say(lang, "读取", "reading")),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("read", total=len(paths))
        for path in paths:
            loaded.extend(load_many(path))
            progress.advance(task)
    return loaded


def summary_table(loaded: list[Loaded], lang: str) -> Table:
    """One row per input: file, agency, year, template, warnings, errors (or why it was unreadable)."""
    heads = [("文件", "file"), ("机关", "agency"), ("年度", "year"), ("模板", "template")]
    heads += [("警告", "warnings"), ("错误", "errors")]
    table = Table(title=say(lang, "汇总", "summary"))
    for zh, en in heads:
        table.add_column(
            say(lang, zh, en),
            justify="right" if en in ("warnings", "errors") else "left",
            overflow="fold",
        )
    for item in loaded:
        if item.result is None:
            table.add_row(str(item.path), unreadable_message(item, lang), "", "", "", "")
            continue
        report = item.result.report
        errors = sum(f.is_error for f in item.findings)
        table.add_row(
            str(item.path),
            report.agency,
            str(report.year),
            report.template,
            str(len(item.findings) - errors),
            str(errors),
        )
    return table


def report_unreadable(loaded: list[Loaded], lang: str) -> bool:
    """Print a line to stderr for every unreadable input; True when there was one."""
    bad = [item for item in loaded if item.result is None]
    for item in bad:
        typer.echo(unreadable_message(item, lang), err=True)
    return bool(bad)


def unreadable_message(item: Loaded, lang: str) -> str:
    """Why ``item`` could not be read, naming the file once."""
    message = item.error.message(lang) if item.error else ""
    if str(item.path) in message:
        return message
    return say(lang, f"无法读取 {item.path}：{message}", f"cannot read {item.path}: {message}")


def fail(err: GongkaiError, lang: str) -> typer.Exit:
    """Print ``err`` in the chosen language to stderr; the exit to raise (code 2)."""
    typer.echo(say(lang, f"错误：{err.message_zh}", f"error: {err.message_en}"), err=True)
    return typer.Exit(code=EXIT_UNREADABLE)
