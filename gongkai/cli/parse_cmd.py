"""``gongkai parse``: read many reports at once and write them as JSON, cells CSV, canonical text or Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gongkai.cli._common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    LangOption,
    Loaded,
    expand_inputs,
    lang_of,
    load_all,
    report_unreadable,
    say,
    stderr_console,
    summary_table,
)
from gongkai.cli.app import app
from gongkai.renderers import cells as cells_writer
from gongkai.renderers import json as json_writer
from gongkai.renderers import render

FORMATS = ("json", "cells", "text", "md")
_SUFFIX = {"text": ".txt", "md": ".md", "json": ".json", "cells": ".csv"}
# Several text/Markdown documents on stdout are separated so they can be split again.
_SEPARATOR = {"text": "\f\n", "md": "\n---\n\n"}


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


@app.command("parse")
def parse_command(
    files: Annotated[
        list[str], typer.Argument(help="年报文件、目录或通配符 / report files, directories or globs")
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=(
                "json | cells | text | md。多个文件时：json 输出一个 JSON 数组，cells 输出一个 CSV（一个表头）；"
                "text/md 指定 -o 时每个文件写入 -o 目录下的同名文件，否则依次输出（text 以换页符分隔，md 以 --- 分隔）/ "
                "with several files json is one array, cells one CSV; text/md go one file per input into the -o "
                "directory, or to stdout separated by form feeds (text) or --- rules (md)"
            ),
        ),
    ] = "json",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="输出文件（或 text/md 多文件时的目录）/ output file or directory"
        ),
    ] = None,
    lang: LangOption = "zh",
) -> None:
    """读取年报并输出为结构化数据；无法读取的文件会报告并跳过（退出码 2）/ Read reports; unreadable files are reported and skipped (exit 2)."""
    lang = lang_of(lang)
    fmt = fmt.strip().lower()
    if fmt == "markdown":
        fmt = "md"
    if fmt not in FORMATS:
        raise typer.BadParameter(
            say(lang, f"--format 应为 {' | '.join(FORMATS)}", f"--format must be one of {', '.join(FORMATS)}")
        )
    paths = expand_inputs(files)
    loaded = load_all(paths, lang)
    unreadable = report_unreadable(loaded, lang)
    readable = [item for item in loaded if item.ok]
    several = len(loaded) > 1
    if readable:
        if fmt in _SEPARATOR and output is not None and (several or output.is_dir()):
            written = _one_per_file(readable, fmt, output)
            typer.echo(
                say(
                    lang,
                    f"已写入 {len(written)} 个文件到 {output}",
                    f"wrote {len(written)} files to {output}",
                ),
                err=True,
            )
        else:
            document = _document(readable, fmt, several)
            if output is None:
                typer.echo(document, nl=False)
            else:
                output.parent.mkdir(parents=True, exist_ok=True)
                output.write_text(document, encoding="utf-8")
    if several or unreadable:
        stderr_console().print(summary_table(loaded, lang))
    raise typer.Exit(code=EXIT_UNREADABLE if unreadable else EXIT_OK)
