"""The approval workflow: one machine over a table of moves; every allowed and refused move; the audit rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from gongkai.errors import TransitionRefusedError
from gongkai_web.catalogue import services
from gongkai_web.catalogue.models import Item, Status
from gongkai_web.catalogue.workflow import ITEM_MACHINE, ITEM_MOVES
from gongkai_web.common.models import AuditEntry
from tests.web import factories as f

ALL_ACTIONS = sorted(ITEM_MACHINE.actions())
ALL_STATES = [s.value for s in Status]
ALLOWED = {(m.source, m.action): m.target for m in ITEM_MOVES}

# who makes each move in the "allowed" tests
ACTOR = {
    "submit": "officer",
    "approve": "leader",
    "return": "leader",
    "publish": "leader",
    "withdraw": "leader",
    "revise": "officer",
}


def call(action: str, item: Item, user: Any) -> Item:
    if action == "return":
        return services.item_return(item=item, acting_user=user, reason="材料不全")
    if action == "approve":
        # approving without publishing: give the item a future publication time first
        return ITEM_MACHINE.apply(item, action="approve", acting_user=user)  # type: ignore[return-value]
    return getattr(services, f"item_{action}")(item=item, acting_user=user)


def item_in(state: str, world: Any) -> Item:
    """An item of the world's agency in ``state``, made through the services."""
    users = world.users
    if state == "approved":
        it = f.item(
            agency=world.agency,
            author=users["officer"],
            state="submitted",
            publish_at=timezone.now() + timedelta(days=3),
        )
        return services.item_approve(item=it, acting_user=f.fresh(users["leader"]))
    return f.item(agency=world.agency, author=users["officer"], state=state, approver=users["leader"])


@pytest.mark.parametrize(("source", "action"), sorted(ALLOWED))
def test_allowed_move_changes_status_and_writes_one_audit_row(source: str, action: str, world: Any) -> None:
    it = item_in(source, world)
    if action == "publish":
        Item.objects.filter(pk=it.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
        it.refresh_from_db()
    before = AuditEntry.objects.count()
    result = call(action, it, f.fresh(world.users[ACTOR[action]]))
    assert Item.objects.get(pk=it.pk).status == ALLOWED[(source, action)] == result.status
    row = AuditEntry.objects.order_by("-id").first()
    assert AuditEntry.objects.count() == before + 1
    assert (row.action, row.object_id, row.actor, row.changes["status"]) == (
        f"item_{action}",
        str(it.pk),
        world.users[ACTOR[action]],
        [source, ALLOWED[(source, action)]],
    )


@pytest.mark.parametrize(
    ("source", "action"), [(s, a) for s in ALL_STATES for a in ALL_ACTIONS if (s, a) not in ALLOWED]
)
def test_move_outside_the_table_is_refused_and_nothing_changes(source: str, action: str, world: Any) -> None:
    it = item_in(source, world)
    before = AuditEntry.objects.count()
    with pytest.raises(TransitionRefusedError):
        call(action, it, f.fresh(world.users[ACTOR[action]]))
    assert Item.objects.get(pk=it.pk).status == source
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("action", ["approve", "return"])
def test_approver_who_is_the_author_is_refused(action: str, world: Any) -> None:
    both = f.member(world.agency, "officer", username="both")
    f.member(world.agency, "leader", username="both")
    it = f.item(agency=world.agency, author=both, state="submitted")
    with pytest.raises(TransitionRefusedError, match="经手撰写者不能审核"):
        call(action, it, f.fresh(both))
    assert Item.objects.get(pk=it.pk).status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("role", "action", "state"),
    [
        ("officer", "approve", "submitted"),
        ("admin", "approve", "submitted"),
        ("superior", "approve", "submitted"),
        ("other", "approve", "submitted"),
        ("leader", "submit", "draft"),
        ("other", "submit", "draft"),
        ("officer", "withdraw", "published"),
        ("superior", "withdraw", "published"),
    ],
)
def test_move_by_a_user_without_the_role_is_refused(role: str, action: str, state: str, world: Any) -> None:
    it = item_in(state, world)
    with pytest.raises(TransitionRefusedError):
        call(action, it, f.fresh(world.users[role]))
    assert Item.objects.get(pk=it.pk).status == state


def test_return_without_a_reason_is_refused(world: Any) -> None:
    with pytest.raises(TransitionRefusedError, match="退回理由"):
        services.item_return(item=world.submitted, acting_user=world.users["leader"], reason="  ")


def test_approval_publishes_at_once_when_no_time_is_set(world: Any) -> None:
    it = services.item_approve(item=world.submitted, acting_user=world.users["leader"])
    assert it.status == Status.PUBLISHED and it.published_at is not None
    assert list(AuditEntry.objects.filter(object_id=str(it.pk)).values_list("action", flat=True)[:2]) == [
        "item_publish",
        "item_approve",
    ]


def test_scheduled_item_waits_for_publish_due_and_is_hidden_until_then(world: Any, client: Any) -> None:
    when = timezone.now() + timedelta(days=2)
    it = f.item(
        agency=world.agency,
        author=world.users["officer"],
        state="submitted",
        publish_at=when,
        title="定时发布的信息",
    )
    it = services.item_approve(item=it, acting_user=world.users["leader"])
    assert it.status == Status.APPROVED
    call_command("publish_due")
    assert Item.objects.get(pk=it.pk).status == Status.APPROVED
    assert "定时发布的信息" not in client.get(f"/a/{world.agency.code}/").content.decode()
    with time_machine.travel(when + timedelta(seconds=1)):
        published = services.items_publish_due()
    assert published == [it.pk]
    it.refresh_from_db()
    assert (it.status, it.published_at) == (Status.PUBLISHED, when)
    assert AuditEntry.objects.filter(object_id=str(it.pk), action="item_publish", actor=None).exists()


def test_portal_never_shows_a_published_item_before_its_time(world: Any, client: Any) -> None:
    Item.objects.filter(pk=world.published.pk).update(published_at=timezone.now() + timedelta(hours=1))
    assert client.get(f"/a/{world.agency.code}/i/{world.published.pk}/").status_code == 404


@pytest.mark.parametrize("state", ["draft", "submitted", "returned", "approved", "withdrawn"])
def test_portal_never_shows_an_unpublished_item(state: str, world: Any, client: Any) -> None:
    it = item_in(state, world)
    assert client.get(f"/a/{world.agency.code}/i/{it.pk}/").status_code == 404
    assert it.title not in client.get(f"/a/{world.agency.code}/c/gzdt/").content.decode()


def test_update_records_what_changed(world: Any) -> None:
    services.item_update(item=world.draft, acting_user=world.users["officer"], title="新标题")
    row = AuditEntry.objects.filter(action="item_update").get()
    assert row.changes == {"title": ["草稿一", "新标题"]}


def test_status_cannot_be_changed_through_update(world: Any) -> None:
    with pytest.raises(TransitionRefusedError):
        services.item_update(item=world.draft, acting_user=world.users["officer"], status="published")


def test_leader_task_list_shows_submitted_items_of_others_only(world: Any) -> None:
    from gongkai_web.catalogue.selectors import item_tasks_for_user

    tasks = item_tasks_for_user(user=world.users["leader"])
    assert list(tasks["to_review"]) == [world.submitted]
    assert list(item_tasks_for_user(user=world.users["officer"])["drafts"]) == [world.draft]
    assert list(item_tasks_for_user(user=world.users["other"])["to_review"]) == []


def test_index_numbers_follow_the_agency_scheme(world: Any) -> None:
    year = timezone.localtime().year
    assert world.draft.index_number == f"dept-a/{year}-00001"
    assert world.published.index_number == f"dept-a/{year}-00003"


# --- separation of duties: whoever wrote an item never approves it, whatever roles they hold ------------------


def both_roles(world: Any, username: str = "both") -> Any:
    """An account holding officer and leader in the world's agency."""
    f.member(world.agency, "officer", username=username)
    return f.member(world.agency, "leader", username=username)


@pytest.mark.parametrize("action", ["approve", "return"])
def test_an_officer_leader_who_edited_anothers_item_may_not_review_it(action: str, world: Any) -> None:
    both = both_roles(world)
    it = f.item(agency=world.agency, author=world.users["officer"])
    services.item_update(item=it, acting_user=both, title="改过的标题")
    it = services.item_submit(item=it, acting_user=world.users["officer"])
    with pytest.raises(TransitionRefusedError, match="经手撰写者不能审核"):
        call(action, it, f.fresh(both))
    assert Item.objects.get(pk=it.pk).status == Status.SUBMITTED


def test_an_officer_leader_who_submitted_anothers_item_may_not_approve_it(world: Any) -> None:
    both = both_roles(world)
    it = f.item(agency=world.agency, author=world.users["officer"])
    it = services.item_submit(item=it, acting_user=both)
    with pytest.raises(TransitionRefusedError):
        services.item_approve(item=it, acting_user=f.fresh(both))


def test_an_officer_leader_who_attached_a_file_may_not_approve_the_item(world: Any) -> None:
    both = both_roles(world)
    it = f.item(agency=world.agency, author=world.users["officer"])
    name, size, data = f.upload("附件.pdf", f.PDF_BYTES)
    services.attachment_add(item=it, acting_user=both, name=name, size=size, data=data)
    it = services.item_submit(item=it, acting_user=world.users["officer"])
    with pytest.raises(TransitionRefusedError):
        services.item_approve(item=it, acting_user=f.fresh(both))


def test_an_officer_leader_who_wrote_nothing_of_the_item_approves_it(world: Any) -> None:
    both = both_roles(world)
    it = f.item(agency=world.agency, author=world.users["officer"], state="submitted")
    assert services.item_approve(item=it, acting_user=f.fresh(both)).status == Status.PUBLISHED


def test_a_leader_who_edited_an_item_never_sees_it_to_review_nor_its_approve_button(world: Any) -> None:
    from gongkai_web.catalogue.selectors import item_tasks_for_user

    both = both_roles(world)
    it = f.item(agency=world.agency, author=world.users["officer"])
    services.item_update(item=it, acting_user=both, title="改过的标题")
    it = services.item_submit(item=it, acting_user=world.users["officer"])
    assert it not in item_tasks_for_user(user=f.fresh(both))["to_review"]
    assert ITEM_MACHINE.available(it, f.fresh(both)) == []
    assert {m.action for m in ITEM_MACHINE.available(it, world.users["leader"])} == {"approve", "return"}


def test_the_leader_sees_the_return_form_with_its_reason(world: Any, client: Any) -> None:
    client.force_login(world.users["leader"])
    page = client.get(f"/staff/items/{world.submitted.pk}/").content.decode()
    assert 'name="reason"' in page and f'action="/staff/items/{world.submitted.pk}/do/return/"' in page


def test_returning_through_the_form_keeps_the_reason(world: Any, client: Any) -> None:
    client.force_login(world.users["leader"])
    response = client.post(f"/staff/items/{world.submitted.pk}/do/return/", {"reason": "请补充依据"})
    assert response.status_code == 302
    it = Item.objects.get(pk=world.submitted.pk)
    assert (it.status, it.return_reason) == (Status.RETURNED, "请补充依据")
