"""The active interface language for texts the core carries in both languages (errors, findings, labels).

The site's own strings go through gettext (English msgids, Chinese in ``locale/zh_Hans``); the core
(``gongkai``) never imports Django and gives its messages as a Chinese/English pair instead. These helpers
pick the half matching the active language: Chinese unless English is active.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.utils import translation
from django.utils.functional import lazy

from gongkai.types import Lang

#: The language official documents (letters, report files) are written in, whatever the visitor reads.
DOCUMENT_LANGUAGE = "zh-hans"


class Bilingual(Protocol):
    @property
    def message_zh(self) -> str: ...

    @property
    def message_en(self) -> str: ...


def is_english() -> bool:
    """True when the active interface language is English."""
    return (translation.get_language() or "").startswith("en")


def core_lang() -> Lang:
    """The active language as the core names it (``zh`` or ``en``), for core methods taking ``lang``."""
    return "en" if is_english() else "zh"


def pick(zh: str, en: str) -> str:
    """``en`` (first letter capitalised) when English is active, else ``zh``."""
    if is_english():
        return en[:1].upper() + en[1:]
    return zh


def message(obj: Bilingual) -> str:
    """The message of a core error or finding in the active language."""
    return pick(obj.message_zh, obj.message_en)


def label_pair(pair: tuple[str, str]) -> str:
    """A core label given as ``(chinese, english)`` (e.g. ``gongkai.workflow.STATE_LABELS[state]``)."""
    return pick(pair[0], pair[1])


#: :func:`label_pair` evaluated when shown (in the language active then), e.g. inside an error's message.
label_pair_lazy = lazy(label_pair, str)


def in_document_language(value: Any) -> str:
    """``value`` (a lazy translation, a choice label) as the official documents print it: in Chinese."""
    with translation.override(DOCUMENT_LANGUAGE):
        return str(value)
