"""A composed letter as a 公文 DOCX (the blocks of :mod:`gongkai.renderers.gongwen`), and its text read back."""

from __future__ import annotations

import io

from gongkai.letters.compose import LetterDocument, day
from gongkai.letters.texts import SEAL
from gongkai.renderers import gongwen


def render_docx(letter: LetterDocument) -> bytes:
    """The DOCX bytes of ``letter``: 发文机关标志, 文号, red rule, title, addressee, body, the seal's place,
    signature and date, then the note. The same letter gives the same bytes."""
    document = gongwen.new_document(letter.title)
    gongwen.heading(document, mark=letter.issuer.name, number=letter.number, title=letter.title)
    gongwen.paragraph(document, f"{letter.addressee}：", indent=False)
    for text in letter.body:
        gongwen.paragraph(document, text)
    gongwen.signature(document, agency=letter.issuer.name, dated=day(letter.issued_on), seal=SEAL)
    if letter.note:
        gongwen.blank(document)
        gongwen.paragraph(document, letter.note)
    return gongwen.stable_bytes(document, dated=letter.issued_on, author=letter.issuer.name)


def letter_text(content: bytes) -> str:
    """The non-empty paragraphs of a letter's DOCX as text, one per line (for tests and previews)."""
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs if p.text)


__all__ = ["letter_text", "render_docx"]
