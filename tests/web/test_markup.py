"""Pages are well-formed HTML5 with basic accessibility: doctype, lang, one h1, unique ids, labelled controls,
balanced tags, a skip link to the main content."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: list[str] = []
        self.labels: set[str] = set()
        self.controls: list[tuple[str, dict[str, str | None]]] = []
        self.h1 = 0
        self.doctype = False
        self.html_lang: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "h1":
            self.h1 += 1
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"] or "")
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit", "button"):
            self.controls.append((tag, a))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def check(html: str) -> list[str]:
    c = Checker()
    c.feed(html)
    c.close()
    problems = list(c.problems)
    if not c.doctype:
        problems.append("no <!DOCTYPE html>")
    if not c.html_lang:
        problems.append("no lang on <html>")
    if c.h1 != 1:
        problems.append(f"{c.h1} h1 elements")
    if len(c.ids) != len(set(c.ids)):
        problems.append("duplicate ids")
    if c.stack:
        problems.append(f"unclosed {c.stack}")
    for tag, a in c.controls:
        if a.get("id") not in c.labels and not a.get("aria-label"):
            problems.append(f"unlabelled <{tag} name={a.get('name')}>")
    if 'href="#main"' not in html or 'id="main"' not in html:
        problems.append("no skip link to #main")
    return problems


PAGES = [
    ("/", None),
    ("/search/?q=已发布", None),
    ("/a/dept-a/", None),
    ("/a/dept-a/c/gzdt/", None),
    ("/a/dept-a/reports/", None),
    ("ITEM", None),
    ("/accounts/login/", None),
    ("/staff/", "officer"),
    ("/staff/a/dept-a/items/", "officer"),
    ("/staff/a/dept-a/items/new/", "officer"),
    ("DRAFT", "officer"),
    ("SUBMITTED", "leader"),
    ("/staff/a/dept-a/audit/", "admin"),
    ("/staff/a/dept-a/registers/rules/", "officer"),
    ("/staff/a/dept-a/registers/fees/import/", "officer"),
    ("/apply/a/dept-a/", None),
    ("/apply/status/", None),
    ("/annual/a/dept-a/", None),
    ("/staff/cases/a/dept-a/", "officer"),
    ("/staff/annual/a/dept-a/", "officer"),
    ("/staff/a/dept-a/members/", "admin"),
    ("/staff/oversight/a/office/", "superior"),
]


@pytest.mark.parametrize(("url", "role"), PAGES)
def test_page_is_wellformed_and_accessible(url: str, role: str | None, world: Any) -> None:
    url = {
        "ITEM": f"/a/dept-a/i/{world.published.pk}/",
        "DRAFT": f"/staff/items/{world.draft.pk}/",
        "SUBMITTED": f"/staff/items/{world.submitted.pk}/",
    }.get(url, url)
    client = Client()
    if role:
        client.force_login(world.users[role])
    response = client.get(url)
    assert response.status_code == 200
    assert check(response.content.decode()) == []


def test_checker_reports_broken_markup() -> None:
    problems = check('<html><body><h1>a</h1><div id="x"><input name="q"><span id="x"></div></body></html>')
    assert {"no <!DOCTYPE html>", "no lang on <html>", "duplicate ids", "unlabelled <input name=q>"} <= set(
        problems
    )
    assert any(p.startswith("unexpected </div>") for p in problems)
