"""``gongkai compare``: two years of one agency's report side by side, written as HTML, Markdown, DOCX or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gongkai.batch import load
from gongkai.cli._common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    LangOption,
    choose_format,
    fail,
    lang_of,
    say,
    unreadable_message,
    write_document,
)
from gongkai.cli.app import app
from gongkai.errors import GongkaiError


@app.command("compare")
def compare_command(
    last: Annotated[Path, typer.Argument(help="上一年度的报告 / last year's report")],
    this: Annotated[Path, typer.Argument(help="本年度的报告 / this year's report")],
    to: Annotated[str, typer.Option("--to", "-t", help="html | md | docx | pdf（docx、pdf 须 -o）")] = "md",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="输出文件 / output file")] = None,
    lang: LangOption = "zh",
) -> None:
    """对比同一机关两个年度的年报：摘要、文字变化与相似度、各表两年数值与增减、跨年度核对 /
    Compare two years of one agency's report (the document is in Chinese)."""
    lang = lang_of(lang)
    from gongkai.compare import FORMATS, compare, render  # not at every command's start-up

    fmt = choose_format(to, FORMATS, "--to", lang)
    items = [load(last), load(this)]
    bad = [item for item in items if item.result is None]
    for item in bad:
        typer.echo(unreadable_message(item, lang), err=True)
    if bad:
        raise typer.Exit(code=EXIT_UNREADABLE)
    previous, current = (item.result.report for item in items if item.result is not None)
    if previous.year > current.year:
        typer.echo(
            say(
                lang,
                f"注意：第一份报告（{previous.year}）晚于第二份（{current.year}），按给出的顺序对比",
                f"note: the first report ({previous.year}) is later than the second ({current.year}); "
                "compared in the order given",
            ),
            err=True,
        )
    try:
        comparison = compare(previous, current)
        document = render(comparison, fmt)
    except GongkaiError as err:
        raise fail(err, lang) from None
    write_document(document, output, fmt, lang)
    if output is not None:
        errors = sum(f.is_error for f in comparison.checks)
        typer.echo(
            say(
                lang,
                f"已写入 {output}（跨年度核对：{errors} 个错误、{len(comparison.checks) - errors} 个警告）",
                f"wrote {output} (across years: {errors} errors, {len(comparison.checks) - errors} warnings)",
            ),
            err=True,
        )
    raise typer.Exit(code=EXIT_OK)
