"""Reports from the web, against a local HTTP server serving pages made here (no network)."""

from __future__ import annotations

import csv
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli import app
from gongkai.fetch import CrawlError, FetchError, crawl, fetch, fetch_report, read_url
from gongkai.renderers import render
from tests.core.checks.builders import valid_report

runner = CliRunner()


@dataclass
class Site:
    """A web site on 127.0.0.1: pages by path, and every request it answered (path, monotonic time)."""

    pages: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    log: list[tuple[str, float]] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requested(self) -> list[str]:
        return [p for p, _ in self.log if p != "/robots.txt"]


def _links(*items: tuple[str, str]) -> bytes:
    anchors = "".join(f'<li><a href="{href}">{text}</a></li>' for text, href in items)
    return f"<html><head><meta charset='utf-8'></head><body><ul>{anchors}</ul></body></html>".encode()


@cache
def _report(year: int, fmt: str) -> bytes:
    template = "2019" if year <= 2020 else "2021"
    data = render(valid_report(template, year=year, agency="某市司法局"), fmt)
    return data if isinstance(data, bytes) else data.encode("utf-8")


HTML, DOCX = (
    "text/html; charset=utf-8",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    s.pages = {
        "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/nianbao/index.html": (
            200,
            HTML,
            _links(
                ("2023年政府信息公开工作年度报告", "2023.html"),
                ("2022年度报告", "/nianbao/2022.html"),
                ("2021年报", "/private/2021.html"),
                ("2020年报", "missing.html"),
                ("关于年报工作的通知", "notice.html"),
                ("首页", "/index.html"),
                ("其他网站的年报", "http://other.invalid/nianbao.html"),
                ("下一页", "index_1.html"),
            ),
        ),
        "/nianbao/index_1.html": (200, HTML, _links(("2019年报", "2019.html"), ("上一页", "index.html"))),
        "/nianbao/2023.html": (200, HTML, _report(2023, "html")),
        "/nianbao/2019.html": (200, HTML, _report(2019, "html")),
        "/nianbao/2022.html": (
            200,
            HTML,
            _links(("附件：2022年度报告.docx", "/files/2022.docx"), ("返回", "index.html")),
        ),
        "/files/2022.docx": (200, DOCX, _report(2022, "docx")),
        "/nianbao/notice.html": (
            200,
            HTML,
            "<html><body><p>请各单位按时报送年报。</p></body></html>".encode(),
        ),
        "/index.html": (200, HTML, _links(("栏目", "/nianbao/index.html"))),
        "/empty/index.html": (200, HTML, _links(("首页", "/index.html"))),
        "/big.pdf": (200, "application/pdf", b"%PDF-1.4\n" + b"0" * 200_000),
        "/private/2021.html": (200, HTML, _report(2021, "html")),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            s.log.append((self.path, time.monotonic()))
            status, kind, body = s.pages.get(self.path, (404, "text/html", b"<html>not found</html>"))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    s.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield s
    finally:
        server.shutdown()
        server.server_close()


def _manifest(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return {row["url"]: row for row in csv.DictReader(handle)}


def test_crawl_collects_the_reports_a_column_links_with_a_manifest(site: Site, tmp_path: Path) -> None:
    result = crawl(site.url("/nianbao/index.html"), tmp_path, delay=0)
    assert sorted(e.year for e in result.saved) == ["2019", "2022", "2023"]
    manifest = _manifest(tmp_path)
    for entry in result.saved:
        row = manifest[entry.url]
        assert hashlib.sha256((tmp_path / row["file"]).read_bytes()).hexdigest() == row["sha256"]
        assert row["fetched_at"].startswith("20") and "T" in row["fetched_at"]
    assert manifest[site.url("/files/2022.docx")]["file"].endswith(".docx")
    assert manifest[site.url("/private/2021.html")]["status"] == "robots"
    assert manifest[site.url("/nianbao/missing.html")]["status"] == "error"
    assert manifest[site.url("/nianbao/notice.html")]["status"] == "not_report"


def test_crawl_fetches_nothing_robots_txt_disallows_nor_off_the_column(site: Site, tmp_path: Path) -> None:
    crawl(site.url("/nianbao/index.html"), tmp_path, delay=0)
    requested = site.requested()
    assert not [p for p in requested if p.startswith("/private/")]
    assert "/index.html" not in requested  # 首页 is neither a report link nor a next page
    assert site.log[0][0] == "/robots.txt"


def test_crawl_again_does_not_fetch_the_reports_already_saved(site: Site, tmp_path: Path) -> None:
    crawl(site.url("/nianbao/index.html"), tmp_path, delay=0)
    site.log.clear()
    again = crawl(site.url("/nianbao/index.html"), tmp_path, delay=0)
    assert len(again.saved) == 3
    assert not {"/nianbao/2023.html", "/nianbao/2019.html", "/files/2022.docx"} & set(site.requested())


def test_crawl_stops_at_the_request_limit_and_lists_what_it_left(site: Site, tmp_path: Path) -> None:
    result = crawl(site.url("/nianbao/index.html"), tmp_path, delay=0, max_pages=3)
    assert len(site.requested()) == 3 == result.requests
    assert any(e.status == "skipped" for e in result.entries)


def test_crawl_waits_the_delay_between_requests(site: Site, tmp_path: Path) -> None:
    crawl(site.url("/nianbao/index.html"), tmp_path, delay=0.2, max_pages=4)
    times = [t for _, t in site.log]
    assert len(times) == 5
    # Arrival times at the server jitter a little around the client's pauses.
    assert min(b - a for a, b in pairwise(times)) >= 0.15


def test_crawl_refuses_a_file_over_the_size_limit(site: Site, tmp_path: Path) -> None:
    site.pages["/nianbao/index.html"] = (
        200,
        HTML,
        _links(("2018年报", "/big.pdf"), ("2023年报", "2023.html")),
    )
    result = crawl(site.url("/nianbao/index.html"), tmp_path, delay=0, max_bytes=100_000)
    big = next(e for e in result.entries if e.url.endswith("/big.pdf"))
    assert big.status == "error" and "过大" in big.message
    assert [e.year for e in result.saved] == ["2023"]


def test_crawl_says_clearly_when_the_column_links_no_report(site: Site, tmp_path: Path) -> None:
    with pytest.raises(CrawlError) as caught:
        crawl(site.url("/empty/index.html"), tmp_path, delay=0)
    assert "没有找到年报的链接" in caught.value.message_zh


def test_crawl_says_clearly_when_the_site_cannot_be_reached(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(CrawlError) as caught:
        crawl(f"http://127.0.0.1:{port}/nianbao/", tmp_path, delay=0)
    assert "无法连接" in caught.value.message_zh


def test_crawl_refuses_a_column_robots_txt_disallows(site: Site, tmp_path: Path) -> None:
    with pytest.raises(CrawlError) as caught:
        crawl(site.url("/private/2021.html"), tmp_path, delay=0)
    assert "robots.txt" in caught.value.message_zh
    assert site.requested() == []


def test_read_url_reads_a_report_page(site: Site) -> None:
    result = read_url(site.url("/nianbao/2023.html"))
    assert result.report.year == 2023 and result.source == site.url("/nianbao/2023.html")


def test_read_url_follows_an_article_pages_attachment(site: Site) -> None:
    result = read_url(site.url("/nianbao/2022.html"))
    assert result.report.year == 2022 and result.source.endswith("/files/2022.docx")


def test_fetch_report_gives_the_original_file_beside_the_report(site: Site) -> None:
    original, result = fetch_report(site.url("/nianbao/2022.html"))
    assert original.data == site.pages["/files/2022.docx"][2]
    assert original.sha256 == hashlib.sha256(original.data).hexdigest() and result.report.year == 2022


def test_read_url_names_a_column_page_as_not_a_report_and_suggests_crawl(site: Site) -> None:
    with pytest.raises(FetchError) as caught:
        read_url(site.url("/nianbao/notice.html"))
    assert "不是年报页面或文件" in caught.value.message_zh and "gongkai crawl" in caught.value.message_zh


def test_fetch_names_the_http_status(site: Site) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/nianbao/missing.html"))
    assert "HTTP 404" in caught.value.message_zh


def test_fetch_refuses_what_is_not_a_web_address() -> None:
    with pytest.raises(FetchError):
        fetch("ftp://example.invalid/report.pdf")


def test_parse_reads_a_url_like_a_file(site: Site) -> None:
    url = site.url("/nianbao/2023.html")
    result = runner.invoke(app, ["parse", url, "-f", "cells"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith(f"{url},某市司法局,2023,2021,")


def test_parse_of_an_unreachable_page_exits_2_naming_it(site: Site) -> None:
    url = site.url("/nianbao/missing.html")
    result = runner.invoke(app, ["parse", url])
    assert result.exit_code == 2
    assert url in result.stderr and "HTTP 404" in result.stderr


def test_crawl_command_writes_the_directory_and_reports_the_count(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = runner.invoke(app, ["crawl", site.url("/nianbao/index.html"), "-o", str(out), "--delay", "0"])
    assert result.exit_code == 0, result.output
    assert "共 3 份年报" in result.stderr
    assert (out / "manifest.csv").exists()
    parsed = runner.invoke(app, ["parse", str(out), "-f", "cells"])
    assert parsed.exit_code == 0 and "共读取 3 份年报" in parsed.stderr.replace("\n", "")


def test_fetch_report_honouring_robots_refuses_a_disallowed_address(site: Site) -> None:
    from gongkai.fetch import RobotsRefusedError

    with pytest.raises(RobotsRefusedError) as refused:
        fetch_report(site.url("/private/2021.html"), honour_robots=True)
    assert "robots.txt 不允许读取" in refused.value.message_zh
    assert "/private/2021.html" not in site.requested()
    page, result = fetch_report(site.url("/nianbao/2023.html"), honour_robots=True)
    assert result.report.year == 2023 and page.status == 200


def test_public_only_sends_no_request_to_a_private_address(site: Site) -> None:
    from gongkai.fetch import PrivateAddressError

    with pytest.raises(PrivateAddressError):
        fetch_report(site.url("/nianbao/2023.html"), public_only=True)
    assert site.log == []
