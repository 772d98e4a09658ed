"""What every reader returns: the report it recovered and its warnings, as data."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from gongkai.findings import Finding
from gongkai.model import Report


class ParseResult(BaseModel):
    """A reader's answer: the report, the findings met while reading, and what was read.

    Readers never print and never raise anything but :class:`gongkai.errors.ParseError`; everything odd
    in a readable file (blank cells read as zero, misnumbered headings, ambiguous number splits, units
    assumed, unknown labels) is a finding here.
    """

    model_config = ConfigDict(extra="forbid")

    report: Report
    warnings: list[Finding] = Field(default_factory=list)
    format: str = "text"
    source: str = ""
