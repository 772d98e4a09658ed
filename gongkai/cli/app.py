"""The typer application object that every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="gongkai",
    help="政府信息公开年度报告：读取、检查、生成。Read, check and write annual disclosure reports.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


@app.callback()
def _root() -> None:
    """政府信息公开年度报告工具 / gongkai: annual disclosure reports."""
