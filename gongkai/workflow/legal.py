"""Legal bases and remedies: the 条例 articles each reply rests on, and the remedies a final reply states.

Citations only, of the 2019 条例 (国务院令第711号) unless another instrument is named; the prose of the
letters that cite them lives in :mod:`gongkai.letters.texts`. Readings marked [I] are ours, not the
articles' words (docs/applications.md, "Letters").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from gongkai.workflow.outcomes import Outcome

#: The regulation every letter cites, in full.
REGULATION = "《中华人民共和国政府信息公开条例》"
#: The fee rules (109号), cited in full beside art. 42.
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


class Variant(StrEnum):
    """The other reply item an outcome row also counts, chosen by the officer where the row has two.

    ``granted`` counts 36(1) (already published: the reply says where) beside 36(2) [I]; ``unavailable.not_held``
    counts 36(5) (another agency is responsible) beside 36(4) [I].
    """

    ALREADY_PUBLISHED = "already_published"
    OTHER_AGENCY = "other_agency"


VARIANT_LABELS: Mapping[Variant, tuple[str, str]] = MappingProxyType(
    {
        Variant.ALREADY_PUBLISHED: (
            "已主动公开，告知获取方式、途径（第三十六条第（一）项）",
            "already published: say where (art. 36(1))",
        ),
        Variant.OTHER_AGENCY: (
            "不属于本机关负责公开（第三十六条第（五）项）",
            "another agency is responsible (art. 36(5))",
        ),
    }
)

#: The outcome each variant belongs to.
VARIANT_OUTCOME: Mapping[Variant, Outcome] = MappingProxyType(
    {Variant.ALREADY_PUBLISHED: Outcome.GRANTED, Variant.OTHER_AGENCY: Outcome.UNAVAILABLE_NOT_HELD}
)


class Ground(StrEnum):
    """A ground for withholding information: of a 不予公开 reply (36(3)), or of the withheld part of 部分公开 (37)."""

    STATE_SECRET = "state_secret"
    PROHIBITED_BY_LAW = "prohibited_by_law"
    SECURITY_STABILITY = "security_stability"
    THIRD_PARTY_RIGHTS = "third_party_rights"
    INTERNAL_AFFAIRS = "internal_affairs"
    PROCESS_INFORMATION = "process_information"
    ENFORCEMENT_RECORDS = "enforcement_records"
    #: Art. 37 also separates out content that is not government information (art. 2).
    NOT_GOVERNMENT_INFORMATION = "not_government_information"


GROUND_LABELS: Mapping[Ground, tuple[str, str]] = MappingProxyType(
    {
        Ground.STATE_SECRET: ("属于国家秘密（第十四条）", "state secret (art. 14)"),
        Ground.PROHIBITED_BY_LAW: ("法律、行政法规禁止公开（第十四条）", "prohibited by law (art. 14)"),
        Ground.SECURITY_STABILITY: ("危及“三安全一稳定”（第十四条）", "security or stability (art. 14)"),
        Ground.THIRD_PARTY_RIGHTS: ("保护第三方合法权益（第十五条）", "third-party rights (art. 15)"),
        Ground.INTERNAL_AFFAIRS: ("属于三类内部事务信息（第十六条第一款）", "internal affairs (art. 16①)"),
        Ground.PROCESS_INFORMATION: (
            "属于四类过程性信息（第十六条第二款）",
            "process information (art. 16②)",
        ),
        Ground.ENFORCEMENT_RECORDS: ("属于行政执法案卷（第十六条第二款）", "enforcement records (art. 16②)"),
        Ground.NOT_GOVERNMENT_INFORMATION: (
            "不属于政府信息（第二条）",
            "not government information (art. 2)",
        ),
    }
)

#: The article each ground rests on.
GROUND_ARTICLE: Mapping[Ground, str] = MappingProxyType(
    {
        Ground.STATE_SECRET: "第十四条",
        Ground.PROHIBITED_BY_LAW: "第十四条",
        Ground.SECURITY_STABILITY: "第十四条",
        Ground.THIRD_PARTY_RIGHTS: "第十五条",
        Ground.INTERNAL_AFFAIRS: "第十六条第一款",
        Ground.PROCESS_INFORMATION: "第十六条第二款",
        Ground.ENFORCEMENT_RECORDS: "第十六条第二款",
        Ground.NOT_GOVERNMENT_INFORMATION: "第二条",
    }
)

#: The ground of each 不予公开 outcome (36(3)); ``withheld.query_matters`` is a 36(7) reply and has none.
WITHHELD_GROUND: Mapping[Outcome, Ground] = MappingProxyType(
    {
        Outcome.WITHHELD_STATE_SECRET: Ground.STATE_SECRET,
        Outcome.WITHHELD_PROHIBITED_BY_LAW: Ground.PROHIBITED_BY_LAW,
        Outcome.WITHHELD_SECURITY_STABILITY: Ground.SECURITY_STABILITY,
        Outcome.WITHHELD_THIRD_PARTY_RIGHTS: Ground.THIRD_PARTY_RIGHTS,
        Outcome.WITHHELD_INTERNAL_AFFAIRS: Ground.INTERNAL_AFFAIRS,
        Outcome.WITHHELD_PROCESS_INFORMATION: Ground.PROCESS_INFORMATION,
        Outcome.WITHHELD_ENFORCEMENT_RECORDS: Ground.ENFORCEMENT_RECORDS,
    }
)

_WITHHOLD = "第三十六条第（三）项"


@dataclass(frozen=True, slots=True)
class Basis:
    """What a reply cites: articles of the 条例 (in the order cited) and other instruments, in full.

    Both may be empty: ``other.misc`` rests on no article, and the letter says what happened instead.
    """

    articles: tuple[str, ...]
    instruments: tuple[str, ...] = ()

    def citation(self) -> str:
        """The citation as a letter prints it, e.g. 《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项."""
        parts = []
        if self.articles:
            parts.append(REGULATION + "、".join(self.articles))
        parts.extend(self.instruments)
        return "和".join(parts)


#: Outcome → what its reply cites (the usual reply item of the row; see :data:`VARIANT_BASIS` for the other).
OUTCOME_BASIS: Mapping[Outcome, Basis] = MappingProxyType(
    {
        Outcome.GRANTED: Basis(("第十三条第一款", "第三十六条第（二）项", "第四十条")),
        Outcome.PARTIALLY_GRANTED: Basis(("第三十六条第（二）项", "第三十七条")),
        **{o: Basis((GROUND_ARTICLE[g], _WITHHOLD)) for o, g in WITHHELD_GROUND.items()},
        Outcome.WITHHELD_QUERY_MATTERS: Basis(("第三十六条第（七）项",)),
        Outcome.UNAVAILABLE_NOT_HELD: Basis(("第三十六条第（四）项",)),
        Outcome.UNAVAILABLE_NEEDS_CREATION: Basis(("第三十八条",)),
        Outcome.UNAVAILABLE_STILL_UNCLEAR: Basis(("第二十九条第二款", "第三十条")),
        Outcome.NOT_PROCESSED_PETITION: Basis(("第三十九条第一款",)),
        Outcome.NOT_PROCESSED_DUPLICATE: Basis(("第三十六条第（六）项",)),
        Outcome.NOT_PROCESSED_PUBLICATION: Basis(("第三十九条第二款",)),
        Outcome.NOT_PROCESSED_EXCESSIVE: Basis(("第三十五条",)),
        # [I] no article covers a request to confirm facts; art. 2 defines what may be disclosed.
        Outcome.NOT_PROCESSED_CONFIRMATION: Basis(("第二条",)),
        Outcome.OTHER_NO_CORRECTION: Basis(("第三十条",)),
        Outcome.OTHER_UNPAID_FEE: Basis(("第四十二条",), (FEE_RULES,)),
        Outcome.OTHER_MISC: Basis(()),
    }
)

#: Variant → what its reply cites instead of the row's usual item.
VARIANT_BASIS: Mapping[Variant, Basis] = MappingProxyType(
    {
        Variant.ALREADY_PUBLISHED: Basis(("第三十六条第（一）项",)),
        Variant.OTHER_AGENCY: Basis(("第三十六条第（五）项",)),
    }
)


def _article_key(article: str) -> tuple[int, str]:
    """Sort key of a citation: the article's number (第三十六条 → 36), then the text (款 and 项 in order)."""
    digits = "〇一二三四五六七八九"
    head = article.removeprefix("第").split("条", 1)[0]
    if "十" in head:
        tens, _, ones = head.partition("十")
        number = (digits.index(tens) if tens else 1) * 10 + (digits.index(ones) if ones else 0)
    else:
        number = digits.index(head)
    return number, article


def basis_for(
    outcome: Outcome | str,
    *,
    variant: Variant | None = None,
    withheld: Iterable[Ground] = (),
    consulted_third_party: bool = False,
) -> Basis:
    """What the reply with ``outcome`` cites.

    ``variant`` picks the row's other reply item; ``withheld`` adds the ground of each withheld part of a
    部分公开 (37); a 不予公开 on third-party grounds after the third party was consulted also cites art. 32.
    """
    o = Outcome(outcome)
    basis = VARIANT_BASIS[variant] if variant is not None else OUTCOME_BASIS[o]
    extra = [GROUND_ARTICLE[g] for g in withheld] if o is Outcome.PARTIALLY_GRANTED else []
    if consulted_third_party and o is Outcome.WITHHELD_THIRD_PARTY_RIGHTS:
        extra.append("第三十二条")
    if not extra:
        return basis
    articles = sorted(dict.fromkeys((*basis.articles, *extra)), key=_article_key)
    return Basis(tuple(articles), basis.instruments)


@dataclass(frozen=True, slots=True)
class Remedies:
    """The remedies a final reply states (docs/applications.md, "Letters", remedies).

    Reconsideration within ``reconsideration_days`` calendar days of knowing the reply (行政复议法 第二十条);
    a suit within ``litigation_months`` months (行政诉讼法 第四十六条), or within ``after_review_days`` days of
    the reconsideration decision (第四十五条). ``reconsideration_first`` is 复议前置 (行政复议法 第二十三条第一款
    第（四）项): for 不予公开, reconsideration must come before a suit, and the letter must say so.
    """

    reconsideration_first: bool
    reconsideration_days: int = 60
    litigation_months: int = 6
    after_review_days: int = 15
    #: For 部分公开: 复议前置 applies to the withheld part only [I].
    withheld_part_only: bool = False


def remedies_for(outcome: Outcome | str) -> Remedies:
    """The remedies a reply with ``outcome`` states: 复议前置 for 不予公开 (and for the withheld part of 部分公开)."""
    o = Outcome(outcome)
    if o.value.startswith("withheld."):
        return Remedies(reconsideration_first=True)
    if o is Outcome.PARTIALLY_GRANTED:
        return Remedies(reconsideration_first=True, withheld_part_only=True)
    return Remedies(reconsideration_first=False)


__all__ = [
    "FEE_RULES",
    "GROUND_ARTICLE",
    "GROUND_LABELS",
    "OUTCOME_BASIS",
    "REGULATION",
    "VARIANT_BASIS",
    "VARIANT_LABELS",
    "VARIANT_OUTCOME",
    "WITHHELD_GROUND",
    "Basis",
    "Ground",
    "Remedies",
    "Variant",
    "basis_for",
    "remedies_for",
]
