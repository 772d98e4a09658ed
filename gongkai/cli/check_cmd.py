"""``gongkai check``: the findings of the readers and the cross-checks, with an exit code for scripts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from gongkai.batch import Loaded, load
from gongkai.checks import check_pair
from gongkai.checks.pair import normalize_agency
from gongkai.cli._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_UNREADABLE,
    LangOption,
    expand_inputs,
    lang_of,
    load_all,
    say,
    summary_table,
    unreadable_message,
)
from gongkai.cli.app import app
from gongkai.findings import Finding
from gongkai.model import Report


def _pairs(loaded: list[Loaded], previous: Loaded | None) -> list[tuple[Loaded, Loaded]]:
    """The pairs to compare across years: --previous with every file, and consecutive years of one agency."""
    readable = [item for item in loaded if item.result is not None]
    pairs: list[tuple[Loaded, Loaded]] = []
    if previous is not None and previous.result is not None:
        pairs.extend((previous, item) for item in readable)
    for a in readable:
        for b in readable:
            ra, rb = _report(a), _report(b)
            if rb.year == ra.year + 1 and normalize_agency(ra.agency) == normalize_agency(rb.agency):
                pairs.append((a, b))
    # The --previous file may also be among FILE...: compare each pair of files once.
    seen: set[tuple[Path, Path]] = set()
    unique: list[tuple[Loaded, Loaded]] = []
    for a, b in pairs:
        ids = (a.path.resolve(), b.path.resolve())
        if ids[0] != ids[1] and ids not in seen:
            seen.add(ids)
            unique.append((a, b))
    return unique


def _report(item: Loaded) -> Report:
    assert item.result is not None
    return item.result.report


def _label(finding: Finding, lang: str) -> str:
    if finding.is_error:
        return say(lang, "[red]错误[/red]", "[red]error[/red]")
    return say(lang, "[yellow]警告[/yellow]", "[yellow]warning[/yellow]")


def _print_findings(findings: list[Finding], lang: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(soft_wrap=True, highlight=False)
    if not findings:
        console.print("  " + say(lang, "未发现问题", "no findings"))
    for f in findings:
        where = f" ({say(lang, '第', 'line ')}{f.line}{say(lang, '行', '')})" if f.line else ""
        console.print(f"  {_label(f, lang)} \\[{f.rule}]{where} {escape(f.message(lang))}")


def _finding_json(f: Finding, lang: str) -> dict[str, Any]:
    data: dict[str, Any] = f.model_dump(mode="json")
    data["message"] = f.message(lang)
    return data


def _heading(item: Loaded) -> str:
    report = _report(item)
    return f"{item.path} — {report.agency or '?'} {report.year}（{report.template}）"


@app.command("check")
def check_command(
    files: Annotated[
        list[str], typer.Argument(help="年报文件、目录或通配符 / report files, directories or globs")
    ],
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            "-p",
            help="上一年度的报告，用于跨年度核对 / last year's report, for across-years checks",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出 / print JSON for machines")] = False,
    lang: LangOption = "zh",
) -> None:
    """检查年报：退出码 0 无错误，1 有错误，2 有文件无法读取 / Check reports: exit 0 no errors, 1 errors, 2 unreadable.

    Several reports of one agency for consecutive years are also compared across years automatically.
    """
    lang = lang_of(lang)
    paths = expand_inputs(files)
    loaded = [item for item in load_all(paths, lang) if not item.skipped]
    before = load(previous) if previous is not None else None
    pair_results = [(a, b, check_pair(_report(a), _report(b))) for a, b in _pairs(loaded, before)]
    unreadable = [item for item in [*loaded, *([before] if before else [])] if item.result is None]
    all_findings = [f for item in loaded for f in item.findings] + [
        f for _, _, fs in pair_results for f in fs
    ]
    errors = sum(f.is_error for f in all_findings)

    if as_json:
        document = {
            "files": [
                {
                    "source": str(item.path),
                    "readable": item.ok,
                    "error": item.error.message(lang) if item.error else None,
                    "agency": _report(item).agency if item.ok else None,
                    "year": _report(item).year if item.ok else None,
                    "template": _report(item).template if item.ok else None,
                    "findings": [_finding_json(f, lang) for f in item.findings],
                }
                for item in [*loaded, *([before] if before and not before.ok else [])]
            ],
            "pairs": [
                {
                    "previous": str(a.path),
                    "current": str(b.path),
                    "findings": [_finding_json(f, lang) for f in fs],
                }
                for a, b, fs in pair_results
            ],
            "errors": errors,
            "warnings": len(all_findings) - errors,
            "unreadable": len(unreadable),
        }
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        for item in loaded:
            if item.ok:
                typer.echo(_heading(item))
                _print_findings(item.findings, lang)
        for a, b, fs in pair_results:
            typer.echo(say(lang, "跨年度核对：", "across years: ") + f"{a.path} → {b.path}")
            _print_findings(fs, lang)
        for item in unreadable:
            typer.echo(unreadable_message(item, lang), err=True)
        if len(loaded) > 1:
            from rich.console import Console

            Console(soft_wrap=True).print(summary_table(loaded, lang))
        typer.echo(
            say(
                lang,
                f"共 {errors} 个错误、{len(all_findings) - errors} 个警告"
                + (f"，{len(unreadable)} 个文件无法读取" if unreadable else ""),
                f"{errors} errors, {len(all_findings) - errors} warnings"
                + (f", {len(unreadable)} unreadable files" if unreadable else ""),
            )
        )
    if unreadable:
        raise typer.Exit(code=EXIT_UNREADABLE)
    raise typer.Exit(code=EXIT_FINDINGS if errors else EXIT_OK)
