"""The applicant's pages: the online form, its confirmation, the status look-up and page, the online 补正 and
the issued letters, all by 查询码, none showing personal data beyond a masked name and contact.

Every form posts, then redirects to a page that only shows (post/redirect/get): the application form carries
a one-time token kept in the server-side session and on the case (unique), so a refresh or a double click
never files a second case. Submissions and look-ups are counted per client address (``common.throttle``); after
a few the form asks a small sum, past the limit the page answers 429.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gongkai.errors import GongkaiError
from gongkai_web.agencies.models import Agency
from gongkai_web.applications import selectors, services
from gongkai_web.applications.forms import (
    OnlineCorrectionForm,
    PublicApplicationForm,
    query_code_clean,
)
from gongkai_web.applications.models import Application
from gongkai_web.common.downloads import file_response
from gongkai_web.common.i18n import message
from gongkai_web.common.security import client_address
from gongkai_web.common.throttle import (
    Rate,
    challenge_new,
    challenge_passed,
    needs_challenge,
    over_limit,
    rate,
    throttle_count,
    throttle_hit,
)

_TOKENS = "apply_tokens"
_APPLIED = "apply_done"
#: How many unanswered form tokens a session keeps (several tabs open at once).
_TOKENS_KEPT = 10


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _throttled(request: HttpRequest, r: Rate) -> HttpResponse:
    response = render(
        request, "applications/public_throttled.html", {"minutes": max(1, r.window_seconds // 60)}, status=429
    )
    response["Retry-After"] = str(r.window_seconds)
    return _private(response)


def _token_issue(request: HttpRequest) -> str:
    token = secrets.token_urlsafe(24)
    tokens = [t for t in request.session.get(_TOKENS, []) if isinstance(t, str)][-(_TOKENS_KEPT - 1) :]
    request.session[_TOKENS] = [*tokens, token]
    return token


def _token_spend(request: HttpRequest, token: str) -> bool:
    tokens = list(request.session.get(_TOKENS, []))
    if token not in tokens:
        return False
    tokens.remove(token)
    request.session[_TOKENS] = tokens
    return True


def _done(request: HttpRequest, agency: Agency, app: Application) -> HttpResponse:
    request.session[_APPLIED] = {"agency": agency.code, "pk": app.pk}
    return redirect("applications_public:done", code=agency.code)


@dataclass(frozen=True)
class _Gate:
    """A public form's throttle for this request (see :func:`_gate`)."""

    name: str
    rate: Rate
    #: Submissions from the address in this window, this one included when it is a POST.
    count: int
    #: Whether the question was answered (or none was due).
    answered: bool = True
    #: The 429 answer when the address is past the limit.
    refused: HttpResponse | None = None
    error: str = ""

    def next_challenge(self, request: HttpRequest) -> Any:
        """The question to show with the form, if the next submission needs one."""
        return challenge_new(request, self.name) if needs_challenge(self.rate, self.count + 1) else None


def _gate(request: HttpRequest, name: str) -> _Gate:
    """Count a POST of the public form ``name`` against its address's rate (a GET only reads the count): past
    the limit it is refused (429); past the first few it must answer the question it was shown."""
    r, address = rate(name), client_address(request)
    if request.method != "POST":
        return _Gate(name, r, throttle_count(r, address))
    count = throttle_hit(r, address)
    if over_limit(r, count):
        return _Gate(name, r, count, answered=False, refused=_throttled(request, r))
    answered = not needs_challenge(r, count) or challenge_passed(
        request, name, str(request.POST.get("challenge", ""))
    )
    error = "" if answered else _("The answer to the question is wrong: try the new question.")
    return _Gate(name, r, count, answered=answered, error=error)


def apply_form(request: HttpRequest, code: str) -> HttpResponse:
    """The online application form of an agency; a valid POST files the case once and redirects to
    :func:`apply_done`."""
    agency = get_object_or_404(Agency, code=code)
    gate = _gate(request, "apply")
    if request.method == "POST":
        token = str(request.POST.get("token", ""))[:64]
        filed = Application.objects.filter(submission_token=token, agency=agency).first() if token else None
        if filed is not None:  # this very form was filed already (a refresh of the POST, a double click)
            return _done(request, agency, filed)
        if gate.refused is not None:
            return gate.refused
        form = PublicApplicationForm(request.POST)
        valid = form.is_valid()
        if valid and gate.answered:
            if not _token_spend(request, token):
                form.add_error(
                    None, _("This form has expired (it was opened too long ago): check it and submit again.")
                )
            else:
                try:
                    app = services.application_submit_online(
                        agency=agency, submission_token=token, **form.cleaned_data
                    )
                except GongkaiError as exc:
                    form.add_error(None, message(exc))
                else:
                    return _done(request, agency, app)
    else:
        form = PublicApplicationForm()
    context: dict[str, Any] = {
        "agency": agency,
        "form": form,
        "token": _token_issue(request),
        "challenge": gate.next_challenge(request),
        "challenge_error": gate.error,
    }
    status = 400 if request.method == "POST" else 200
    return _private(render(request, "applications/public_form.html", context, status=status))


def apply_done(request: HttpRequest, code: str) -> HttpResponse:
    """The confirmation of the application this browser filed: it only shows (a refresh files nothing)."""
    agency = get_object_or_404(Agency, code=code)
    applied = request.session.get(_APPLIED) or {}
    app = None
    pk = applied.get("pk")
    if applied.get("agency") == agency.code and isinstance(pk, int):
        app = Application.objects.filter(pk=pk, agency=agency).first()
    if app is None:
        return redirect("applications_public:form", code=agency.code)
    context = {
        "agency": agency,
        "query_code": app.query_code,
        "received_on": app.received_on,
        "due_date": app.due_date,
    }
    return _private(render(request, "applications/public_done.html", context))


def _lookup_page(
    request: HttpRequest, *, error: str = "", count: int = 0, status: int = 200, raw: str = ""
) -> HttpResponse:
    r = rate("lookup")
    challenge = challenge_new(request, "lookup") if needs_challenge(r, count + 1) else None
    context = {"error": error, "challenge": challenge, "raw": raw[:64]}
    return _private(render(request, "applications/public_lookup.html", context, status=status))


def status_lookup(request: HttpRequest) -> HttpResponse:
    """Enter the 查询码: a code that cannot be one is explained on the form, an unknown one gets the help page,
    a known one redirects to its status page."""
    r, address = rate("lookup"), client_address(request)
    if "code" not in request.GET:
        return _lookup_page(request, count=throttle_count(r, address))
    raw = str(request.GET.get("code", ""))
    count = throttle_hit(r, address)
    if over_limit(r, count):
        return _throttled(request, r)
    if needs_challenge(r, count) and not challenge_passed(
        request, "lookup", str(request.GET.get("challenge", ""))
    ):
        error = _("Answer the question below (it keeps automated guessing out).")
        return _lookup_page(request, error=error, count=count, status=400, raw=raw)
    code = query_code_clean(raw.replace("\x00", ""))
    if code is None:
        error = _(
            "A query code is 16 letters and digits (no 0, O, 1 or I), e.g. ABCD2345EFGH6789: check what you typed."
        )
        return _lookup_page(request, error=error, count=count, status=400, raw=raw)
    if selectors.application_for_query_code(query_code=code) is None:
        return _not_found(request)
    return redirect("applications_public:status", query_code=code)


def _not_found(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "applications/public_not_found.html", {}, status=404))


def _status_app(request: HttpRequest, query_code: str) -> tuple[str | None, HttpResponse | None]:
    """The normalised 查询码 of a known case, or the page to answer instead (throttled, not found)."""
    r = rate("lookup")
    if over_limit(r, throttle_hit(r, client_address(request))):
        return None, _throttled(request, r)
    code = query_code_clean(query_code.replace("\x00", ""))
    if code is None or selectors.application_for_query_code(query_code=code) is None:
        return None, _not_found(request)
    return code, None


def status_page(request: HttpRequest, query_code: str) -> HttpResponse:
    """The public status of one application: what was issued and when, its delivery only if recorded, in
    待补正 what to correct and by when. A masked name and contact at most."""
    code, answer = _status_app(request, query_code)
    if answer is not None or code is None:
        return answer or _not_found(request)
    status = selectors.application_status_public(query_code=code)
    return _private(render(request, "applications/public_status.html", {"s": status}))


def letter_download(request: HttpRequest, query_code: str, letter: int) -> HttpResponse:
    """An issued letter of this case, exactly as issued (another case's letter: the not-found page)."""
    code, answer = _status_app(request, query_code)
    if answer is not None or code is None:
        return answer or _not_found(request)
    issued = selectors.letter_get_public(query_code=code, pk=letter)
    response = file_response(
        bytes(issued.content),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename=issued.filename,
    )
    response["X-Content-SHA256"] = issued.sha256
    return _private(response)


def correct(request: HttpRequest, query_code: str) -> HttpResponse:
    """The applicant answers the correction notice online (text and an optional file); recorded as 收到补正."""
    code, answer = _status_app(request, query_code)
    if answer is not None or code is None:
        return answer or _not_found(request)
    status = selectors.application_status_public(query_code=code)
    if not status.may_correct:
        messages.info(request, _("This application is not awaiting a correction."))
        return redirect("applications_public:status", query_code=code)
    gate = _gate(request, "correct")
    if gate.refused is not None:
        return gate.refused
    form = OnlineCorrectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and gate.answered:
        upload = form.cleaned_data.get("attachment")
        app = selectors.application_for_query_code(query_code=code)
        assert app is not None
        try:
            services.application_correct_online(
                application=app,
                text=form.cleaned_data["text"],
                filename=str(upload.name) if upload else "",
                content=upload.read() if upload else b"",
            )
        except GongkaiError as exc:
            form.add_error(None, message(exc))
        else:
            messages.success(
                request,
                _("Your correction was received; the time limit for the reply runs again from today."),
            )
            return redirect("applications_public:status", query_code=code)
    context = {
        "s": status,
        "form": form,
        "challenge": gate.next_challenge(request),
        "challenge_error": gate.error,
    }
    return _private(
        render(
            request,
            "applications/public_correct.html",
            context,
            status=400 if request.method == "POST" else 200,
        )
    )
