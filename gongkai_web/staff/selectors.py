"""Reads of the staff home: each app's tasks for the user and the agencies whose pages they may open."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.selectors import agency_ids_managed_by, agency_list_for_user
from gongkai_web.annual_reports.models import AnnualReport
from gongkai_web.annual_reports.selectors import reports_to_approve_by
from gongkai_web.applications.models import Proposal
from gongkai_web.applications.permissions import can_load_calendar
from gongkai_web.applications.selectors import letters_to_review_by
from gongkai_web.catalogue.models import Item
from gongkai_web.catalogue.selectors import HealthSummary, column_health, item_tasks_for_user
from gongkai_web.common.models import AuditEntry
from gongkai_web.common.permissions import Actor
from gongkai_web.oversight.models import SupervisionNotice
from gongkai_web.oversight.selectors import agency_ids_overseen_by, notices_to_acknowledge


@dataclass(frozen=True)
class Home:
    """What the staff home shows one user."""

    items: dict[str, QuerySet[Item]]
    reports_to_approve: list[AnnualReport]
    agencies: list[Agency]
    managed: set[int]
    overseen: set[int]
    #: Agencies whose members a superuser manages without belonging to them (listed apart: members page only).
    managed_elsewhere: list[Agency]
    can_load_calendar: bool
    #: 督办 notices on the user's agencies' cases awaiting their acknowledgement.
    notices: list[SupervisionNotice] = field(default_factory=list)
    #: Each of the user's agencies with the health of its catalogue's columns (blank and stale ones).
    columns: list[tuple[Agency, HealthSummary]] = field(default_factory=list)
    #: Drafts of letters on cases awaiting the user's review (as a leader).
    letters_to_review: list[Proposal] = field(default_factory=list)


def home_for(*, user: Actor) -> Home:
    agencies = list(agency_list_for_user(user=user))
    managed = agency_ids_managed_by(user=user)
    health = column_health(agency_ids=[a.pk for a in agencies], today=timezone.localdate())
    return Home(
        items=item_tasks_for_user(user=user),
        reports_to_approve=reports_to_approve_by(user=user),
        agencies=agencies,
        managed=managed,
        overseen=agency_ids_overseen_by(user=user),
        managed_elsewhere=list(Agency.objects.filter(id__in=managed - {a.pk for a in agencies})),
        can_load_calendar=can_load_calendar(user),
        notices=notices_to_acknowledge(user=user),
        columns=[(a, health[a.pk]) for a in agencies],
        letters_to_review=letters_to_review_by(user=user),
    )


def audit_entries_of(*, agency: Agency) -> QuerySet[AuditEntry]:
    """The audit rows of ``agency``, newest first."""
    return AuditEntry.objects.filter(agency=agency).select_related("actor")
