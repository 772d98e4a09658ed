"""The national report templates as data, and look-ups over them."""

from __future__ import annotations

from gongkai.errors import UnknownTemplateError
from gongkai.templates.correspondence import CellMatch, Correspondence, correspondence
from gongkai.templates.data import PARTS, PROSE_PARTS, TEMPLATE_2019, TEMPLATE_2021
from gongkai.templates.schema import (
    AppealBlock,
    AppealsTable,
    ApplicationsTable,
    CellSpec,
    Column,
    Part,
    ProactiveGroup,
    Row,
    Template,
)

TEMPLATES: dict[str, Template] = {t.id: t for t in (TEMPLATE_2019, TEMPLATE_2021)}


def get_template(template_id: str) -> Template:
    """The template with this id (``"2019"`` or ``"2021"``)."""
    try:
        return TEMPLATES[str(template_id)]
    except KeyError:
        raise UnknownTemplateError(
            f"未知的年报模板：{template_id}（可用：2019、2021）",
            f"unknown report template: {template_id} (known: 2019, 2021)",
        ) from None


def template_for_year(year: int) -> Template:
    """The template that reports on ``year`` must use (2019 for 2019–2020, 2021 from 2021 on).

    Years before 2019 have no national template of this form; they get the 2019 one, and the
    template-coverage check reports the mismatch.
    """
    for template in TEMPLATES.values():
        if template.covers(year):
            return template
    return TEMPLATE_2019


__all__ = [
    "PARTS",
    "PROSE_PARTS",
    "TEMPLATES",
    "TEMPLATE_2019",
    "TEMPLATE_2021",
    "AppealBlock",
    "AppealsTable",
    "ApplicationsTable",
    "CellMatch",
    "CellSpec",
    "Column",
    "Correspondence",
    "Part",
    "ProactiveGroup",
    "Row",
    "Template",
    "correspondence",
    "get_template",
    "template_for_year",
]
