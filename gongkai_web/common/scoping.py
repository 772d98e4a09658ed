"""Agency scoping: every staff query passes through here, so nobody sees another agency's data.

A member sees the agencies they belong to; a ``superior`` membership also reveals every agency below it.
Objects outside the scope are answered with 404, never 403, so their existence does not leak.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def visible_agency_ids(user: Any, *, roles: set[str] | None = None) -> set[int]:
    """Ids of the agencies ``user`` may read (optionally only through ``roles``)."""
    from gongkai_web.agencies.selectors import agencies_visible_to

    return agencies_visible_to(user=user, roles=roles)


def scope(qs: QuerySet[M], user: Any, *, field: str = "agency", roles: set[str] | None = None) -> QuerySet[M]:
    """``qs`` restricted to rows whose ``field`` (an Agency FK path) the user may read."""
    if user is None or not user.is_authenticated:
        return qs.none()
    return qs.filter(**{f"{field}__in": visible_agency_ids(user, roles=roles)})


def get_scoped_or_404(
    qs: QuerySet[M], user: Any, *, field: str = "agency", roles: set[str] | None = None, **lookup: Any
) -> M:
    """The one object matching ``lookup`` inside the user's scope, or 404."""
    try:
        return scope(qs, user, field=field, roles=roles).get(**lookup)
    except qs.model.DoesNotExist as exc:
        raise Http404 from exc
