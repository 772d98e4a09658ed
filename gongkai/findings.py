"""Findings: what a check or a parser has to say about a report, as data (never printed, never raised)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from gongkai.types import Lang, Severity

FindingValue = int | Decimal | str | None


class Finding(BaseModel):
    """One observation about a report.

    ``rule`` is a stable id (see ``gongkai.checks`` and ``gongkai.parsers``); ``cells`` are the cell keys
    involved; ``expected``/``found`` are the values a rule compared, when it compared values;
    ``alternatives`` lists other readings a parser could not rule out (each a mapping of cell key to value).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    severity: Severity
    rule: str
    message_zh: str
    message_en: str
    cells: tuple[str, ...] = ()
    expected: FindingValue = None
    found: FindingValue = None
    line: int | None = None
    alternatives: tuple[dict[str, int | Decimal], ...] = Field(default=())

    def message(self, lang: Lang | str = "zh") -> str:
        """The message in ``zh`` (default) or ``en``."""
        return self.message_en if lang == "en" else self.message_zh

    @property
    def is_error(self) -> bool:
        """True for findings that mean the numbers cannot all be right."""
        return self.severity == "error"


def has_errors(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    """True when any finding is an error."""
    return any(f.is_error for f in findings)
