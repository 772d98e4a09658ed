"""Charts: labels from the template, one series per year, values as printed."""

from __future__ import annotations

from xml.etree import ElementTree

from gongkai_web.annual_reports import charts


def test_outcome_chart_has_a_bar_group_per_result_group_and_a_series_per_year() -> None:
    history = [
        (2021, {"applications.granted.total": 4}),
        (
            2022,
            {"applications.withheld.state_secret.total": 2, "applications.withheld.query_matters.total": 1},
        ),
    ]
    svg = charts.applications_by_outcome(history, "2021")
    root = ElementTree.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "（三）不予公开" in texts and "（一）予以公开" in texts
    assert "2021年" in texts and "2022年" in texts
    assert "3" in texts and "4" in texts


def test_chart_labels_are_escaped() -> None:
    svg = charts.bar_chart(title="a<b", categories=["<x>"], series=[charts.Series("s&", (1.0,))])
    ElementTree.fromstring(svg)
    assert "<x>" not in svg


def test_outcome_groups_follow_the_template() -> None:
    groups = dict(charts.outcome_groups("2019"))
    assert groups["（三）不予公开"][0] == "withheld.state_secret"
    assert groups["（六）其他处理"] == ["other"]


def test_long_notes_are_cut_from_chart_labels() -> None:
    assert [g for g, _ in charts.outcome_groups("2021")][:2] == ["（一）予以公开", "（二）部分公开"]
