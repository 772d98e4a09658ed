"""The correspondence of cells between templates: identity within one, the spec's rule across the change."""

from __future__ import annotations

import pytest

from gongkai.errors import UnknownTemplateError
from gongkai.templates import TEMPLATE_2019, TEMPLATE_2021, correspondence


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_within_one_template_every_cell_matches_itself(template: str) -> None:
    links = correspondence(template, template)
    assert all(m.previous == m.current and len(m.current) == 1 for m in links.matches)
    assert not links.unmatched_previous() and not links.unmatched_current()


def test_across_the_change_every_shared_key_matches_itself() -> None:
    links = correspondence("2019", "2021")
    shared = set(TEMPLATE_2019.keys) & set(TEMPLATE_2021.keys)
    same = {m.previous[0] for m in links.matches if m.previous == m.current}
    assert same == shared


def test_across_the_change_the_one_other_row_is_the_sum_of_the_three() -> None:
    links = correspondence("2019", "2021")
    match = next(m for m in links.matches if m.previous == ("applications.other.commercial",))
    assert match.current == (
        "applications.other.no_correction.commercial",
        "applications.other.unpaid_fee.commercial",
        "applications.other.misc.commercial",
    )


def test_across_the_change_cells_of_another_meaning_match_nothing() -> None:
    links = correspondence("2019", "2021")
    assert "proactive.regulations.total_published" in links.unmatched_previous()
    assert "proactive.regulations.in_force" in links.unmatched_current()
    assert "proactive.fees.amount" in links.unmatched_current()


def test_an_unknown_template_is_refused() -> None:
    with pytest.raises(UnknownTemplateError):
        correspondence("2019", "2030")
