"""One way to send a file: a file name that survives Chinese characters (RFC 5987), never sniffed by the
browser, and HTML files sandboxed (no script, no outside resources) since they may come from an upload."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

#: What an HTML file served by the site may load: its own inline styles and data: images, nothing else.
HTML_SANDBOX = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def file_response(
    data: bytes | str, *, content_type: str, filename: str, inline: bool = False
) -> HttpResponse:
    """``data`` as a download named ``filename`` (shown in the browser when ``inline``)."""
    body = data.encode("utf-8") if isinstance(data, str) else data
    response = HttpResponse(body, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    if content_type.startswith("text/html"):
        response["Content-Security-Policy"] = HTML_SANDBOX
    return response
