"""The templates as data: keys and labels exactly as the spec states them."""

from __future__ import annotations

import pytest

from gongkai.errors import UnknownTemplateError
from gongkai.templates import TEMPLATE_2019, TEMPLATE_2021, get_template, template_for_year


def test_2019_has_198_cells_and_2021_has_200() -> None:
    assert len(TEMPLATE_2019.cells) == 22 + 23 * 7 + 15
    assert len(TEMPLATE_2021.cells) == 10 + 25 * 7 + 15


@pytest.mark.parametrize(
    ("template", "key", "kind", "row_label", "column_label"),
    [
        ("2019", "proactive.regulations.made", "count", "规章", "本年新制作数量"),
        ("2019", "proactive.penalty.change", "change", "行政处罚", "本年增/减"),
        ("2019", "proactive.fees.change", "change", "行政事业性收费", "本年增/减"),
        ("2019", "proactive.procurement.amount", "amount", "政府集中采购", "采购总金额"),
        ("2021", "proactive.normative_documents.in_force", "count", "行政规范性文件", "现行有效件数"),
        ("2021", "proactive.fees.amount", "amount", "行政事业性收费", "本年收费金额（单位：万元）"),
        ("2019", "applications.other.total", "count", "（六）其他处理", "总计"),
        (
            "2021",
            "applications.other.unpaid_fee.research",
            "count",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "科研机构",
        ),
        (
            "2021",
            "applications.withheld.third_party_rights.natural_person",
            "count",
            "4.保护第三方合法权益",
            "自然人",
        ),
        ("2019", "appeals.litigation_after_review.pending", "count", "复议后起诉", "尚未审结"),
    ],
)
def test_cell_keys_and_labels_match_the_spec(template, key, kind, row_label, column_label) -> None:
    cell = get_template(template).cell(key)
    assert (cell.kind, cell.row_label, cell.column_label) == (kind, row_label, column_label)


def test_rows_present_in_only_one_template_are_refused_by_the_other() -> None:
    with pytest.raises(UnknownTemplateError):
        TEMPLATE_2021.cell("applications.other.total")
    with pytest.raises(UnknownTemplateError):
        TEMPLATE_2019.cell("applications.other.misc.total")
    with pytest.raises(UnknownTemplateError):
        TEMPLATE_2021.cell("proactive.other_services.previous")


def test_result_rows_are_every_row_between_carried_over_and_results_total() -> None:
    assert TEMPLATE_2019.applications.result_rows[0] == "granted"
    assert TEMPLATE_2019.applications.result_rows[-1] == "other"
    assert TEMPLATE_2021.applications.result_rows[-3:] == (
        "other.no_correction",
        "other.unpaid_fee",
        "other.misc",
    )
    assert len(TEMPLATE_2021.applications.result_rows) == 21


@pytest.mark.parametrize(
    ("year", "template"), [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2030, "2021")]
)
def test_template_for_year_follows_the_national_notices(year: int, template: str) -> None:
    assert template_for_year(year).id == template


def test_unknown_template_is_a_typed_error() -> None:
    with pytest.raises(UnknownTemplateError):
        get_template("2008")
