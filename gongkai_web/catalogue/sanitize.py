"""Rich text in, safe HTML out (nh3, an allow-list); and the plain text used for search."""

from __future__ import annotations

import html
import re

import nh3
from django.utils.translation import gettext_lazy as _

from gongkai.parsers.budgets import MAX_RICH_TEXT_CHARS, MAX_RICH_TEXT_DEPTH
from gongkai_web.common.errors import Refused

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


# Elements that never nest (void) or that a parser closes by itself when the next one opens: not counted.
_NO_DEPTH = {
    "br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr",
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot",
}  # fmt: skip
_MARKUP_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^<>]*?(/?)>")


def markup_depth(raw: str) -> int:
    """How deeply the elements of ``raw`` nest (unclosed ones count as open), found by one regex scan."""
    depth = deepest = 0
    for match in _MARKUP_TAG.finditer(raw):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _NO_DEPTH:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def check_rich_text(raw: str) -> None:
    """Refuse rich text too long or nested too deeply for the sanitiser (``Refused`` on the ``body`` field),
    checked before nh3 sees it: nh3's time grows faster than the nesting."""
    if len(raw) > MAX_RICH_TEXT_CHARS:
        raise Refused(
            _("The body is too long: at most %(limit)d characters."),
            {"limit": MAX_RICH_TEXT_CHARS},
            field="body",
        )
    if raw.count("<") > MAX_RICH_TEXT_DEPTH and markup_depth(raw) > MAX_RICH_TEXT_DEPTH:
        raise Refused(
            _("The body nests its elements too deeply: at most %(limit)d levels."),
            {"limit": MAX_RICH_TEXT_DEPTH},
            field="body",
        )


def sanitize_html(raw: str) -> str:
    """``raw`` with every tag, attribute and URL scheme outside the allow-list removed; raises ``Refused``
    (see :func:`check_rich_text`) for a body too long or too deeply nested to sanitise in bounded time."""
    check_rich_text(raw)
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def html_to_text(safe_html: str) -> str:
    """Plain text of sanitised HTML (for search and snippets)."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", safe_html))).strip()
