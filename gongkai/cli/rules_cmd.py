"""``gongkai rules``: list the cross-check rules (stable ids, scope, severity, what each states)."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from gongkai.checks import RULES
from gongkai.cli._common import LangOption, lang_of, say
from gongkai.cli.app import app


@app.command("rules")
def rules_command(
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出 / print JSON"),
    lang: LangOption = "zh",
) -> None:
    """列出核对规则 / List the cross-check rules."""
    lang = lang_of(lang)
    if as_json:
        rows = [
            {"id": r.id, "scope": r.scope, "severity": r.severity, "title_zh": r.title_zh, "doc": r.doc}
            for r in RULES.values()
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table()
    for zh, en in (("规则", "rule"), ("范围", "scope"), ("级别", "severity"), ("说明", "description")):
        table.add_column(say(lang, zh, en), overflow="fold")
    for rule in RULES.values():
        scope = say(lang, "单份报告" if rule.scope == "report" else "跨年度", rule.scope)
        severity = say(lang, "错误" if rule.severity == "error" else "警告", rule.severity)
        text = rule.title_zh if lang == "zh" else rule.doc.splitlines()[0]
        table.add_row(rule.id, scope, severity, text)
    Console(soft_wrap=True).print(table)
