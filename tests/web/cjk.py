"""Pages in English: which Chinese is left once the content (agency names, template labels, titles) is removed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.test import Client

#: CJK unified ideographs (punctuation alone is not a string a visitor reads).
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def english_client(user: Any = None) -> Client:
    """A client whose visitor chose English (the language cookie the language switch sets)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def template_strings(template_id: str) -> set[str]:
    """Every string of a national template (labels, headings, groups): the report's content, never translated."""
    from gongkai.templates import get_template

    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple | set | frozenset):
            for v in value:
                walk(v)

    walk(get_template(template_id).model_dump())
    return found


def chinese_ui(html: str, content: Iterable[str]) -> list[str]:
    """The Chinese runs left in ``html`` once every ``content`` string and the language switch's own name
    (简体中文, always written in its language) are taken out."""
    from django.utils.html import escape

    text = html
    strings = {s for c in content if c for s in (c, str(escape(c)))}
    for s in sorted(strings, key=len, reverse=True):
        text = text.replace(s, " ")
    text = text.replace(">简体中文<", "><")
    return CJK.findall(text)
