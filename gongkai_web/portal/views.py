"""Public pages: agencies, the catalogue tree with counts, category lists, items, search, attachments."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from gongkai_web.agencies.guide import STATUTORY_COLUMNS, STATUTORY_PROACTIVE, item_number
from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.selectors import agency_children_tree, guide_public
from gongkai_web.catalogue.categories import ANNUAL_REPORT_CODE, ON_REQUEST_CODE
from gongkai_web.catalogue.models import Attachment, Category
from gongkai_web.catalogue.selectors import (
    category_descendant_ids,
    category_tree_nested,
    category_tree_public,
    item_public_get,
    items_public,
    items_public_in,
)
from gongkai_web.common.pagecache import cached_public_page
from gongkai_web.portal.forms import SearchForm
from gongkai_web.portal.search import Filters, Hit, search_filtered

PAGE_SIZE = 20
MAX_PAGE = 500


@cached_public_page
def home(request: HttpRequest) -> HttpResponse:
    latest = (
        items_public()
        .select_related("agency")
        .only("id", "title", "published_at", "agency__code", "agency__name")
        .order_by("-published_at", "-id")[:10]
    )
    return render(request, "portal/home.html", {"tree": agency_children_tree(), "latest": latest})


@cached_public_page
def agency_home(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code)
    latest = (
        items_public_in(agency=agency)
        .select_related("category")
        .only("id", "title", "published_at", "agency_id", "category__code", "category__name")[:10]
    )
    return render(
        request,
        "portal/agency.html",
        {
            "agency": agency,
            "tree": category_tree_nested(agency=agency),
            "latest": latest,
            "children": agency.children.all(),
        },
    )


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), MAX_PAGE))
    except ValueError:
        return 1


@cached_public_page
def category_list(request: HttpRequest, code: str, category: str) -> HttpResponse:
    cat = get_object_or_404(
        Category.objects.select_related("agency", "parent"), agency__code=code, code=category
    )
    requested = _requested_page(request)
    page = Paginator(items_public_in(agency=cat.agency, category=cat), PAGE_SIZE).get_page(
        _page_number(request)
    )
    return render(
        request,
        "portal/category.html",
        {
            "agency": cat.agency,
            "category": cat,
            "page": page,
            "tree": category_tree_nested(agency=cat.agency),
            "on_request": cat.code == ON_REQUEST_CODE,
            "past_end": requested > page.paginator.num_pages and page.paginator.count > 0,
            "requested": requested,
        },
    )


def annual_reports(request: HttpRequest, code: str) -> HttpResponse:
    return category_list(request, code, ANNUAL_REPORT_CODE)


@cached_public_page
def item_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code)
    item = item_public_get(agency=agency, pk=pk)
    return render(
        request, "portal/item.html", {"agency": agency, "item": item, "attachments": item.attachments.all()}
    )


def attachment(request: HttpRequest, code: str, pk: int, att: int) -> FileResponse:
    agency = get_object_or_404(Agency, code=code)
    item = item_public_get(agency=agency, pk=pk)
    try:
        a = item.attachments.get(pk=att)
    except Attachment.DoesNotExist as exc:
        raise Http404 from exc
    return FileResponse(a.file.open("rb"), as_attachment=True, filename=a.original_name)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search_page(request: HttpRequest) -> HttpResponse:
    """Search with filters (agency, column, publication days): how many hits, each with its date, column and
    agency, and pages that say where the reader is (a page past the end says so)."""
    form = SearchForm(request.GET or None)
    query, agency, total = "", None, 0
    hits: list[Hit] = []
    requested = _requested_page(request)
    if form.is_valid():
        data = form.cleaned_data
        query, agency = data["q"], data["agency"]
        categories = Category.objects.filter(code=data["category"]) if data["category"] else None
        if categories is not None and agency is not None:
            categories = categories.filter(agency=agency)
        filters = Filters(
            agency_id=agency.pk if agency else None,
            category_ids=tuple(i for c in (categories or []) for i in category_descendant_ids(c)),
            since=_day_start(data["since"]) if data["since"] else None,
            until=_day_start(data["until"] + timedelta(days=1)) if data["until"] else None,
        )
        if data["category"] and not filters.category_ids:
            filters = Filters(agency_id=filters.agency_id, category_ids=(0,))
        page = min(requested, MAX_PAGE)
        hits, total = search_filtered(
            query=query, filters=filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
    pages = max(1, -(-total // PAGE_SIZE))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "portal/search.html",
        {
            "form": form,
            "query": query,
            "hits": hits,
            "agency": agency,
            "total": total,
            "page": requested,
            "pages": pages,
            "past_end": total > 0 and requested > pages,
            "first_rank": (requested - 1) * PAGE_SIZE + 1,
            "last_rank": (requested - 1) * PAGE_SIZE + len(hits),
            "has_next": requested < pages,
            "has_previous": 1 < requested <= pages,
            "base_query": params.urlencode(),
        },
    )


def _requested_page(request: HttpRequest) -> int:
    """The page asked for (``?page=``; 1 when absent or not a number), unbounded so a page past the end can
    be told as such."""
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def trivial(request: HttpRequest) -> HttpResponse:
    """A baseline for benchmarks: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


def language(request: HttpRequest, lang: str) -> HttpResponse:
    """Switch the interface language (a cookie) and go back to ``next`` if it is a page of this site.

    A GET link rather than Django's POST form, so public pages carry no CSRF token and can be cached.
    """
    from django.conf import settings
    from django.http import HttpResponseRedirect
    from django.utils.http import url_has_allowed_host_and_scheme

    if lang not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        lang,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


# --- the 政府信息公开指南, 公开制度 and 法定主动公开内容 -------------------------------------------------------------


@cached_public_page
def guide_page(request: HttpRequest, code: str) -> HttpResponse:
    """The agency's 政府信息公开指南: who receives applications, where, when, how to apply, fees, remedies."""
    agency = get_object_or_404(Agency, code=code)
    return render(request, "portal/guide.html", {"agency": agency, "guide": guide_public(agency=agency)})


@cached_public_page
def rules_page(request: HttpRequest, code: str) -> HttpResponse:
    """The agency's 公开制度 as its leader approved it."""
    agency = get_object_or_404(Agency, code=code)
    return render(request, "portal/rules.html", {"agency": agency, "guide": guide_public(agency=agency)})


@cached_public_page
def statutory_page(request: HttpRequest, code: str) -> HttpResponse:
    """法定主动公开内容 (条例 第二十条) for the agency: each item, and the column it is published in with the
    number of items there."""

    agency = get_object_or_404(Agency, code=code)
    columns = {c.code: (c, n) for c, n in category_tree_public(agency=agency)}
    rows = [
        (item_number(i), text, columns.get(STATUTORY_COLUMNS.get(i, "")))
        for i, text in enumerate(STATUTORY_PROACTIVE)
    ]
    return render(request, "portal/statutory.html", {"agency": agency, "rows": rows})
