"""The one error base of the web layer, and how views show it.

A service that refuses raises a :class:`ServiceError` (usually :class:`Refused`, or :class:`NotPermitted` when
the acting user may not do this at all). The message is given once, as a translatable English msgid (lazy
``gettext``) or as the Chinese/English pair a core error carries; ``field`` names the form field it concerns.
It is a :class:`gongkai.errors.GongkaiError`, so ``gongkai_web.common.i18n.message(exc)`` shows it in the
active language like every core error, and ``str(exc)`` is that message too.

Views: :func:`to_form` puts the message on its field (or on the whole form), :func:`to_messages` calls a service
for a page that redirects and says how it went; a :class:`NotPermitted` is a ``PermissionDenied``, so a view
lets it through and Django answers 403.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import translation
from django.utils.functional import Promise
from django_stubs_ext import StrOrPromise

from gongkai.errors import GongkaiError, TransitionRefusedError
from gongkai_web.common.i18n import DOCUMENT_LANGUAGE, message


class ServiceError(GongkaiError):
    """A write the site refuses or cannot make, said to the user in the active language.

    ``message``: a lazy translation (``gettext_lazy``) of an English msgid with ``%(name)s`` placeholders filled
    from ``params`` (whose values may be lazy too), rendered in Chinese and in English; or, with ``en``, a
    fixed Chinese text and its English (a core error's pair). ``field``: the form field the message is about
    (None: the whole form or page).
    """

    def __init__(
        self,
        message: str | Promise,
        params: Mapping[str, Any] | None = None,
        *,
        field: str | None = None,
        en: str | None = None,
    ) -> None:
        if en is not None:
            zh = str(message)
        else:
            zh, en = (_render(message, params, lang) for lang in (DOCUMENT_LANGUAGE, "en"))
        super().__init__(zh, en)
        self.field = field

    @classmethod
    def of(cls, exc: GongkaiError, *, field: str | None = None) -> ServiceError:
        """This kind of error carrying a core error's message pair (e.g. a calendar gap), about ``field``."""
        return cls(exc.message_zh, en=exc.message_en, field=field)

    def __str__(self) -> str:
        return message(self)


def _render(text: str | Promise, params: Mapping[str, Any] | None, lang: str) -> str:
    with translation.override(lang):
        if not params:
            return str(text)
        # ``%`` on the lazy text itself: a plural (ngettext_lazy) picks its form from the values.
        return str(text % {k: v if isinstance(v, int | float) else str(v) for k, v in params.items()})


class Refused(ServiceError, TransitionRefusedError):
    """A move or write the rules refuse now: the object's state, a guard, bad input, a concurrent change."""


class NotPermitted(Refused, PermissionDenied):
    """The acting user may not do this at all (their roles). It is Django's PermissionDenied too: a view that
    lets it through answers 403."""


def to_form(form: Any, exc: GongkaiError) -> None:
    """Show ``exc`` on ``form``: on its field when it names one of the form's fields, else on the whole form."""
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, message(exc))


def to_messages(request: HttpRequest, call: Callable[[], object], *, done: StrOrPromise) -> bool:
    """Make one write for a page that redirects afterwards: ``call()`` (a service), then ``done`` as a success
    message, or the refusal's message as an error; a :class:`NotPermitted` passes through (403). True when the
    write was made."""
    try:
        call()
    except NotPermitted:
        raise
    except GongkaiError as exc:
        messages.error(request, message(exc))
        return False
    messages.success(request, done)
    return True
