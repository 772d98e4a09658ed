"""Migration 0004: letter facts kept in ``CaseEvent.details`` move into the typed payload stored in ``data``."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongkai.workflow import Answer, IssueFeeNotice, decode

BEFORE = [("applications", "0003_email_label"), ("agencies", "0001_initial")]
AFTER = [("applications", "0004_typed_payloads"), ("agencies", "0002_doc_prefix_review_body")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_details_of_stored_events_move_into_their_payload() -> None:
    old = _migrate(BEFORE)
    agency = old.get_model("agencies", "Agency").objects.create(name="甲局", code="m-a")
    app = old.get_model("applications", "Application").objects.create(
        agency=agency,
        number="2024-00001",
        query_code="MIGRATEQUERYCODE",
        applicant_name="申请人",
        applicant_category="natural_person",
        id_type="resident_id",
        id_number="1",
        description="x",
        requested_form="paper",
        delivery="post",
        channel="in_person",
        submitted_on=date(2024, 9, 27),
        received_on=date(2024, 9, 27),
        receipt_rule="x",
    )
    events = old.get_model("applications", "CaseEvent").objects
    events.create(
        application=app,
        seq=1,
        event="issue_fee_notice",
        at=date(2024, 9, 30),
        data={"fee": {"method": "volume", "units": 150, "earlier": 0}},
        details={"how_to_pay": "银行转账"},
    )
    events.create(
        application=app,
        seq=2,
        event="answer",
        at=date(2024, 10, 9),
        data={"outcome": "withheld.state_secret"},
        details={"reasons": "属于国家秘密", "review_body": "区人民政府"},
    )
    try:
        new = _migrate(AFTER)
        rows = list(
            new.get_model("applications", "CaseEvent").objects.order_by("seq").values("event", "data")
        )
        fee, answer = (decode(r["event"], r["data"]) for r in rows)
        assert isinstance(fee, IssueFeeNotice) and fee.how_to_pay == "银行转账" and fee.fee is not None
        assert isinstance(answer, Answer) and (answer.reasons, answer.review_body) == (
            "属于国家秘密",
            "区人民政府",
        )
        back = _migrate(BEFORE)
        restored = back.get_model("applications", "CaseEvent").objects.get(seq=2)
        assert restored.details == {"reasons": "属于国家秘密", "review_body": "区人民政府"}
        assert restored.data == {"outcome": "withheld.state_secret"}
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
