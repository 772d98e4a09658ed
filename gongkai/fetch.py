"""Reports from the web: fetch one report page or file, or collect the reports an agency's 年报 column links to.

:func:`fetch` makes one bounded GET (size, time, redirects) and raises :class:`FetchError` with a message
naming the address for anything that is not a page or file (unreachable host, HTTP error, too large).
:func:`read_url` reads the report at an address: the page itself, or, for an article page that only links
its report as an attachment (「附件：2023年政府信息公开工作年度报告.pdf」), the first attachment that reads
as a report. :func:`crawl` walks a 年报 column: it honours robots.txt, stays on the column's host, waits
``delay`` seconds between requests, stops at ``max_pages`` requests, ``max_depth`` links from the column
and ``max_total_bytes``, saves every report it finds into a directory and writes ``manifest.csv`` (URL,
date, SHA-256, file, status) as it goes; a crawl started again skips what the manifest says was saved.

httpx is the HTTP client: it streams bodies (so a size limit stops a download rather than after it), has
separate connect/read timeouts, a redirect limit and one exception hierarchy to translate into messages.
"""

from __future__ import annotations

import csv
import hashlib
import ipaddress
import re
import socket
import time
import urllib.robotparser
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from gongkai import __version__
from gongkai.errors import GongkaiError, ParseError
from gongkai.parsers import MAX_INPUT_BYTES, detect_format, read
from gongkai.parsers.result import ParseResult

#: How gongkai names itself to web servers (and the token robots.txt rules are matched against).
USER_AGENT = f"gongkai/{__version__} (annual disclosure report reader)"
ROBOTS_AGENT = "gongkai"
#: Seconds to connect, and to wait for each read of the response.
TIMEOUT = 20.0
MAX_REDIRECTS = 5
#: Attachments of an article page tried before giving up on it.
MAX_ATTACHMENTS = 3

_FILE = re.compile(r"\.(pdf|docx?|wps|txt)$", re.I)
_PAGE = re.compile(r"\.(s?html?|jsp|aspx?|php)$", re.I)
_REPORTISH = re.compile(r"年报|年度报告|工作报告|annual", re.I)
_NEXT = re.compile(r"^\s*(下一页|下页|后一页|next\s*page|next|›|»|>)\s*$", re.I)
_PAGINATION = re.compile(r"(index|list)_\d+\.s?html?$", re.I)


class FetchError(GongkaiError):
    """An address that gives no page or file to read: unreachable, an HTTP error, too large, refused."""


@dataclass(frozen=True)
class Fetched:
    """A response body and where it came from."""

    url: str
    final_url: str
    status: int
    content_type: str
    data: bytes
    fetched_at: datetime

    @property
    def sha256(self) -> str:
        """SHA-256 of the body."""
        return hashlib.sha256(self.data).hexdigest()


def _httpx() -> Any:
    try:
        import httpx
    except ImportError:
        raise FetchError(
            "从网上读取需要 httpx（pip install 'gongkai[fetch]'）",
            "reading from the web needs httpx (pip install 'gongkai[fetch]')",
        ) from None
    return httpx


class PrivateAddressError(FetchError):
    """An address whose host is on a private, loopback, link-local or otherwise non-public network."""


def public_address_check(url: str) -> None:
    """Raise :class:`PrivateAddressError` when the host of ``url`` resolves to any address that is not public
    (10.x, 127.x, 169.254.x, ::1, …): what a server reading addresses its users type must not reach."""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"无法解析域名 {host}", f"cannot resolve {host}") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise PrivateAddressError(
                f"{url} 指向内部网络地址（{address}），不予读取",
                f"{url} points at a non-public address ({address}); not read",
            )


def new_client(*, timeout: float = TIMEOUT, public_only: bool = False) -> Any:
    """An ``httpx.Client`` with gongkai's user agent, timeouts and redirect limit (callers close it). With
    ``public_only`` every request it sends, redirects included, is first checked by
    :func:`public_address_check`."""
    httpx = _httpx()

    def check(request: Any) -> None:
        public_address_check(str(request.url))

    return httpx.Client(
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        event_hooks={"request": [check]} if public_only else {},
    )


def _check_address(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"不是网址：{url}（须以 http:// 或 https:// 开头）", f"not a web address: {url}")


def fetch(url: str, *, client: Any = None, max_bytes: int = MAX_INPUT_BYTES) -> Fetched:
    """GET ``url`` (at most ``max_bytes`` of body, :data:`TIMEOUT` per read, :data:`MAX_REDIRECTS` redirects).

    Raises :class:`FetchError` for an address that is not http(s), a host that cannot be reached or does not
    answer in time, an HTTP status of 400 or more, or a body over ``max_bytes``.
    """
    _check_address(url)
    httpx = _httpx()
    own = client is None
    client = client or new_client()
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(
                    f"{url} 返回 HTTP {response.status_code}（{response.reason_phrase}）",
                    f"{url} answered HTTP {response.status_code} ({response.reason_phrase})",
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise _too_large(url, int(declared), max_bytes)
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise _too_large(url, len(body), max_bytes)
            return Fetched(
                url=url,
                final_url=str(response.url),
                status=response.status_code,
                content_type=response.headers.get("content-type", ""),
                data=bytes(body),
                fetched_at=datetime.now(UTC),
            )
    except httpx.TooManyRedirects:
        raise FetchError(f"{url} 重定向次数过多", f"{url}: too many redirects") from None
    except httpx.TimeoutException:
        raise FetchError(f"{url} 在 {TIMEOUT:.0f} 秒内没有响应", f"{url} did not answer in time") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"无法连接 {url}：{exc}", f"cannot reach {url}: {exc}") from None
    finally:
        if own:
            client.close()


def _too_large(url: str, size: int, limit: int) -> FetchError:
    return FetchError(
        f"{url} 过大（超过 {limit // 1024 // 1024} MB），未读取",
        f"{url} is too large (over {limit} bytes); not read",
    )


# --- links ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """A link of a page: absolute address (without fragment) and its text."""

    url: str
    text: str


def links(page: Fetched) -> list[Link]:
    """The ``<a href>`` links of an HTML page, made absolute against the page's final address, in order."""
    from lxml import html as lxml_html

    from gongkai.parsers.html import decode_html

    try:
        root = lxml_html.document_fromstring(decode_html(page.data))
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return []
    out: list[Link] = []
    seen: set[str] = set()
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.lower().startswith(("javascript:", "mailto:", "#")):
            continue
        url = urldefrag(urljoin(page.final_url, href))[0]
        if url in seen or not url.lower().startswith(("http://", "https://")):
            continue
        seen.add(url)
        out.append(Link(url, " ".join(anchor.text_content().split())))
    return out


def _is_file(url: str) -> bool:
    return bool(_FILE.search(urlsplit(url).path))


def attachments(page: Fetched) -> list[Link]:
    """Links of a page to files (PDF, DOCX, DOC, WPS, TXT), those that look like a report first."""
    files = [link for link in links(page) if _is_file(link.url)]
    return sorted(files, key=lambda link: not _REPORTISH.search(link.text + link.url))


def _is_html(page: Fetched) -> bool:
    return "html" in page.content_type.lower() or detect_format(page.data, page.final_url) == "html"


class RobotsRefusedError(FetchError):
    """The site's robots.txt does not allow gongkai to read the address."""


def robots_rules(url: str, *, client: Any) -> urllib.robotparser.RobotFileParser:
    """The robots.txt rules of ``url``'s site. No robots.txt (a 4xx answer) allows everything; a server error
    raises :class:`RobotsRefusedError` (RFC 9309: then the whole site is off limits for now); an unreachable
    site raises :class:`FetchError` like any unreachable address."""
    parts = urlsplit(url)
    robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
    httpx = _httpx()
    try:
        response = client.get(robots_url)
    except httpx.HTTPError as exc:
        raise FetchError(f"无法连接 {parts.netloc}：{exc}", f"cannot reach {parts.netloc}: {exc}") from None
    if response.status_code >= 500:
        raise RobotsRefusedError(
            f"{robots_url} 返回 HTTP {response.status_code}，按 robots 协议暂不读取该网站",
            f"{robots_url} answered HTTP {response.status_code}; per robots.txt rules nothing is read",
        )
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(response.text.splitlines() if response.status_code < 400 else [])
    return parser


def robots_check(url: str, *, client: Any) -> None:
    """Raise :class:`RobotsRefusedError` when the robots.txt of ``url``'s site (:func:`robots_rules`)
    disallows it for gongkai."""
    _check_address(url)
    if not robots_rules(url, client=client).can_fetch(ROBOTS_AGENT, url):
        parts = urlsplit(url)
        raise RobotsRefusedError(
            f"{parts.netloc} 的 robots.txt 不允许读取 {url}",
            f"the robots.txt of {parts.netloc} does not allow reading {url}",
        )


def fetch_report(
    url: str,
    *,
    client: Any = None,
    honour_robots: bool = False,
    max_bytes: int = MAX_INPUT_BYTES,
    public_only: bool = False,
    reader: Callable[..., ParseResult] = read,
) -> tuple[Fetched, ParseResult]:
    """The report at ``url`` and the response it was read from: the page or file itself, or the first of an
    article page's attachments that reads as a report (at most :data:`MAX_ATTACHMENTS` tried). For callers
    that keep the original file (the site's history import) as well as the report. With ``honour_robots``
    every address is checked against its site's robots.txt first (:func:`robots_check`); an attachment the
    rules disallow is skipped. With ``public_only`` (a server fetching what its users type) no request goes to
    a non-public address (:func:`public_address_check`, on every request and redirect). ``reader`` reads
    what was fetched (``reader(data, source=url)``; the site passes :func:`gongkai.sandbox.read_untrusted`).

    Raises :class:`FetchError` when the address gives nothing to read, or nothing there is a report (the
    message says why, and suggests ``gongkai crawl`` for a column page).
    """
    own = client is None
    client = client or new_client(public_only=public_only)
    try:
        if honour_robots:
            robots_check(url, client=client)
        page = fetch(url, client=client, max_bytes=max_bytes)
        try:
            return page, reader(page.data, source=url)
        except ParseError as err:
            first = err
        if _is_html(page):
            for link in attachments(page)[:MAX_ATTACHMENTS]:
                try:
                    if honour_robots:
                        robots_check(link.url, client=client)
                    attachment = fetch(link.url, client=client, max_bytes=max_bytes)
                    return attachment, reader(attachment.data, source=link.url)
                except (FetchError, ParseError):
                    continue
        raise FetchError(
            f"{url} 不是年报页面或文件（{first.message_zh}）；若这是年报栏目的列表页，请用 gongkai crawl 收集",
            f"{url} is not a report page or file ({first.message_en}); for a column listing reports use "
            "gongkai crawl",
        )
    finally:
        if own:
            client.close()


def read_url(url: str, *, client: Any = None) -> ParseResult:
    """The report at ``url`` (see :func:`fetch_report`); its ``source`` is the address it was read from."""
    return fetch_report(url, client=client)[1]


# --- crawling a column ------------------------------------------------------------------------------

#: The manifest's columns.
MANIFEST_COLUMNS = ("url", "fetched_at", "sha256", "file", "status", "agency", "year", "message")


@dataclass
class Entry:
    """One address the crawl dealt with: ``status`` is ``saved`` (a report, written to ``file``),
    ``duplicate`` (the same content as a report already saved), ``not_report``, ``robots`` (disallowed by
    robots.txt, not fetched), ``error`` (could not be fetched) or ``skipped`` (a bound was reached)."""

    url: str
    status: str
    fetched_at: str = ""
    sha256: str = ""
    file: str = ""
    agency: str = ""
    year: str = ""
    message: str = ""

    def row(self) -> list[str]:
        """The manifest row."""
        return [getattr(self, c) for c in MANIFEST_COLUMNS]


@dataclass
class CrawlResult:
    """What a crawl did: every entry of the manifest, requests made and bytes fetched."""

    directory: Path
    entries: list[Entry] = field(default_factory=list)
    requests: int = 0
    bytes: int = 0

    @property
    def saved(self) -> list[Entry]:
        """The reports written to the directory (this crawl's and earlier crawls')."""
        return [e for e in self.entries if e.status == "saved"]

    @property
    def manifest(self) -> Path:
        """The manifest file."""
        return self.directory / "manifest.csv"


class CrawlError(FetchError):
    """A crawl that cannot start: the column page unreachable, refused by robots.txt, or linking no reports."""


_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.-]+")


def _file_name(result: ParseResult, data: bytes, url: str, digest: str) -> str:
    report = result.report
    suffix = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "json": ".json"}.get(
        detect_format(data, url), ".txt"
    )
    agency = _UNSAFE.sub("_", report.agency)[:40] or "unknown"
    return f"{report.year}-{agency}-{digest[:10]}{suffix}"


class _Crawler:
    def __init__(
        self,
        start: str,
        directory: Path,
        *,
        client: Any,
        max_pages: int,
        max_depth: int,
        max_bytes: int,
        max_total_bytes: int,
        delay: float,
        on_entry: Callable[[Entry], None] | None,
    ) -> None:
        self.start, self.directory, self.client = start, directory, client
        self.max_pages, self.max_depth, self.max_bytes = max_pages, max_depth, max_bytes
        self.max_total_bytes, self.delay, self.on_entry = max_total_bytes, delay, on_entry
        self.host = urlsplit(start).netloc.lower()
        self.result = CrawlResult(directory=directory)
        self.by_url: dict[str, Entry] = {}
        self.by_digest: dict[str, Entry] = {}
        self.last_request = 0.0
        self.robots = urllib.robotparser.RobotFileParser()

    # -- bookkeeping

    def load_manifest(self) -> None:
        if not self.result.manifest.exists():
            return
        with self.result.manifest.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                entry = Entry(**{c: row.get(c) or "" for c in MANIFEST_COLUMNS})
                if entry.status == "saved" and (self.directory / entry.file).exists():
                    self._add(entry)

    def _add(self, entry: Entry) -> None:
        old = self.by_url.get(entry.url)
        if old is not None:
            self.result.entries.remove(old)
        self.by_url[entry.url] = entry
        if entry.status == "saved":
            self.by_digest[entry.sha256] = entry
        self.result.entries.append(entry)
        self.write_manifest()
        if self.on_entry is not None:
            self.on_entry(entry)

    def write_manifest(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = self.result.manifest.with_suffix(".csv.tmp")
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(MANIFEST_COLUMNS)
            writer.writerows(e.row() for e in self.result.entries)
        temporary.replace(self.result.manifest)

    # -- requests

    def _wait(self) -> None:
        pause = self.delay - (time.monotonic() - self.last_request)
        if self.last_request and pause > 0:
            time.sleep(pause)
        self.last_request = time.monotonic()

    def get(self, url: str) -> Fetched:
        if self.result.requests >= self.max_pages:
            raise _Bound(f"已达到请求上限 {self.max_pages}", f"request limit {self.max_pages} reached")
        left = self.max_total_bytes - self.result.bytes
        if left <= 0:
            raise _Bound("已达到下载总量上限", "total download limit reached")
        self._wait()
        self.result.requests += 1
        page = fetch(url, client=self.client, max_bytes=min(self.max_bytes, left))
        self.result.bytes += len(page.data)
        return page

    def read_robots(self) -> None:
        self._wait()
        try:
            self.robots = robots_rules(self.start, client=self.client)
        except FetchError as exc:
            raise CrawlError(exc.message_zh, exc.message_en) from None
        crawl_delay = self.robots.crawl_delay(ROBOTS_AGENT)
        if crawl_delay is not None:
            self.delay = max(self.delay, float(crawl_delay))

    def allowed(self, url: str) -> bool:
        return self.robots.can_fetch(ROBOTS_AGENT, url)

    # -- the walk

    def save(self, url: str, page: Fetched, result: ParseResult) -> Entry:
        digest = page.sha256
        stamp = page.fetched_at.isoformat(timespec="seconds")
        report = result.report
        known = self.by_digest.get(digest)
        if known is not None:
            return Entry(url, "duplicate", stamp, digest, known.file, report.agency, str(report.year))
        name = _file_name(result, page.data, page.final_url, digest)
        (self.directory / name).write_bytes(page.data)
        return Entry(url, "saved", stamp, digest, name, report.agency, str(report.year))

    def visit(self, url: str, depth: int, role: str, queue: deque[tuple[str, int, str]]) -> bool:
        """Deal with one address; True when it was a page listing candidates (or a report)."""
        if not self.allowed(url):
            self._add(Entry(url, "robots", message="robots.txt 不允许抓取"))
            return False
        try:
            page = self.get(url)
        except _Bound as bound:
            self._add(Entry(url, "skipped", message=bound.message_zh))
            return False
        except FetchError as err:
            if role == "column" and url == self.start:
                raise CrawlError(err.message_zh, err.message_en) from None
            self._add(Entry(url, "error", message=err.message_zh))
            return False
        stamp = page.fetched_at.isoformat(timespec="seconds")
        try:
            result = read(page.data, source=url)
        except ParseError as err:
            result, why = None, err.message_zh
        if result is not None:
            self._add(self.save(url, page, result))
            return True
        if not _is_html(page):
            self._add(Entry(url, "not_report", stamp, page.sha256, message=why))
            return False
        found = False
        for link in links(page):
            if urlsplit(link.url).netloc.lower() != self.host or link.url in self.by_url:
                continue
            if role == "column" and _is_next_page(link):
                queue.append((link.url, depth, "column"))
            elif depth < self.max_depth and (
                _is_file(link.url) if role == "article" else _is_candidate(link)
            ):
                queue.append((link.url, depth + 1, "article"))
                found = True
        if role == "article" and not found:
            self._add(Entry(url, "not_report", stamp, page.sha256, message=why))
        return found


class _Bound(GongkaiError):
    """A crawl bound reached (requests or bytes)."""


def _is_next_page(link: Link) -> bool:
    return bool(_NEXT.match(link.text)) or bool(_PAGINATION.search(urlsplit(link.url).path))


def _is_candidate(link: Link) -> bool:
    """A link of a column page worth following: it says 年报/年度报告, or it is a file."""
    return bool(_REPORTISH.search(link.text)) or _is_file(link.url)


def crawl(
    url: str,
    directory: Path,
    *,
    max_pages: int = 200,
    max_depth: int = 2,
    max_bytes: int = MAX_INPUT_BYTES,
    max_total_bytes: int = 500 * 1024 * 1024,
    delay: float = 1.0,
    client: Any = None,
    on_entry: Callable[[Entry], None] | None = None,
) -> CrawlResult:
    """Collect the reports linked from the 年报 column at ``url`` into ``directory``, with ``manifest.csv``.

    Follows, on the column's host only: the column's links that say 年报/年度报告 or point at files, its
    next-page links, and on each linked article page its attachments, to ``max_depth`` links from the
    column. At most ``max_pages`` requests of at most ``max_bytes`` each and ``max_total_bytes`` in all,
    ``delay`` seconds apart (longer if robots.txt asks); robots.txt is obeyed. Addresses the manifest
    already lists as saved are not fetched again. ``on_entry`` hears of every manifest entry as it is made.

    Raises :class:`CrawlError` when the column cannot be fetched or read, robots.txt forbids it, or it
    links to no report.
    """
    _check_address(url)
    own = client is None
    client = client or new_client()
    crawler = _Crawler(
        url,
        directory,
        client=client,
        max_pages=max_pages,
        max_depth=max_depth,
        max_bytes=max_bytes,
        max_total_bytes=max_total_bytes,
        delay=delay,
        on_entry=on_entry,
    )
    try:
        directory.mkdir(parents=True, exist_ok=True)
        crawler.load_manifest()
        crawler.read_robots()
        if not crawler.allowed(url):
            raise CrawlError(f"robots.txt 不允许抓取 {url}", f"robots.txt disallows {url}")
        queue: deque[tuple[str, int, str]] = deque([(url, 0, "column")])
        seen: set[str] = set()
        productive = False
        while queue:
            address, depth, role = queue.popleft()
            if address in seen or address in crawler.by_url:
                continue
            seen.add(address)
            listed = crawler.visit(address, depth, role, queue)
            productive = productive or (address == url and listed)
        if not productive:
            raise CrawlError(
                f"{url} 上没有找到年报的链接（这是年报栏目吗？）",
                f"no links to reports found on {url} (is it the column of annual reports?)",
            )
        crawler.write_manifest()
        return crawler.result
    finally:
        if own:
            client.close()


__all__ = [
    "MANIFEST_COLUMNS",
    "MAX_REDIRECTS",
    "TIMEOUT",
    "USER_AGENT",
    "CrawlError",
    "CrawlResult",
    "Entry",
    "FetchError",
    "Fetched",
    "Link",
    "PrivateAddressError",
    "RobotsRefusedError",
    "attachments",
    "crawl",
    "fetch",
    "fetch_report",
    "links",
    "new_client",
    "public_address_check",
    "read_url",
    "robots_check",
    "robots_rules",
]
