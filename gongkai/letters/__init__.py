"""The letters of an application (受理回执, 补正告知书, 延期答复告知书, 征求第三方意见书 / 征求意见函, 收费通知书,
答复告知书, 终止处理告知书): their text as data (:mod:`~gongkai.letters.texts`), composed from the case as a
pure function (:mod:`~gongkai.letters.compose`), printed as 公文 DOCX (:mod:`~gongkai.letters.docx`).

    letter = compose(kind, case=case, issuer=issuer, application=facts, number=number, issued_on=day)
    content = render_docx(letter)      # the same letter, the same bytes
"""

from gongkai.letters.compose import (
    EVENT_LETTERS,
    Application,
    Issuer,
    LetterDocument,
    LetterRefusedError,
    compose,
    day,
    document_number,
    letter_kind_after,
)
from gongkai.letters.docx import letter_text, render_docx
from gongkai.letters.texts import FINAL, LETTER_TITLES, TO_OTHERS, LetterKind

__all__ = [
    "EVENT_LETTERS",
    "FINAL",
    "LETTER_TITLES",
    "TO_OTHERS",
    "Application",
    "Issuer",
    "LetterDocument",
    "LetterKind",
    "LetterRefusedError",
    "compose",
    "day",
    "document_number",
    "letter_kind_after",
    "letter_text",
    "render_docx",
]
