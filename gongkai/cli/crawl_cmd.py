"""``gongkai crawl``: collect the reports an agency's 年报 column links to into a directory with a manifest."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from gongkai.cli._common import EXIT_FINDINGS, EXIT_OK, LangOption, fail, lang_of, say, stderr_console
from gongkai.cli.app import app
from gongkai.errors import GongkaiError

if TYPE_CHECKING:  # the HTTP client is imported when a crawl runs, not at every command's start-up
    from gongkai.fetch import Entry

_STATUS_ZH = {
    "saved": "已保存",
    "duplicate": "重复",
    "not_report": "不是年报",
    "robots": "robots.txt 禁止",
    "error": "出错",
    "skipped": "未抓取",
}


@app.command("crawl")
def crawl_command(
    url: Annotated[str, typer.Argument(help="年报栏目的网址 / address of the column listing annual reports")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="保存年报的目录 / directory for the reports")
    ],
    max_pages: Annotated[int, typer.Option("--max-pages", min=1, help="最多请求数 / most requests")] = 200,
    max_depth: Annotated[
        int, typer.Option("--max-depth", min=0, help="离栏目页最多几层链接 / most links away from the column")
    ] = 2,
    delay: Annotated[
        float, typer.Option("--delay", min=0.0, help="两次请求的最短间隔（秒）/ seconds between requests")
    ] = 1.0,
    max_mb: Annotated[
        int, typer.Option("--max-mb", min=1, help="下载总量上限（MB）/ most megabytes in all")
    ] = 500,
    lang: LangOption = "zh",
) -> None:
    """从年报栏目收集年报：遵守 robots.txt，限定请求数、深度与速率，写 manifest.csv（网址、日期、哈希）/
    Collect the reports linked from a 年报 column (robots.txt honoured; bounded; manifest.csv)."""
    lang = lang_of(lang)
    console = stderr_console()

    def show(entry: Entry) -> None:
        status = _STATUS_ZH.get(entry.status, entry.status) if lang == "zh" else entry.status
        where = f" → {entry.file}" if entry.file else ""
        why = f"（{entry.message}）" if entry.message and lang == "zh" else ""
        console.print(f"  {escape(status)} {escape(entry.url)}{escape(where)}{escape(why)}", highlight=False)

    from gongkai.fetch import crawl

    try:
        result = crawl(
            url,
            output,
            max_pages=max_pages,
            max_depth=max_depth,
            delay=delay,
            max_total_bytes=max_mb * 1024 * 1024,
            on_entry=show,
        )
    except GongkaiError as err:
        raise fail(err, lang) from None
    counts = Counter(e.status for e in result.entries)
    console.print(
        say(
            lang,
            f"共 {len(result.saved)} 份年报在 {output}（本次请求 {result.requests} 次，{result.bytes / 1e6:.1f} MB；"
            f"不是年报 {counts['not_report']}，出错 {counts['error']}，robots 禁止 {counts['robots']}，"
            f"未抓取 {counts['skipped']}）；清单：{result.manifest}",
            f"{len(result.saved)} reports in {output} ({result.requests} requests, {result.bytes / 1e6:.1f} MB; "
            f"{counts['not_report']} not reports, {counts['error']} errors, {counts['robots']} disallowed, "
            f"{counts['skipped']} not fetched); manifest: {result.manifest}",
        ),
        highlight=False,
    )
    raise typer.Exit(code=EXIT_OK if result.saved else EXIT_FINDINGS)
