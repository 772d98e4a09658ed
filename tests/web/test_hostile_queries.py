"""Every public URL with hostile query strings answers without a server error (issue 14 item 3), on SQLite and
on PostgreSQL (run with DATABASE_URL): NUL bytes, control characters, bad UTF-8, very long values, slashes in
codes, odd numbers and charset games."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.test_authz import EXPECTATIONS, ROUTES

pytestmark = pytest.mark.django_db

KEYS = ("q", "agency", "category", "page", "code", "year", "rank", "next", "fmt", "from", "to", "sort")
VALUES = (
    "%00",
    "a%00b",
    "%01%1f%7f",
    "%FF%FE",
    "%C0%AF",
    "x" * 5000,
    "%E4%B8%AD" * 2000,
    "a%2Fb",
    "../../etc/passwd",
    "-1",
    "99999999999999999999999",
    "1e9",
    "%27%22%3C%3E",
    "%25",
)
#: Each value in every key at once (one request per value keeps the walk short).
HOSTILE = ["&".join(f"{key}={value}" for key in KEYS) for value in VALUES] + [
    "q=1&q=2&q=%00",
    "=%00",
    "%00=1",
]
CHARSETS = ("gbk", "nosuch", "utf-16", '"utf-8"')

PUBLIC = [r for r in ROUTES if r.name in EXPECTATIONS and EXPECTATIONS[r.name].expect["anonymous"] == 200]


def test_the_walk_covers_the_public_pages() -> None:
    names = {r.name for r in PUBLIC}
    assert {"portal:home", "portal:search", "applications_public:status_lookup", "portal:item"} <= names


@pytest.mark.parametrize("route", PUBLIC, ids=lambda r: r.name)
def test_a_public_url_answers_hostile_query_strings_without_a_server_error(route: Any, world: Any) -> None:
    case = EXPECTATIONS[route.name]
    url = reverse(route.name, kwargs=case.kwargs(world))
    client = Client(raise_request_exception=False)
    failures = []
    for query in HOSTILE:
        status = client.get(f"{url}?{query}").status_code
        if status >= 500:
            failures.append((query[:40], status))
    for charset in CHARSETS:
        for method in ("GET", "POST"):
            response = client.generic(
                method, url, b"q=%D6%D0", content_type=f"application/x-www-form-urlencoded; charset={charset}"
            )
            if response.status_code >= 500:
                failures.append((f"{method} charset={charset}", response.status_code))
    assert failures == []


@pytest.mark.parametrize("tail", ["%00/", "a%00b/", "%FF/", "x" * 300 + "/", "%C0%AF/"])
def test_a_hostile_path_is_no_server_error(tail: str, world: Any) -> None:
    client = Client(raise_request_exception=False)
    for prefix in ("/", "/a/", "/apply/s/", f"/a/{world.agency.code}/", "/annual/", "/staff/"):
        assert client.get(prefix + tail).status_code < 500, prefix + tail
