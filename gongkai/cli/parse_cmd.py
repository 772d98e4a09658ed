"""``gongkai parse``: read many reports at once and write them as JSON, cells CSV, canonical text, Markdown,
Parquet or XLSX; in parallel, resumable, on a Dask cluster if asked."""

from __future__ import annotations

import gc
import time
from collections import Counter
from pathlib import Path
from typing import Annotated, Protocol

import typer

from gongkai.batch import Journal, Loaded, Source, run
from gongkai.cli._common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    LangOption,
    choose_format,
    expand_inputs,
    fail,
    lang_of,
    progress_bar,
    say,
    stderr_console,
    summary_table,
    unreadable_message,
)
from gongkai.cli.app import app
from gongkai.errors import GongkaiError
from gongkai.renderers import cells as cells_writer
from gongkai.renderers import json as json_writer
from gongkai.renderers import render

FORMATS = ("json", "cells", "text", "md", "parquet", "xlsx")
#: Formats written as results arrive, to a file or directory (-o required).
STREAMED = ("parquet", "xlsx")
_SUFFIX = {"text": ".txt", "md": ".md", "json": ".json", "cells": ".csv"}
# Several text/Markdown documents on stdout are separated so they can be split again.
_SEPARATOR = {"text": "\f\n", "md": "\n---\n\n"}
#: Above this many inputs the summary is the counts only, without a row per input.
TABLE_LIMIT = 50
#: Seconds between redraws of the progress bar.
REFRESH = 0.1
#: Reports handed to a Parquet or XLSX writer at a time (one row group / partition file each).
WRITE_BATCH = 256


class _Sink(Protocol):
    def write(self, items: list[Loaded]) -> None: ...

    def close(self) -> list[Path]: ...


def journal_path(output: Path) -> Path:
    """The journal of a run writing to ``output``: ``OUT.journal.jsonl`` beside it."""
    return output.with_name(output.name + ".journal.jsonl")


def _sink(fmt: str, output: Path, partitioned: bool) -> _Sink:
    from gongkai import dataset

    if fmt == "xlsx":
        return dataset.XlsxSink(output)
    if partitioned or output.is_dir():
        return dataset.PartitionedParquetSink(output)
    return dataset.ParquetSink(output)


def _one_per_file(readable: list[Loaded], fmt: str, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for item in readable:
        assert item.result is not None
        stem, n = item.path.stem, 1
        while f"{stem}{_SUFFIX[fmt]}" in used:
            n += 1
            stem = f"{item.path.stem}-{n}"
        used.add(f"{stem}{_SUFFIX[fmt]}")
        target = out_dir / f"{stem}{_SUFFIX[fmt]}"
        target.write_text(str(render(item.result.report, fmt)), encoding="utf-8")
        written.append(target)
    return written


def _document(readable: list[Loaded], fmt: str, several: bool) -> str:
    reports = [item.result.report for item in readable if item.result is not None]
    if fmt == "cells":
        return cells_writer.render_many([item.result for item in readable if item.result is not None])
    if fmt == "json":
        return json_writer.render_many(reports) if several else json_writer.render(reports[0])
    return _SEPARATOR[fmt].join(str(render(r, fmt)) for r in reports)


def _counts_line(counts: Counter[str], reused: int, lang: str) -> str:
    readable = counts["read"] + counts["warnings"] + counts["errors"]
    zh = (
        f"共读取 {readable} 份年报：无问题 {counts['read']}，有警告 {counts['warnings']}，"
        f"有错误 {counts['errors']}；无法读取 {counts['unreadable']}"
    )
    en = (
        f"{readable} reports read: {counts['read']} clean, {counts['warnings']} with warnings, "
        f"{counts['errors']} with errors; {counts['unreadable']} unreadable"
    )
    if counts["skipped"]:
        zh += f"；跳过 {counts['skipped']} 个不是年报的 JSON 文件"
        en += f"; {counts['skipped']} JSON files that are not reports skipped"
    if reused:
        zh += f"（{reused} 个文件上次已读，取自记录）"
        en += f" ({reused} files read before, taken from the journal)"
    return say(lang, zh, en)


def _write_documents(readable: list[Loaded], fmt: str, output: Path | None, several: bool, lang: str) -> None:
    if fmt in _SEPARATOR and output is not None and (several or output.is_dir()):
        written = _one_per_file(readable, fmt, output)
        typer.echo(
            say(lang, f"已写入 {len(written)} 个文件到 {output}", f"wrote {len(written)} files to {output}"),
            err=True,
        )
        return
    document = _document(readable, fmt, several)
    if output is None:
        typer.echo(document, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(document, encoding="utf-8")


@app.command("parse")
def parse_command(
    files: Annotated[
        list[str],
        typer.Argument(help="年报文件、目录、通配符或网址 / report files, directories, globs or URLs"),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=(
                "json | cells | text | md | parquet | xlsx。多个文件时：json 输出一个 JSON 数组，cells 输出一个 CSV；"
                "text/md 指定 -o 时每个文件写入 -o 目录，否则依次输出；parquet/xlsx 须 -o：每个单元格一行，"
                "另有问题表（OUT.findings.parquet 或 findings 工作表）/ with several files json is one array, cells "
                "one CSV; text/md one file per input into the -o directory or to stdout; parquet/xlsx need -o: one "
                "row per report and cell, and a findings table beside it"
            ),
        ),
    ] = "json",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="输出文件（或 text/md、分区 Parquet 的目录）/ output file or directory"
        ),
    ] = None,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=0, help="并行进程数，0 为全部核心 / processes; 0: every core"),
    ] = 0,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="跳过上次（按内容）已读过的文件，取其记录（OUT.journal.jsonl）/ skip files read before "
            "(same content), taking their results from OUT.journal.jsonl",
        ),
    ] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="在 Dask 集群上读取（调度器地址，如 tcp://10.0.0.5:8786）；parquet 写成按年度分区的目录 / "
            "read on a Dask cluster (scheduler address); parquet becomes a directory partitioned by year",
        ),
    ] = None,
    lang: LangOption = "zh",
) -> None:
    """读取年报并输出为结构化数据；无法读取的文件会报告并跳过（退出码 2）/ Read reports; unreadable files are
    reported and skipped (exit 2)."""
    lang = lang_of(lang)
    fmt = choose_format(fmt, FORMATS, "--format", lang)
    if output is None and (fmt in STREAMED or resume):
        need = "--resume" if resume else fmt
        raise typer.BadParameter(say(lang, f"{need} 须用 -o 指定输出", f"{need} needs -o OUTPUT"))
    sources = expand_inputs(files)
    # A batch keeps a journal so that it can be resumed; one file written to -o leaves nothing beside it.
    keep = output is not None and (resume or len(sources) > 1)
    journal = Journal(journal_path(output), resume=resume) if output is not None and keep else None
    try:
        counts, reused, kept, unreadable = _run(sources, fmt, output, jobs, scheduler, journal, lang)
    except GongkaiError as err:
        raise fail(err, lang) from None
    finally:
        if journal is not None:
            journal.close()
    for item in unreadable:
        typer.echo(unreadable_message(item, lang), err=True)
    if fmt not in STREAMED:
        readable = [item for item in kept if item.ok]
        if readable:
            _write_documents(readable, fmt, output, len(sources) > 1 or len(kept) > 1, lang)
    console = stderr_console()
    several = len(sources) > 1
    if (several or unreadable) and len(kept) <= TABLE_LIMIT:
        console.print(summary_table(kept, lang))
    if several or unreadable or reused:
        console.print(_counts_line(counts, reused, lang), highlight=False)
    raise typer.Exit(code=EXIT_UNREADABLE if unreadable else EXIT_OK)


def _run(
    sources: list[Source],
    fmt: str,
    output: Path | None,
    jobs: int,
    scheduler: str | None,
    journal: Journal | None,
    lang: str,
) -> tuple[Counter[str], int, list[Loaded], list[Loaded]]:
    """Read the batch into the sink or a list: the counts by status, how many inputs came from the journal,
    the results kept (all of them for documents, the first TABLE_LIMIT + 1 for the summary of a sink) and
    the unreadable ones."""
    collecting = gc.isenabled()
    gc.disable()  # the sink imports pyarrow: see gongkai/cli/__init__.py
    try:
        sink = _sink(fmt, output, bool(scheduler)) if fmt in STREAMED and output is not None else None
    finally:
        if collecting:
            gc.enable()
    # What is alive now (the modules, the readers, pyarrow) lives as long as the batch: out of the
    # collector's sight while it runs, full collections do not walk it again and again (an eighth of the main
    # process's time in a batch), and forked workers do not touch its pages.
    gc.freeze()
    try:
        return _collect(sources, fmt, jobs, scheduler, journal, lang, sink)
    finally:
        gc.unfreeze()


def _collect(
    sources: list[Source],
    fmt: str,
    jobs: int,
    scheduler: str | None,
    journal: Journal | None,
    lang: str,
    sink: _Sink | None,
) -> tuple[Counter[str], int, list[Loaded], list[Loaded]]:
    """:func:`_run`'s loop: every result into the sink or the lists."""
    buffer: list[Loaded] = []
    shown = 0.0
    counts: Counter[str] = Counter()
    reused: list[Source] = []
    kept: list[Loaded] = []
    unreadable: list[Loaded] = []
    with progress_bar(lang) as progress:
        task = progress.add_task(say(lang, "读取", "reading"), total=len(sources), visible=len(sources) > 1)

        def note(source: Source, _items: list[Loaded], from_journal: bool) -> None:
            if from_journal:
                reused.append(source)

        # A Parquet sink's rows are made by the processes reading the files (the XLSX sink writes rows
        # one by one itself).
        rows = sink is not None and fmt == "parquet"
        # Past the inputs the summary may show, the results need not come back: their journal line and rows
        # do (light entries).
        light_after = TABLE_LIMIT + 1 if rows else None
        batch = run(
            sources,
            jobs=jobs,
            scheduler=scheduler,
            journal=journal,
            on_result=note,
            rows=rows,
            light_after=light_after,
        )
        for items in batch:
            for item in items:
                counts[item.status] += 1
                if item.status == "unreadable":
                    unreadable.append(item)
                if sink is None or len(kept) <= TABLE_LIMIT:
                    kept.append(item)
            if sink is not None:
                buffer.extend(items)
                if len(buffer) >= WRITE_BATCH:
                    sink.write(buffer)
                    buffer.clear()
            now = time.monotonic()
            progress.update(
                task,
                advance=1,
                description=say(lang, "读取", "reading")
                + f" ✓{counts['read']} ⚠{counts['warnings']} ✗{counts['errors']} ?{counts['unreadable']}",
                refresh=now - shown > REFRESH,
            )
            shown = now if now - shown > REFRESH else shown
    if sink is not None:
        if buffer:
            sink.write(buffer)
        written = sink.close()
        names = [str(p) for p in written]
        typer.echo(say(lang, f"已写入 {'、'.join(names)}", f"wrote {', '.join(names)}"), err=True)
    return counts, len(reused), kept, unreadable
