"""The prose of a report as its author wrote it: page furniture and site chrome out, paragraphs rejoined.

Text copied from web pages and converted documents carries what is no part of the report: breadcrumbs
(「首页 > 政务公开 > …」), the page's buttons (「打印」 「关闭」 「字号：大 中 小」), its footer (「主办单位：…」,
「版权所有」, ICP numbers), page numbers (「— 3 —」, 「第 3 页 共 9 页」), a flipbook's page prefixes
(「Page8-」) and, in a paginated document, the running header or footer repeated on every page. It also
breaks paragraphs where the page did: hard line breaks inside a sentence, spaces between CJK characters.
:func:`clean_prose` removes the first and mends the second; the readers of every format share it through
the text reader.
"""

from __future__ import annotations

import re
from collections import Counter

# A flipbook's page prefix at the start of a line (「Page8-」, 「page 12：」).
_FLIPBOOK = re.compile(r"^\s*page\s*\d{1,4}\s*[-–—:：]\s*", re.I)
# Lines that are the page's and not the report's.
_CHROME = re.compile(
    r"^(?:"
    r".{0,20}首页\s*(?:>|＞|›|»|→|/|\\|-)"  # a breadcrumb
    r"|(?:当前位置|您现在的位置|您的位置|所在位置)\s*[:：]"
    r"|(?:[【\[(（]?\s*(?:打印(?:本页|此页)?|关闭(?:窗口|本页)?|返回顶部|返回|收藏|分享(?:到)?|纠错|扫一扫"
    r"|字号|字体|大|中|小|默认|保存|下载|阅读次数|浏览次数|[:：]|\d+)\s*[】\])）]?\s*)+$"
    r"|(?:第\s*\d{1,4}\s*页\s*(?:[/，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|[-–—－]+\s*\d{1,4}\s*[-–—－]+)$"
    r")",
    re.I,
)
# Ends a paragraph: a sentence's end, possibly inside a closing quote or bracket.
_PARAGRAPH_END = re.compile(r"[。！？!?；;：:…][”’」』）)\"']*$")
# Starts a paragraph: an enumerator (一、 （一） (1) 1. 1、 ①) or 第一,
_PARAGRAPH_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．](?!\d)|[①-⑳]|第[一二三四五六七八九十]+[、，,是])"
)
# Whitespace that only wrapped CJK text: between CJK characters (ideographs, CJK and full-width
# punctuation) or between one and a digit.
_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}\d])|(?<=[{_CJK}\d])\s+(?=[{_CJK}])")
#: Longest line taken as a heading (a short enumerated line without a sentence's end stays on its own).
MAX_HEADING = 24
#: Times a short line must recur to be a running header or footer.
MIN_RUNNING = 3


def running_lines(text: str) -> frozenset[str]:
    """Short lines repeated on several pages (running headers and footers), whitespace removed.

    Only a paginated text has them: one with form feeds or page-number lines; else nothing is taken."""
    counts = Counter(
        "".join(line.split())
        for line in text.split("\n")
        if line and not line.startswith("\t") and len(line) <= 60
    )
    # A running header or footer is words (a title, an agency), never a row of a table's numbers.
    return frozenset(
        line
        for line, n in counts.items()
        if n >= MIN_RUNNING and len(_CJK_CHAR.findall(line)) >= 4 and not _PARAGRAPH_END.search(line)
    )


_FLIPBOOK_ANYWHERE = re.compile(r"(?im)^([ \t\f]*)page\s*\d{1,4}\s*[-–—:：]\s*")
_CJK_CHAR = re.compile(rf"[{_CJK}]")


def strip_furniture(text: str, running: frozenset[str]) -> str:
    """The whole text without flipbook page prefixes and with each running header or footer only where it
    first appears, so that neither is read as a table's numbers (「Page5-」, a header's year)."""
    if "age" in text:
        text = _FLIPBOOK_ANYWHERE.sub(r"\1", text)
    if not running:
        return text
    seen: set[str] = set()
    kept: list[str] = []
    for line in text.split("\n"):
        key = "".join(line.split())
        if key in running:
            if key in seen:
                continue
            seen.add(key)
        kept.append(line)
    return "\n".join(kept)


# A site's footer: a short line naming who runs the site.
_FOOTER = re.compile(
    r"版权所有|ICP\s*备|公网安备|网站标识码|主办单位|承办单位|技术支持|网站地图|联系我们|Copyright|©", re.I
)
#: Longest line taken as a footer.
MAX_FOOTER = 80


def is_furniture(line: str, running: frozenset[str] = frozenset()) -> bool:
    """True for a line (stripped) that is the page's or the site's, not the report's."""
    if running and "".join(line.split()) in running:
        return True
    # A sentence of some length is the report's (chrome is words, arrows and numbers; a footer ends no
    # sentence either).
    if len(line) > MAX_HEADING and _PARAGRAPH_END.search(line):
        return False
    if len(line) <= MAX_FOOTER and _FOOTER.search(line):
        return True
    return _CHROME.match(line) is not None


def clean_prose(text: str, running: frozenset[str] = frozenset()) -> str:
    """``text``'s paragraphs, one per line: furniture dropped (:func:`is_furniture`), a line that does not
    end a sentence joined to the next unless that starts a paragraph (an enumerator) or it is a short
    heading, and whitespace that only wrapped CJK text removed."""
    paragraphs: list[str] = []
    open_paragraph = False
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if line[:4].lower() == "page":
            line = _FLIPBOOK.sub("", line)
        if not line or is_furniture(line, running):
            continue
        starts = _PARAGRAPH_START.match(line) is not None
        if open_paragraph and not starts:
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
        ends = _PARAGRAPH_END.search(line) is not None
        heading = starts and len(line) <= MAX_HEADING and not ends
        open_paragraph = not ends and not heading
    return "\n".join(_CJK_GAP.sub("", p) if " " in p or "\t" in p or "\u3000" in p else p for p in paragraphs)


__all__ = ["clean_prose", "is_furniture", "running_lines", "strip_furniture"]
