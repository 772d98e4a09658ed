"""The history import from an address on the web: fetched with gongkai.fetch (bounded, robots.txt honoured)
from a local HTTP server serving pages made here, with clear Chinese errors and nothing saved on failure."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.renderers import render
from tests.core.checks.builders import valid_report

HTML = "text/html; charset=utf-8"


@pytest.fixture
def site() -> Iterator[tuple[dict[str, tuple[int, str, bytes]], str]]:
    report = render(valid_report("2021", year=2023, agency="甲局"), "html")
    body = report.encode("utf-8") if isinstance(report, str) else report
    pages: dict[str, tuple[int, str, bytes]] = {
        "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/nianbao/2023.html": (200, HTML, body),
        "/private/2023.html": (200, HTML, body),
        "/nianbao/notice.html": (200, HTML, "<html><body><p>请按时报送。</p></body></html>".encode()),
        "/big.pdf": (200, "application/pdf", b"%PDF-1.4\n" + b"0" * 11_000_000),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, kind, data = pages.get(self.path, (404, "text/html", b"<html>not found</html>"))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield pages, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _post(world: Any, data: dict[str, Any]) -> Any:
    client = Client()
    client.force_login(world.users["officer"])
    return client.post(reverse("annual_reports:import", kwargs={"code": world.agency.code}), data)


def test_a_report_page_is_imported_from_its_address(world: Any, site: Any) -> None:
    from gongkai_web.annual_reports.models import AnnualReport
    from gongkai_web.common.models import AuditEntry

    _pages, base = site
    response = _post(world, {"url": f"{base}/nianbao/2023.html"})
    assert response.status_code == 302
    report = AnnualReport.objects.get(agency=world.agency)
    assert (report.state, report.year, report.source_format) == ("imported", 2023, "html")
    assert report.source_name == f"{base}/nianbao/2023.html"
    assert report.files.get(fmt="original").filename == "2023.html"
    entry = AuditEntry.objects.get(action="annual_report_import")
    assert entry.changes["url"] == f"{base}/nianbao/2023.html"


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/private/2023.html", "robots.txt 不允许读取"),
        ("/nianbao/missing.html", "返回 HTTP 404"),
        ("/nianbao/notice.html", "不是年报页面或文件"),
        ("/big.pdf", "过大"),
    ],
)
def test_an_address_without_a_report_is_refused_in_chinese(
    world: Any, site: Any, path: str, words: str
) -> None:
    from gongkai_web.annual_reports.models import AnnualReport

    _pages, base = site
    response = _post(world, {"url": f"{base}{path}"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "该网址没有可读取的年报，未保存任何内容" in html and words in html
    assert not AnnualReport.objects.exists()


def test_an_unreachable_host_is_named(world: Any) -> None:
    response = _post(world, {"url": "http://127.0.0.1:9/nianbao.html"})
    assert "无法连接 127.0.0.1:9" in response.content.decode()


def test_a_file_and_an_address_together_are_refused(world: Any, site: Any) -> None:
    _pages, base = site
    response = _post(world, {"url": f"{base}/nianbao/2023.html", "file": SimpleUploadedFile("a.txt", b"x")})
    assert response.status_code == 200
    assert "请选择文件或填写年报网址，二者选一" in response.content.decode()


def test_neither_file_nor_address_is_refused(world: Any) -> None:
    response = _post(world, {"url": ""})
    assert "请选择文件或填写年报网址，二者选一" in response.content.decode()


def test_a_private_address_is_refused_where_the_site_guards_it(world: Any, site: Any, settings: Any) -> None:
    from gongkai_web.annual_reports.models import AnnualReport

    settings.GONGKAI_FETCH_PUBLIC_ONLY = True
    _pages, base = site
    response = _post(world, {"url": f"{base}/nianbao/2023.html"})
    assert "指向内部网络地址（127.0.0.1），不予读取" in response.content.decode()
    assert not AnnualReport.objects.exists()
