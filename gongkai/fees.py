"""Information processing fees (信息处理费, 条例 art. 42 and 国办函〔2020〕109号): the two progressive tariffs.

One method per application, never both (109号 art. 3). By item (按件), items are counted per applicant per
calendar month: the first 10 are free, items 11–30 cost 100元 each, and from item 31 each band of 10 items
costs 100元 more per item than the band before (31–40 at 200元, 41–50 at 300元, …). By volume (按量),
pages are counted per application: the first 30 are free, pages 31–100 cost 10元, 101–200 cost 20元, and
from page 201 each page costs 40元. Amounts are whole yuan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FeeMethod = Literal["item", "volume"]

_METHOD_LABELS: dict[FeeMethod, tuple[str, str]] = {
    "item": ("按件计收", "by item"),
    "volume": ("按量计收", "by volume"),
}
_UNITS: dict[FeeMethod, tuple[str, str]] = {"item": ("件", "items"), "volume": ("页", "pages")}


@dataclass(frozen=True, slots=True)
class FeeTier:
    """One band of a tariff as applied: units ``first``..``last`` (inclusive) at ``unit_price`` 元 each."""

    first: int
    last: int
    unit_price: int

    @property
    def count(self) -> int:
        """How many units fall in this band."""
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        """The charge for this band, in 元."""
        return self.count * self.unit_price


@dataclass(frozen=True, slots=True)
class FeeQuote:
    """The fee for one application: method, the units charged for, the bands applied and the total (元).

    ``tiers`` lists every band the application's units fall in, free bands included, so that a fee notice
    can show the count and amount of each.
    """

    method: FeeMethod
    units: int
    tiers: tuple[FeeTier, ...]

    @property
    def total(self) -> int:
        """The amount due, in 元."""
        return sum(t.amount for t in self.tiers)

    @property
    def payable(self) -> bool:
        """True when anything is due (a notice is needed)."""
        return self.total > 0

    def breakdown(self, lang: Literal["zh", "en"] = "zh") -> str:
        """The tiers as text for a fee notice, one line per band, then the total."""
        zh_label, en_label = _METHOD_LABELS[self.method]
        unit_zh, unit_en = _UNITS[self.method]
        lines = [zh_label if lang == "zh" else en_label]
        for t in self.tiers:
            if lang == "zh":
                lines.append(
                    f"  第 {t.first}–{t.last} {unit_zh}：{t.count} {unit_zh} × {t.unit_price} 元 = {t.amount} 元"
                )
            else:
                lines.append(
                    f"  {unit_en} {t.first}–{t.last}: {t.count} × {t.unit_price} yuan = {t.amount} yuan"
                )
        lines.append(f"  合计：{self.total} 元" if lang == "zh" else f"  total: {self.total} yuan")
        return "\n".join(lines)


def item_unit_price(n: int) -> int:
    """The price (元) of the ``n``-th item an applicant asks for in a calendar month (1-based)."""
    if n < 1:
        raise ValueError("items are numbered from 1")
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 100 * ((n - 31) // 10 + 2)


def page_unit_price(n: int) -> int:
    """The price (元) of the ``n``-th page of one application (1-based)."""
    if n < 1:
        raise ValueError("pages are numbered from 1")
    if n <= 30:
        return 0
    if n <= 100:
        return 10
    if n <= 200:
        return 20
    return 40


def _item_band(n: int) -> tuple[int, int]:
    """The inclusive bounds of the item band that item ``n`` falls in."""
    if n <= 10:
        return 1, 10
    if n <= 30:
        return 11, 30
    low = 31 + (n - 31) // 10 * 10
    return low, low + 9


def _page_band(n: int) -> tuple[int, int | None]:
    for low, high in ((1, 30), (31, 100), (101, 200)):
        if n <= high:
            return low, high
    return 201, None


def item_fee(items: int, *, earlier_this_month: int = 0) -> FeeQuote:
    """The fee by item for an application of ``items`` items from an applicant who has already asked for
    ``earlier_this_month`` items in the same calendar month (those are counted first, and not charged again).
    """
    if items < 0 or earlier_this_month < 0:
        raise ValueError("item counts must be non-negative")
    tiers: list[FeeTier] = []
    n = earlier_this_month + 1
    last = earlier_this_month + items
    while n <= last:
        _, band_high = _item_band(n)
        high = min(band_high, last)
        tiers.append(FeeTier(n, high, item_unit_price(n)))
        n = high + 1
    return FeeQuote("item", items, tuple(tiers))


def volume_fee(pages: int) -> FeeQuote:
    """The fee by volume for one application of ``pages`` pages."""
    if pages < 0:
        raise ValueError("page count must be non-negative")
    tiers: list[FeeTier] = []
    n = 1
    while n <= pages:
        _, band_high = _page_band(n)
        high = pages if band_high is None else min(band_high, pages)
        tiers.append(FeeTier(n, high, page_unit_price(n)))
        n = high + 1
    return FeeQuote("volume", pages, tuple(tiers))


__all__ = [
    "FeeMethod",
    "FeeQuote",
    "FeeTier",
    "item_fee",
    "item_unit_price",
    "page_unit_price",
    "volume_fee",
]
