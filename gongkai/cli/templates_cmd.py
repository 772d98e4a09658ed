"""``gongkai templates``: print the template definitions (every table, row, column and cell key)."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from gongkai.cli.app import app
from gongkai.templates import TEMPLATES, get_template


@app.command("templates")
def templates_command(
    template: str = typer.Argument(None, help="2019 或 2021；省略则全部 / 2019 or 2021; all if omitted"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出 / print JSON"),
) -> None:
    """打印年报模板定义 / Print the template definitions with their cell keys."""
    chosen = [get_template(template)] if template else list(TEMPLATES.values())
    if as_json:
        typer.echo(json.dumps([t.model_dump(mode="json") for t in chosen], ensure_ascii=False, indent=2))
        return
    console = Console()
    for spec in chosen:
        table = Table(title=f"{spec.id}  {spec.issued_by}  ({spec.first_year}–{spec.last_year or ''})")
        for head in ("key", "kind", "row", "column"):
            table.add_column(head)
        for cell in spec.cells:
            table.add_row(cell.key, cell.kind, cell.row_label, cell.column_label)
        console.print(table)
