"""Scoped reads of the registers (what part 二 of the report counts in them is in ``figures``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.scoping import scope
from gongkai_web.common.permissions import Actor
from gongkai_web.registers.specs import RegisterSpec


def register_rows_for_user(*, user: Actor, spec: RegisterSpec, agency: Agency) -> QuerySet[Any]:
    """The agency's rows of one register, if the user may read the agency (else none)."""
    return scope(spec.model._default_manager.filter(agency=agency), user)
