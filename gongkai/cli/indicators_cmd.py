"""``gongkai indicators``: the indicators of each report (counts and rates, formulas in docs/indicators.md)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from gongkai.cli._common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    LangOption,
    expand_inputs,
    lang_of,
    load_all,
    report_unreadable,
    say,
)
from gongkai.cli.app import app
from gongkai.indicators import INDICATORS, IndicatorValue, indicators_of


def _json(value: IndicatorValue) -> dict[str, Any]:
    return {
        "value": value.as_float(6) if value.indicator.kind == "rate" else value.value,
        "display": value.display(),
        "numerator": None if value.numerator is None else str(value.numerator),
        "denominator": None if value.denominator is None else str(value.denominator),
        "missing": list(value.missing),
    }


@app.command("indicators")
def indicators_command(
    files: Annotated[
        list[str], typer.Argument(help="年报文件、目录或通配符 / report files, directories or globs")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出 / print JSON for machines")] = False,
    lang: LangOption = "zh",
) -> None:
    """计算每份年报的指标（实质公开率、复议纠错率、诉讼纠错率及申请数）/ Indicators of each report.

    A rate over zero cases, or over cells the report lacks, has no value: 「—」 (null in JSON).
    """
    lang = lang_of(lang)
    loaded = [item for item in load_all(expand_inputs(files), lang) if not item.skipped]
    unreadable = report_unreadable(loaded, lang)
    readable = [item for item in loaded if item.result is not None]
    if as_json:
        document = []
        for item in readable:
            assert item.result is not None
            report = item.result.report
            document.append(
                {
                    "source": item.name,
                    "agency": report.agency,
                    "year": report.year,
                    "template": report.template,
                    "indicators": {k: _json(v) for k, v in indicators_of(report).items()},
                }
            )
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        console = Console(soft_wrap=True, highlight=False)
        for item in readable:
            assert item.result is not None
            report = item.result.report
            table = Table(title=f"{item.name} — {report.agency or '?'} {report.year}（{report.template}）")
            table.add_column(say(lang, "指标", "indicator"))
            table.add_column(say(lang, "数值", "value"), justify="right")
            table.add_column(say(lang, "分子 / 分母", "numerator / denominator"), justify="right")
            for value in indicators_of(report).values():
                parts = "" if value.indicator.kind == "count" else f"{value.numerator} / {value.denominator}"
                if value.missing:
                    parts = say(
                        lang, f"缺 {len(value.missing)} 个单元格", f"{len(value.missing)} cells missing"
                    )
                table.add_row(value.indicator.label(lang), value.display(), parts)
            console.print(table)
        if readable:
            typer.echo(
                say(
                    lang,
                    f"「—」：分母为 0 或缺少单元格，没有数值。共 {len(INDICATORS)} 项指标，公式见 docs/indicators.md",
                    f"「—」: no value (a zero denominator or missing cells). {len(INDICATORS)} indicators; "
                    "formulas in docs/indicators.md",
                )
            )
    raise typer.Exit(code=EXIT_UNREADABLE if unreadable else EXIT_OK)
