"""Register imports read the workbook within the readers' budgets, in a limited child process."""

from __future__ import annotations

import io
from typing import Any

from gongkai_web.registers.services import register_import
from gongkai_web.registers.specs import REGISTERS
from tests import hostile


def _import(world: Any, data: bytes, settings: Any) -> Any:
    settings.GONGKAI_MAX_SPREADSHEET_BYTES = 5 * 2**20
    return register_import(
        spec=REGISTERS["procurement"],
        agency=world.agency,
        data=io.BytesIO(data),
        size=len(data),
        acting_user=world.users["officer"],
    )


def test_shared_strings_expanding_to_a_gigabyte_are_one_error_on_the_file(world: Any, settings: Any) -> None:
    result = _import(world, hostile.xlsx_shared_strings(), settings)
    assert len(result.errors) == 1
    assert result.errors[0].row is None  # an error of the whole file
    assert "压缩炸弹" in result.errors[0].message


def test_a_zip_that_is_not_a_workbook_is_one_error_on_the_file(world: Any, settings: Any) -> None:
    result = _import(world, hostile.archive("zip"), settings)
    assert [e.row for e in result.errors] == [None]  # an error of the whole file
