"""Every URL of the site, for every role: what each gets (200, 403/404, redirect to login).

To add a URL: add a row to EXPECTATIONS (name -> how to build its kwargs, method, and the answer per role).
``test_every_url_has_an_expectation`` fails for any URL pattern without a row, so no view escapes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.annual_reports.helpers import world_report, world_return
from tests.web.applications.helpers import world_case, world_correction, world_delivery, world_proposal
from tests.web.oversight.helpers import world_notice, world_pair
from tests.web.urlwalk import walk


def world_fee(w: Any) -> Any:
    """A fee record of the world's agency (made once per world; deleted again by the delete row's POST)."""
    from decimal import Decimal

    from gongkai_web.registers.models import Fee

    return Fee.objects.get_or_create(
        agency=w.agency, name="证照工本费", year=2024, defaults={"amount": Decimal(1)}
    )[0]


ROLES = ("officer", "leader", "admin", "superior", "other", "anonymous")
LOGIN = "login"  # a redirect to the staff login page
ADMIN_LOGIN = "admin-login"  # a redirect to the admin login page
REDIRECT = "redirect"  # any other redirect (e.g. after a POST)


def every(answer: int | str) -> dict[str, int | str]:
    return dict.fromkeys(ROLES, answer)


def staff(
    *,
    officer: int | str = 200,
    leader: int | str = 200,
    admin: int | str = 200,
    superior: int | str = 200,
    other: int | str = 404,
    anonymous: int | str = LOGIN,
) -> dict[str, int | str]:
    """Staff pages: members answer as given; another agency's staff get 404; anonymous visitors go to login."""
    return {
        "officer": officer,
        "leader": leader,
        "admin": admin,
        "superior": superior,
        "other": other,
        "anonymous": anonymous,
    }


@dataclass(frozen=True)
class Case:
    expect: dict[str, int | str]
    kwargs: Callable[[Any], dict[str, Any]] = lambda w: {}
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)


AGENCY = lambda w: {"code": w.agency.code}  # noqa: E731
DRAFT = lambda w: {"pk": w.draft.pk}  # noqa: E731
PUBLISHED = lambda w: {"code": w.agency.code, "pk": w.published.pk}  # noqa: E731
CATEGORY = lambda w: {"code": w.agency.code, "category": w.category.code}  # noqa: E731

EXPECTATIONS: dict[str, Case] = {
    # public portal: everyone, published data only
    "portal:home": Case(every(200)),
    "portal:search": Case(every(200), data={"q": "已发布"}),
    "portal:trivial": Case(every(200)),
    "portal:agency": Case(every(200), AGENCY),
    "portal:annual_reports": Case(every(200), AGENCY),
    "portal:agency_rss": Case(every(200), AGENCY),
    "portal:agency_atom": Case(every(200), AGENCY),
    "portal:category": Case(every(200), CATEGORY),
    "portal:category_rss": Case(every(200), CATEGORY),
    "portal:category_atom": Case(every(200), CATEGORY),
    "portal:item": Case(every(200), PUBLISHED),
    "portal:attachment": Case(
        every(200), lambda w: {"code": w.agency.code, "pk": w.published.pk, "att": w.attachment.pk}
    ),
    # staff pages of the catalogue
    "staff:dashboard": Case(staff(other=200)),
    "catalogue:item_list": Case(staff(), AGENCY),
    "catalogue:item_create": Case(staff(leader=403, admin=403, superior=403), AGENCY),
    "staff:audit_list": Case(staff(), AGENCY),
    "catalogue:column_health": Case(staff(), AGENCY),
    "catalogue:item_detail": Case(staff(), DRAFT),
    "catalogue:item_edit": Case(staff(leader=403, admin=403, superior=403), DRAFT),
    "catalogue:item_action": Case(
        staff(officer=403, leader=REDIRECT, admin=403, superior=403),
        lambda w: {"pk": w.submitted.pk, "action": "approve"},
        method="post",
    ),
    "catalogue:attachment_upload": Case(
        staff(officer=REDIRECT, leader=403, admin=403, superior=403), DRAFT, method="post"
    ),
    "catalogue:attachment_download": Case(staff(), lambda w: {"pk": w.attachment.pk}),
    # registers behind part 二
    "registers:list": Case(staff(), lambda w: {"code": w.agency.code, "register": "procurement"}),
    "registers:export": Case(staff(), lambda w: {"code": w.agency.code, "register": "rules"}),
    "registers:import": Case(
        staff(leader=403, superior=403), lambda w: {"code": w.agency.code, "register": "fees"}
    ),
    # applications for disclosure (public form and status page; staff queue, cases, letters, statistics)
    "applications_public:form": Case(every(200), AGENCY),
    "applications_public:status_lookup": Case(every(200)),
    "applications_public:status": Case(every(200), lambda w: {"query_code": world_case(w).query_code}),
    "applications_public:done": Case(every(REDIRECT), AGENCY),
    "applications_public:correct": Case(every(REDIRECT), lambda w: {"query_code": world_case(w).query_code}),
    "applications_public:letter": Case(
        every(200),
        lambda w: (lambda a: {"query_code": a.query_code, "letter": a.letters.first().pk})(world_case(w)),
    ),
    "applications:queue": Case(staff(), AGENCY),
    "applications:register": Case(staff(leader=403, admin=403, superior=403), AGENCY),
    "applications:stats": Case(staff(), lambda w: {"code": w.agency.code, "year": 2024}),
    "applications:detail": Case(staff(), lambda w: {"pk": world_case(w).pk}),
    "applications:event": Case(
        staff(officer=400, leader=400, admin=403, superior=403),
        lambda w: {"pk": world_case(w).pk, "event": "answer"},
        method="post",
    ),
    "applications:appeal_add": Case(
        staff(officer=REDIRECT, leader=REDIRECT, admin=403, superior=403),
        lambda w: {"pk": world_case(w).pk},
        method="post",
    ),
    "applications:appeal_decide": Case(
        staff(officer=REDIRECT, leader=REDIRECT, admin=403, superior=403),
        lambda w: {"pk": world_case(w).appeals.get().pk},
        method="post",
    ),
    "applications:letter": Case(staff(), lambda w: {"pk": world_case(w).letters.first().pk}),
    "applications:correction_file": Case(staff(), lambda w: {"pk": world_correction(w).pk}),
    # a draft of a letter: only a leader decides (the workflow then refuses it here: the case is answered)
    "applications:proposal_action": Case(
        staff(officer=403, leader=REDIRECT, admin=403, superior=403),
        lambda w: {"pk": world_proposal(w).pk, "action": "approve"},
        method="post",
    ),
    "applications:calendar": Case(staff(officer=403, leader=403, admin=403, superior=403, other=403)),
    # delivery (送达) of an issued letter: recorded by the agency's officers and leaders, its proof theirs only
    "applications:delivery_record": Case(
        staff(officer=REDIRECT, leader=REDIRECT, admin=403, superior=403),
        lambda w: {"pk": world_case(w).letters.get(kind="answer").pk},
        method="post",
    ),
    "applications:delivery_proof": Case(
        staff(admin=404, superior=404), lambda w: {"pk": world_delivery(w).pk}
    ),
    # annual reports (staff: generate, check, approve, drill-down, history import; public: published reports)
    "annual_reports:list": Case(staff(), AGENCY),
    "annual_reports:generate": Case(
        staff(officer=REDIRECT, leader=403, admin=403, superior=403),
        AGENCY,
        method="post",
        data={"year": 2023},
    ),
    "annual_reports:import": Case(staff(leader=403, superior=403), AGENCY),
    "annual_reports:detail": Case(staff(), lambda w: {"pk": world_report(w).pk}),
    "annual_reports:prose": Case(
        staff(officer=REDIRECT, leader=403, admin=403, superior=403),
        lambda w: {"pk": world_report(w).pk},
        method="post",
        data={"overview": "改"},
    ),
    "annual_reports:action": Case(
        staff(officer=REDIRECT, leader=403, admin=403, superior=403),
        lambda w: {"pk": world_report(w).pk, "action": "check"},
        method="post",
    ),
    "annual_reports:cell": Case(
        staff(), lambda w: {"pk": world_report(w).pk, "key": "applications.new.total"}
    ),
    "annual_reports:file": Case(staff(), lambda w: {"pk": world_report(w).pk, "fmt": "html"}),
    # the review of findings (the superior office or the agency's leader) and returns (the superior office)
    "annual_reports:review": Case(staff(), lambda w: {"pk": world_report(w).pk}),
    "annual_reports:decide": Case(
        staff(officer=403, leader=REDIRECT, admin=403, superior=REDIRECT),
        lambda w: {"pk": world_report(w).pk},
        method="post",
        data={"rule": "carry_over", "cells": "applications.carried_over.total", "verdict": "dismissed"},
    ),
    "annual_reports:return": Case(
        staff(officer=403, leader=403, admin=403, superior=REDIRECT),
        lambda w: {"pk": world_report(w).pk},
        method="post",
        data={"reason": "请更正"},
    ),
    "annual_reports:return_withdraw": Case(
        staff(officer=403, leader=403, admin=403, superior=REDIRECT),
        lambda w: {"pk": world_return(w).pk},
        method="post",
    ),
    # the year-on-year comparison: the agency's staff and its superior office
    "annual_reports:compare": Case(staff(), lambda w: {"code": w.agency.code, "year": 2024}),
    "annual_reports:compare_file": Case(
        staff(), lambda w: {"code": w.agency.code, "year": world_pair(w).year, "fmt": "md"}
    ),
    "annual_reports_public:list": Case(every(200), AGENCY),
    "annual_reports_public:detail": Case(every(200), lambda w: {"pk": world_report(w).pk}),
    "annual_reports_public:graphic": Case(every(200), lambda w: {"pk": world_report(w).pk}),
    "annual_reports_public:file": Case(every(200), lambda w: {"pk": world_report(w).pk, "fmt": "html"}),
    # the superior office: its departments' annual reports, the roll-up and its downloads
    "oversight:board": Case(
        staff(officer=404, leader=404, admin=404, superior=200), lambda w: {"code": w.office.code}
    ),
    "oversight:rollup_file": Case(
        staff(officer=404, leader=404, admin=404, superior=200),
        lambda w: {"code": w.office.code, "year": world_report(w).year, "fmt": "cells"},
    ),
    "oversight:departments_cells": Case(
        staff(officer=404, leader=404, admin=404, superior=200),
        lambda w: {"code": w.office.code, "year": world_report(w).year},
    ),
    # the superior office's indicators of its departments and their exports
    "oversight:indicators": Case(
        staff(officer=404, leader=404, admin=404, superior=200), lambda w: {"code": w.office.code}
    ),
    "oversight:indicators_file": Case(
        staff(officer=404, leader=404, admin=404, superior=200),
        lambda w: {"code": w.office.code, "year": 2024, "fmt": "csv"},
    ),
    # every level below the office: standing, roll-ups, the parent-equals-sum check
    "oversight:hierarchy": Case(
        staff(officer=404, leader=404, admin=404, superior=200), lambda w: {"code": w.office.code}
    ),
    # 督办: the superior office lists and presses its departments' cases; the department acknowledges
    "oversight:supervision": Case(
        staff(officer=404, leader=404, admin=404, superior=200), lambda w: {"code": w.office.code}
    ),
    "oversight:notice_issue": Case(
        staff(officer=404, leader=404, admin=404, superior=REDIRECT),
        lambda w: {"code": w.office.code, "pk": world_notice(w).application.pk},
        method="post",
        data={"text": "请尽快答复。"},
    ),
    "oversight:notice_acknowledge": Case(
        staff(officer=REDIRECT, leader=REDIRECT, admin=403, superior=403),
        lambda w: {"pk": world_notice(w).pk},
        method="post",
    ),
    # member management (the agency's administrators; another agency's staff get 404)
    "agencies:list": Case(staff(officer=403, leader=403, superior=403), AGENCY),
    "agencies:grant": Case(
        staff(officer=403, leader=403, admin=REDIRECT, superior=403),
        AGENCY,
        method="post",
        data={"grant-username": "other-leader", "grant-role": "officer"},
    ),
    "agencies:create": Case(staff(officer=403, leader=403, superior=403), AGENCY),
    "agencies:revoke": Case(
        staff(officer=403, leader=403, admin=REDIRECT, superior=403),
        lambda w: {"code": w.agency.code, "pk": w.agency.memberships.get(user=w.users["leader"]).pk},
        method="post",
    ),
    "agencies:link": Case(
        staff(officer=403, leader=403, admin=REDIRECT, superior=403),
        lambda w: {"code": w.agency.code, "pk": w.users["officer"].pk},
        method="post",
    ),
    # the one-time link of a new account (an invalid link answers with a page saying so)
    "agencies:password_set": Case(every(200), lambda w: {"uidb64": "MQ", "token": "no-such-token"}),
    "agencies:password_set_done": Case(every(200)),
    # registers: records one by one (officers and administrators)
    "registers:record_add": Case(
        staff(leader=403, superior=403), lambda w: {"code": w.agency.code, "register": "fees"}
    ),
    "registers:record_edit": Case(
        staff(leader=403, superior=403),
        lambda w: {"code": w.agency.code, "register": "fees", "pk": world_fee(w).pk},
    ),
    "registers:record_delete": Case(
        staff(officer=REDIRECT, leader=403, admin=REDIRECT, superior=403),
        lambda w: {"code": w.agency.code, "register": "fees", "pk": world_fee(w).pk},
        method="post",
    ),
    # accounts and language
    "login": Case(every(200)),
    "logout": Case(every(REDIRECT), method="post"),
    "language": Case(every(REDIRECT), lambda w: {"lang": "en"}, data={"next": "/a/dept-a/"}),
    "set_language": Case(every(REDIRECT), method="post", data={"language": "en", "next": "/"}),
    # the second factor (TOTP): enrolment and the verify step after the password (anyone signed in)
    "accounts:two_factor": Case(
        staff(other=REDIRECT, officer=REDIRECT, leader=REDIRECT, admin=REDIRECT, superior=REDIRECT)
    ),
    "accounts:two_factor_enrol": Case(staff(other=200)),
    # the public journey (issue 11): the guide, the rules and 法定主动公开内容; the guide's edit and review; the
    # catalogue tree managed by the agency's administrators
    "portal:guide": Case(every(200), AGENCY),
    "portal:rules": Case(every(200), AGENCY),
    "portal:statutory": Case(every(200), AGENCY),
    "agencies:guide": Case(staff(), AGENCY),
    "agencies:guide_review": Case(
        staff(officer=403, leader=REDIRECT, admin=403, superior=403),
        AGENCY,
        method="post",
        data={"decision": "approve"},
    ),
    "catalogue:category_list": Case(staff(officer=403, leader=403, superior=403), AGENCY),
    "catalogue:category_edit": Case(
        staff(officer=403, leader=403, superior=403), lambda w: {"code": w.agency.code, "pk": w.category.pk}
    ),
}

#: The admin site is for superusers only: none of our roles is ``is_staff``, so every admin URL sends them
#: to the admin login (the login page itself answers 200).
ADMIN_EXPECTATIONS: dict[str, Case] = {
    "admin:login": Case(every(200)),
    "admin:logout": Case(every(REDIRECT), method="post"),
}
ADMIN_DEFAULT = Case(every(ADMIN_LOGIN))


def expectation_for(name: str) -> Case | None:
    if name in EXPECTATIONS:
        return EXPECTATIONS[name]
    if name.startswith("admin:"):
        return ADMIN_EXPECTATIONS.get(name, ADMIN_DEFAULT)
    return None


def _admin_path(route: str) -> str:
    values = {
        "app_label": "catalogue",
        "url": "nowhere/",
        "content_type_id": "1",
        "object_id": "1",
        "id": "1",
        "pk": "1",  # django-otp's device pages (config, qrcode)
    }
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m.group(1)], path)
    path = re.sub(r"\^(\w+)\|[^/]*", "catalogue", path.replace("(?P<app_label>", ""))
    return "/" + path.replace("^", "").replace("$", "").replace(")", "")


ROUTES = walk()


def test_every_url_has_an_expectation() -> None:
    missing = [r.name for r in ROUTES if expectation_for(r.name) is None]
    assert missing == [], f"add these URLs to EXPECTATIONS in tests/web/test_authz.py: {missing}"


def test_every_expectation_names_a_real_url() -> None:
    names = {r.name for r in ROUTES}
    assert set(EXPECTATIONS) - names == set()


def _check(response: Any, expected: int | str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), response
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login")), (
            response
        )
    elif expected == REDIRECT:
        assert response.status_code == 302, response
    else:
        assert response.status_code == expected, response


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_url_answers_each_role_as_expected(route: Any, role: str, world: Any) -> None:
    case = expectation_for(route.name)
    assert case is not None
    if route.name.startswith("admin:"):
        url = _admin_path(route.route) if "<unnamed>" in route.name or route.params else reverse(route.name)
    else:
        url = reverse(route.name, kwargs=case.kwargs(world))
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    response = getattr(client, case.method)(url, case.data)
    _check(response, case.expect[role])
