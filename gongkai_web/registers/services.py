"""Writes of the registers: the XLSX import (all or nothing, audited, flagging the published reports whose
figures it changes). Rows are added only through here."""

from __future__ import annotations

from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from gongkai_web.agencies.models import Agency
from gongkai_web.common.audit import audit_record
from gongkai_web.common.changes import records_changed
from gongkai_web.common.errors import NotPermitted
from gongkai_web.common.permissions import Actor
from gongkai_web.registers.figures import counted_in
from gongkai_web.registers.permissions import can_import
from gongkai_web.registers.specs import CellError, RegisterSpec
from gongkai_web.registers.xlsx import ImportResult, RowError, read_rows


def register_import(
    *, spec: RegisterSpec, agency: Agency, data: IO[bytes], size: int, acting_user: Actor
) -> ImportResult:
    """Add the rows of an XLSX file to the agency's register, all or nothing.

    Refused (NotPermitted) for anyone but the agency's officers and administrators. Every row is checked
    first; any error (with its row number, column and a message) means nothing is saved. The rows are saved
    in one transaction with one audit row, and the published reports of the years they count in are flagged
    if their figures change.
    """
    if not can_import(acting_user, agency):
        raise NotPermitted(gettext_lazy("Only the agency's officers or administrators may import registers."))
    limit = settings.GONGKAI_MAX_SPREADSHEET_BYTES
    if size > limit:
        too_large = _("the file is too large: at most %(kb)d KB") % {"kb": limit // 1024}
        return ImportResult(errors=[RowError(0, _("file"), too_large)])
    rows, errors = read_rows(data, spec)
    if errors:
        return ImportResult(errors=errors)
    objects = []
    for number, row in rows:
        values: dict[str, Any] = {}
        for i, column in enumerate(spec.columns):
            raw = row[i] if i < len(row) else None
            try:
                values[column.field] = column.parse(raw)
            except CellError as exc:
                name = _("%(letter)s (%(header)s)") % {
                    "letter": get_column_letter(i + 1),
                    "header": column.header,
                }
                errors.append(RowError(number, name, str(exc)))
        objects.append(spec.model(agency=agency, **values))
    if errors:
        return ImportResult(errors=errors)
    with transaction.atomic():
        spec.model._default_manager.bulk_create(objects, batch_size=1000)
        audit_record(
            acting_user=acting_user,
            action="register_import",
            obj=agency,
            agency=agency,
            changes={"register": spec.key, "rows": len(objects)},
        )
        records_changed(
            agency_id=agency.pk,
            years={y for obj in objects for y in counted_in(obj)},
            record=f"{spec.model._meta.label_lower} import",
            acting_user=acting_user,
        )
    return ImportResult(created=len(objects))
