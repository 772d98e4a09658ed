"""Shared by the report commands: expanding FILE arguments, reading many files, messages in zh or en."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from gongkai.batch import Loaded, Source, expand, load_source
from gongkai.errors import GongkaiError

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


def expand_inputs(args: Iterable[str]) -> list[Source]:
    """The inputs named by the arguments (:func:`gongkai.batch.expand`): files, directories walked, globs,
    URLs."""
    return expand(args)


def stderr_console() -> Console:
    """Progress and summaries go to stderr so stdout stays a clean document."""
    return Console(stderr=True, soft_wrap=True)


def progress_bar(lang: str, console: Console | None = None) -> Progress:
    """The bar every batch command draws on stderr: done / total, elapsed and remaining time.

    It refreshes when its caller updates it (``refresh=True``), never from a thread of its own, so a batch
    may fork its worker processes while it is shown.
    """
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    return Progress(*columns, console=console or stderr_console(), transient=True, auto_refresh=False)


def load_all(sources: list[Source], lang: str) -> list[Loaded]:
    """Read every input in this process; a progress bar on stderr when there is more than one."""
    if len(sources) <= 1:
        return [item for s in sources for item in load_source(s)]
    loaded: list[Loaded] = []
    with progress_bar(lang) as progress:
        task = progress.add_task(say(lang, "读取", "reading"), total=len(sources))
        for source in sources:
            loaded.extend(load_source(source))
            progress.update(task, advance=1, refresh=True)
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
        if item.skipped:
            continue
        if item.result is None:
            table.add_row(item.name, unreadable_message(item, lang), "", "", "", "")
            continue
        report = item.result.report
        errors = sum(f.is_error for f in item.findings)
        table.add_row(
            item.name,
            report.agency,
            str(report.year),
            report.template,
            str(len(item.findings) - errors),
            str(errors),
        )
    return table


def report_unreadable(loaded: list[Loaded], lang: str) -> bool:
    """Print a line to stderr for every unreadable input; True when there was one."""
    bad = [item for item in loaded if item.result is None and not item.skipped]
    for item in bad:
        typer.echo(unreadable_message(item, lang), err=True)
    return bool(bad)


def unreadable_message(item: Loaded, lang: str) -> str:
    """Why ``item`` could not be read, naming the file once."""
    message = item.error.message(lang) if item.error else ""
    if item.name in message:
        return message
    return say(lang, f"无法读取 {item.name}：{message}", f"cannot read {item.name}: {message}")


def choose_format(value: str, formats: Iterable[str], option: str, lang: str) -> str:
    """``value`` as one of ``formats`` (lower case, ``markdown`` as ``md``); anything else is a usage error
    naming ``option``."""
    known = tuple(formats)
    fmt = value.strip().lower()
    fmt = "md" if fmt == "markdown" else fmt
    if fmt not in known:
        raise typer.BadParameter(
            say(lang, f"{option} 应为 {' | '.join(known)}", f"{option} must be one of {', '.join(known)}")
        )
    return fmt


def write_document(document: str | bytes, output: Path | None, fmt: str, lang: str) -> None:
    """A written document to ``output``, or text to stdout; a binary one without ``output`` is a usage error."""
    if isinstance(document, bytes):
        if output is None:
            raise typer.BadParameter(
                say(
                    lang,
                    f"{fmt} 是二进制格式，请用 -o 指定输出文件",
                    f"{fmt} is a binary format: give -o FILE",
                )
            )
        output.write_bytes(document)
    elif output is None:
        typer.echo(document, nl=False)
    else:
        output.write_text(document, encoding="utf-8")


def fail(err: GongkaiError, lang: str) -> typer.Exit:
    """Print ``err`` in the chosen language to stderr; the exit to raise (code 2)."""
    typer.echo(say(lang, f"错误：{err.message_zh}", f"error: {err.message_en}"), err=True)
    return typer.Exit(code=EXIT_UNREADABLE)
