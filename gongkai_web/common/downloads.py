"""One way to send a file: a file name that survives Chinese characters (RFC 5987), never sniffed by the
browser, and HTML files sandboxed (no script, no outside resources) since they may come from an upload."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from urllib.parse import quote

from django.http import Http404, HttpResponse

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


# --- tables: CSV that Excel and WPS open cleanly, and XLSX beside it ------------------------------------------

#: The byte-order mark that makes Excel and WPS read a CSV as UTF-8 (without it they guess GBK and garble).
BOM = "\ufeff"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The formats a table is served in, and their content types.
TABLE_FORMATS = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}


def table_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """``header`` and ``rows`` as CSV text beginning with a byte-order mark, lines ended CRLF (as Excel writes)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def table_xlsx(header: Sequence[str], rows: Iterable[Sequence[object]], *, sheet: str = "") -> bytes:
    """The same table as a workbook (one sheet named ``sheet``, the header row frozen); numbers stay numbers."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    if sheet:
        ws.title = sheet[:31]
    ws.append(list(header))
    for row in rows:
        ws.append([_xlsx_value(v) for v in row])
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: object) -> object:
    if value is None or isinstance(value, int | float | Decimal | str | date):
        return value
    return str(value)


def table_response(
    *,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    fmt: str,
    filename: str,
    sheet: str = "",
) -> HttpResponse:
    """A table as a download: ``fmt`` ``csv`` (UTF-8 with BOM) or ``xlsx``; ``filename`` without extension.
    Every table the site serves goes through here, so they all open the same way in Excel and WPS."""
    if fmt not in TABLE_FORMATS:
        raise Http404
    data: bytes | str = table_csv(header, rows) if fmt == "csv" else table_xlsx(header, rows, sheet=sheet)
    return file_response(data, content_type=TABLE_FORMATS[fmt], filename=f"{filename}.{fmt}")
