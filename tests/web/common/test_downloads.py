"""Files the site sends: Chinese names survive, nothing is sniffed, HTML is sandboxed."""

from __future__ import annotations

from urllib.parse import unquote

from gongkai_web.common.downloads import file_response


def test_a_chinese_file_name_survives_in_the_header() -> None:
    response = file_response(b"x", content_type="application/pdf", filename="年度报告.pdf")
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename*=UTF-8''")
    assert unquote(header.split("''", 1)[1]) == "年度报告.pdf"


def test_inline_files_are_shown_not_saved() -> None:
    response = file_response(b"x", content_type="application/pdf", filename="a.pdf", inline=True)
    assert response["Content-Disposition"].startswith("inline;")


def test_html_is_sandboxed_and_nothing_is_sniffed() -> None:
    html = file_response("<p>报告</p>", content_type="text/html; charset=utf-8", filename="a.html")
    assert "default-src 'none'" in html["Content-Security-Policy"]
    assert html["X-Content-Type-Options"] == "nosniff"
    assert html.content == "<p>报告</p>".encode()


def test_other_files_carry_no_content_policy() -> None:
    response = file_response(b"x", content_type="text/csv; charset=utf-8", filename="a.csv")
    assert "Content-Security-Policy" not in response
