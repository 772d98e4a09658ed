"""Information processing fees: the by-item and by-volume tariffs of 国办函〔2020〕109号."""

from __future__ import annotations

import pytest

from gongkai.fees import item_fee, item_unit_price, page_unit_price, volume_fee


@pytest.mark.parametrize(
    ("items", "earlier", "total", "bands"),
    [
        (0, 0, 0, []),
        (10, 0, 0, [(1, 10, 0)]),
        (11, 0, 100, [(1, 10, 0), (11, 11, 100)]),
        (30, 0, 2000, [(1, 10, 0), (11, 30, 100)]),
        (31, 0, 2200, [(1, 10, 0), (11, 30, 100), (31, 31, 200)]),
        (40, 0, 4000, [(1, 10, 0), (11, 30, 100), (31, 40, 200)]),
        (45, 0, 5500, [(1, 10, 0), (11, 30, 100), (31, 40, 200), (41, 45, 300)]),
        (60, 0, 11000, [(1, 10, 0), (11, 30, 100), (31, 40, 200), (41, 50, 300), (51, 60, 400)]),
        # The applicant already asked for 8 items this month: items 9..12 of the month.
        (4, 8, 200, [(9, 10, 0), (11, 12, 100)]),
        # Already 35 this month: 5 items at 200, then 5 at 300.
        (10, 35, 2500, [(36, 40, 200), (41, 45, 300)]),
    ],
)
def test_item_fee_counts_per_applicant_per_month(
    items: int, earlier: int, total: int, bands: list[tuple[int, int, int]]
) -> None:
    quote = item_fee(items, earlier_this_month=earlier)
    assert quote.total == total
    assert [(t.first, t.last, t.unit_price) for t in quote.tiers] == bands
    assert sum(t.count for t in quote.tiers) == items


@pytest.mark.parametrize(
    ("pages", "total", "bands"),
    [
        (0, 0, []),
        (30, 0, [(1, 30, 0)]),
        (31, 10, [(1, 30, 0), (31, 31, 10)]),
        (100, 700, [(1, 30, 0), (31, 100, 10)]),
        (101, 720, [(1, 30, 0), (31, 100, 10), (101, 101, 20)]),
        (200, 2700, [(1, 30, 0), (31, 100, 10), (101, 200, 20)]),
        (250, 4700, [(1, 30, 0), (31, 100, 10), (101, 200, 20), (201, 250, 40)]),
    ],
)
def test_volume_fee_counts_pages_per_application(
    pages: int, total: int, bands: list[tuple[int, int, int]]
) -> None:
    quote = volume_fee(pages)
    assert quote.total == total
    assert [(t.first, t.last, t.unit_price) for t in quote.tiers] == bands


@pytest.mark.parametrize(
    ("n", "price"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (91, 800)]
)
def test_item_unit_price_rises_by_100_every_10_items_from_31(n: int, price: int) -> None:
    assert item_unit_price(n) == price


@pytest.mark.parametrize(
    ("n", "price"), [(30, 0), (31, 10), (100, 10), (101, 20), (200, 20), (201, 40), (5000, 40)]
)
def test_page_unit_price_by_band(n: int, price: int) -> None:
    assert page_unit_price(n) == price


def test_item_fee_equals_sum_of_unit_prices() -> None:
    for earlier in (0, 7, 29, 33):
        for items in range(0, 80, 3):
            expected = sum(item_unit_price(n) for n in range(earlier + 1, earlier + items + 1))
            assert item_fee(items, earlier_this_month=earlier).total == expected


def test_breakdown_lists_each_band_and_the_total() -> None:
    text = volume_fee(120).breakdown()
    assert "按量计收" in text
    assert "第 31–100 页：70 页 × 10 元 = 700 元" in text
    assert "合计：1100 元" in text
    assert "total: 1100 yuan" in volume_fee(120).breakdown("en")


def test_free_quote_is_not_payable() -> None:
    assert not item_fee(10).payable
    assert volume_fee(31).payable


@pytest.mark.parametrize("call", [lambda: item_fee(-1), lambda: volume_fee(-1), lambda: item_unit_price(0)])
def test_negative_counts_are_refused(call: object) -> None:
    with pytest.raises(ValueError):
        call()  # type: ignore[operator]
