"""Writes of the registers: records added, edited and deleted one by one, and the XLSX import (all or
nothing, idempotent, checked against the agency). Each write is audited and flags the published reports whose
figures it changes. Rows are written only through here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from gongkai_web.agencies.models import Agency
from gongkai_web.common.audit import audit_record, diff
from gongkai_web.common.changes import records_changed
from gongkai_web.common.errors import NotPermitted, Refused
from gongkai_web.common.permissions import Actor
from gongkai_web.registers.figures import counted_in
from gongkai_web.registers.permissions import can_import
from gongkai_web.registers.specs import AGENCY_HEADER, CellError, RegisterSpec, row_key
from gongkai_web.registers.xlsx import ImportResult, RowError, file_error, read_rows


def _check_writer(acting_user: Actor, agency: Agency) -> None:
    if not can_import(acting_user, agency):
        raise NotPermitted(gettext_lazy("Only the agency's officers or administrators may write registers."))


def _fill_keys(spec: RegisterSpec, agency: Agency) -> None:
    """Give the agency's rows written without a content hash (before it existed, or in bulk) their key."""
    manager = spec.model._default_manager
    blank = list(manager.filter(agency=agency, row_key=""))
    for row in blank:
        row.row_key = row_key(spec, row)  # type: ignore[attr-defined]
    if blank:
        manager.bulk_update(blank, ["row_key"], batch_size=1000)


def _changed(spec: RegisterSpec, agency: Agency, rows: Iterable[models.Model], acting_user: Actor) -> None:
    records_changed(
        agency_id=agency.pk,
        years={y for obj in rows for y in counted_in(obj)},
        record=spec.model._meta.label_lower,
        acting_user=acting_user,
    )


def _parsed(spec: RegisterSpec, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` read by the register's own cell parsers (the one home of what a cell may hold); a bad value
    is refused naming its field."""
    out: dict[str, Any] = {}
    for column in spec.columns:
        try:
            out[column.field] = column.parse(values.get(column.field))
        except CellError as exc:
            raise Refused(
                gettext_lazy("%(field)s: %(message)s"),
                {"field": column.title, "message": str(exc)},
                field=column.field,
            ) from None
    return out


def register_row_create(
    *, spec: RegisterSpec, agency: Agency, values: dict[str, Any], acting_user: Actor
) -> models.Model:
    """Add one record to the agency's register (officers and administrators), audited."""
    _check_writer(acting_user, agency)
    clean = _parsed(spec, values)
    with transaction.atomic():
        row = spec.model._default_manager.create(agency=agency, row_key=row_key(spec, clean), **clean)
        audit_record(
            acting_user=acting_user,
            action="register_row_create",
            obj=row,
            agency=agency,
            changes={"register": spec.key, **clean},
        )
        _changed(spec, agency, [row], acting_user)
    return row


def register_row_update(
    *, spec: RegisterSpec, row: models.Model, values: dict[str, Any], acting_user: Actor
) -> models.Model:
    """Edit one record (officers and administrators), audited with each change before → after; the years it
    counted in before and after are flagged."""
    agency = row.agency  # type: ignore[attr-defined]
    _check_writer(acting_user, agency)
    clean = _parsed(spec, values)
    with transaction.atomic():
        locked = spec.model._default_manager.select_for_update().get(pk=row.pk)
        before = spec.model(
            **{f.attname: getattr(locked, f.attname) for f in spec.model._meta.concrete_fields}
        )
        changes = diff(locked, clean)
        if not changes:
            return locked
        for name, value in clean.items():
            setattr(locked, name, value)
        locked.row_key = row_key(spec, clean)  # type: ignore[attr-defined]
        locked.save()
        audit_record(
            acting_user=acting_user, action="register_row_update", obj=locked, agency=agency, changes=changes
        )
        _changed(spec, agency, [before, locked], acting_user)
    return locked


def register_row_delete(*, spec: RegisterSpec, row: models.Model, acting_user: Actor) -> None:
    """Delete one record (officers and administrators), audited with what it held."""
    agency = row.agency  # type: ignore[attr-defined]
    _check_writer(acting_user, agency)
    with transaction.atomic():
        locked = spec.model._default_manager.select_for_update().get(pk=row.pk)
        held = {c.field: getattr(locked, c.field) for c in spec.columns}
        audit_record(
            acting_user=acting_user,
            action="register_row_delete",
            obj=locked,
            agency=agency,
            changes={"register": spec.key, **held},
        )
        _changed(spec, agency, [locked], acting_user)
        locked.delete()


def _agency_error(number: int, named: Any, agency: Agency) -> RowError | None:
    """A row naming another agency in the :data:`AGENCY_HEADER` column (blank: this agency)."""
    s = "" if named is None else str(named).strip()
    if not s or s in (agency.name, agency.code):
        return None
    return RowError(
        number,
        AGENCY_HEADER,
        _("the row belongs to “%(named)s”, not to %(agency)s: import it in that agency's register")
        % {"named": s, "agency": agency.name},
    )


def register_import(
    *, spec: RegisterSpec, agency: Agency, data: IO[bytes], size: int, acting_user: Actor
) -> ImportResult:
    """Add the rows of an XLSX file to the agency's register, all or nothing, once.

    Refused (NotPermitted) for anyone but the agency's officers and administrators. Every row is checked
    first; any error (with its row number, column and a message; an unreadable file is an error of the file)
    means nothing is saved. A row naming another agency in the 填报机关 column is an error. A row whose
    content is already in the register (``specs.row_key``) is not added again, so the same file imported
    twice adds nothing. The rows are saved in one transaction with one audit row, and the published reports
    of the years they count in are flagged if their figures change.
    """
    _check_writer(acting_user, agency)
    limit = settings.GONGKAI_MAX_SPREADSHEET_BYTES
    if size > limit:
        return ImportResult(
            errors=[file_error(_("the file is too large: at most %(kb)d KB") % {"kb": limit // 1024})]
        )
    rows, errors = read_rows(data, spec)
    if errors:
        return ImportResult(errors=errors)
    parsed: list[tuple[int, dict[str, Any]]] = []
    for number, row in rows:
        values: dict[str, Any] = {}
        for i, column in enumerate(spec.columns):
            try:
                values[column.field] = column.parse(row[i])
            except CellError as exc:
                name = _("%(letter)s (%(header)s)") % {
                    "letter": get_column_letter(i + 1),
                    "header": column.header,
                }
                errors.append(RowError(number, name, str(exc)))
        wrong = _agency_error(number, row[len(spec.columns)], agency)
        if wrong is not None:
            errors.append(wrong)
        parsed.append((number, values))
    if errors:
        return ImportResult(errors=errors)
    with transaction.atomic():
        Agency.objects.select_for_update().get(pk=agency.pk)  # one import of an agency at a time
        _fill_keys(spec, agency)
        present = set(spec.model._default_manager.filter(agency=agency).values_list("row_key", flat=True))
        objects = []
        for _number, values in parsed:
            key = row_key(spec, values)
            if key not in present:
                objects.append(spec.model(agency=agency, row_key=key, **values))
        skipped = len(parsed) - len(objects)
        if not objects:
            return ImportResult(created=0, skipped=skipped)
        spec.model._default_manager.bulk_create(objects, batch_size=1000)
        audit_record(
            acting_user=acting_user,
            action="register_import",
            obj=agency,
            agency=agency,
            changes={"register": spec.key, "rows": len(objects), "skipped": skipped},
        )
        _changed(spec, agency, objects, acting_user)
    return ImportResult(created=len(objects), skipped=skipped)
