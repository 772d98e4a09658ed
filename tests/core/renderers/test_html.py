"""The HTML writer: a standalone, accessible page whose tables screen readers can follow."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from gongkai.model import Report
from gongkai.parsers import read
from gongkai.renderers import html as html_writer
from gongkai.renderers import render
from gongkai.templates import get_template

SAMPLE = Path(__file__).parents[2] / "data" / "sample-2020-shangdang-sifaju.txt"


def _report(template: str) -> Report:
    if template == "2019":
        return read(SAMPLE).report
    return Report.empty(agency="江苏省财政厅", year=2023, template="2021")


def _doc(template: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html_writer.render(_report(template)))


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_page_is_standalone_chinese_and_titled(template: str) -> None:
    page = html_writer.render(_report(template))
    doc = lxml.html.document_fromstring(page)
    assert page.startswith("<!DOCTYPE html>")
    assert doc.get("lang") == "zh-CN"
    assert doc.find(".//meta[@charset]").get("charset") == "utf-8"
    assert "年度政府信息公开工作年度报告" in doc.findtext(".//title")
    assert len(doc.findall(".//h1")) == 1
    # Nothing loaded from elsewhere: no scripts, links, images or remote URLs.
    assert not doc.xpath("//script|//link|//img|//*[starts-with(@src, 'http')]")


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_six_parts_are_headings_in_template_order(template: str) -> None:
    headings = [h.text_content() for h in _doc(template).findall(".//h2")]
    assert headings == [p.heading for p in get_template(template).parts]


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_every_table_has_a_caption_and_every_header_a_scope(template: str) -> None:
    doc = _doc(template)
    tables = doc.findall(".//table")
    assert len(tables) == 3
    for table in tables:
        assert (table.findtext("caption") or "").strip()
        assert all(th.get("scope") in {"col", "row", "colgroup", "rowgroup"} for th in table.iter("th"))


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_every_number_names_its_row_and_column_headers(template: str) -> None:
    doc = _doc(template)
    for table in doc.findall(".//table"):
        ids = [th.get("id") for th in table.iter("th")]
        assert len(ids) == len(set(ids)) and all(ids)
        cells = list(table.iter("td"))
        assert cells
        for td in cells:
            refs = td.get("headers", "").split()
            assert len(refs) >= 2, td.text
            assert set(refs) <= set(ids)


def test_a_number_can_be_announced_with_its_labels() -> None:
    doc = _doc("2021")
    by_id = {th.get("id"): th.text_content() for th in doc.iter("th")}
    table = doc.findall(".//table")[1]
    first_value = next(table.iter("td"))
    spoken = [by_id[ref] for ref in first_value.get("headers").split()]
    assert spoken == ["申请人情况", "自然人", "一、本年新收政府信息公开申请数量"]


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_merged_headers_are_drawn_as_the_template_draws_them(template: str) -> None:
    doc = _doc(template)
    spec = get_template(template)
    th = {t.text_content(): t for t in doc.iter("th")}
    assert th[spec.applications.org_group].get("colspan") == "5"
    assert th[spec.applications.header].get("colspan") == "7"
    assert th["三、本年度办理结果"].get("rowspan") == str(
        sum(1 for r in spec.applications.rows if r.group[:1] == ("三、本年度办理结果",))
    )
    assert th[spec.appeals.blocks[0].label].get("colspan") == "5"
    assert th[spec.appeals.litigation_label].get("colspan") == "10"
    assert th[spec.appeals.blocks[1].label].get("colspan") == "5"


def test_every_label_of_the_template_is_printed() -> None:
    report = _report("2021")
    text = _doc("2021").text_content()
    spec = report.spec
    labels = [c.row_label for c in spec.cells] + [c.column_label for c in spec.cells]
    assert [label for label in labels if label not in text] == []


def test_print_css_sets_a4_and_page_numbers() -> None:
    css = html_writer.CSS
    assert "size: A4" in css
    assert "counter(page)" in css
    assert "@media print" in css


def test_text_from_the_report_is_escaped() -> None:
    report = _report("2021").model_copy(update={"agency": "<script>alert(1)</script>局"})
    page = html_writer.render(report)
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_the_dispatcher_renders_html() -> None:
    assert render(_report("2019"), "html") == html_writer.render(_report("2019"))
