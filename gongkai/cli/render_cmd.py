"""``gongkai render``: write one report in another format through the renderers dispatcher."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gongkai.batch import load
from gongkai.cli._common import (
    EXIT_UNREADABLE,
    LangOption,
    fail,
    lang_of,
    unreadable_message,
    write_document,
)
from gongkai.cli.app import app
from gongkai.errors import GongkaiError
from gongkai.renderers import render


@app.command("render")
def render_command(
    file: Annotated[Path, typer.Argument(help="年报文件 / a report file")],
    to: Annotated[
        str,
        typer.Option("--to", "-t", help="text | json | md | cells | html | docx | pdf（二进制格式须 -o）"),
    ],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="输出文件 / output file")] = None,
    lang: LangOption = "zh",
) -> None:
    """将年报输出为指定格式 / Render a report in another format (binary formats need -o)."""
    lang = lang_of(lang)
    item = load(file)
    if item.result is None:
        typer.echo(unreadable_message(item, lang), err=True)
        raise typer.Exit(code=EXIT_UNREADABLE)
    try:
        document = render(item.result.report, to)
    except GongkaiError as err:
        raise fail(err, lang) from None
    write_document(document, output, to, lang)
