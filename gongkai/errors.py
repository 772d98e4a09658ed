"""The one exception hierarchy of the core; the web layer turns these into messages naming the field or cell."""

from __future__ import annotations


class GongkaiError(Exception):
    """Base of every error the core raises on purpose."""

    def __init__(self, message_zh: str, message_en: str | None = None) -> None:
        super().__init__(message_en or message_zh)
        self.message_zh = message_zh
        self.message_en = message_en or message_zh

    def __reduce__(self) -> tuple[type[GongkaiError], tuple[str, str]]:
        # Pickled with both languages (results come back from worker processes).
        return (type(self), (self.message_zh, self.message_en))

    def message(self, lang: str = "zh") -> str:
        """The message in the requested language (``zh`` or ``en``)."""
        return self.message_en if lang == "en" else self.message_zh


class ParseError(GongkaiError):
    """Input that cannot be read as a report at all (wrong type, broken file, no tables)."""


class UnknownTemplateError(GongkaiError):
    """A template id or cell key that no national template defines."""


class CalendarNotCoveredError(GongkaiError):
    """A date outside the years the working-day calendar knows; never guessed."""


class TransitionRefusedError(GongkaiError):
    """A state machine move that the table of allowed transitions does not allow."""
