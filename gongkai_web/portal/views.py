"""Public pages: agencies, the catalogue tree with counts, category lists, items, search, attachments."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from gongkai_web.agencies.models import Agency
from gongkai_web.agencies.selectors import agency_children_tree
from gongkai_web.catalogue.categories import ANNUAL_REPORT_CODE
from gongkai_web.catalogue.models import Attachment, Category
from gongkai_web.catalogue.selectors import (
    category_tree_public,
    item_public_get,
    items_public,
    items_public_in,
)
from gongkai_web.common.pagecache import cached_public_page
from gongkai_web.portal.search import search, terms_of

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
    latest = items_public_in(agency=agency).select_related("category")[:10]
    return render(
        request,
        "portal/agency.html",
        {
            "agency": agency,
            "tree": category_tree_public(agency=agency),
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
    cat = get_object_or_404(Category.objects.select_related("agency"), agency__code=code, code=category)
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
            "tree": category_tree_public(agency=cat.agency),
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


def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    agency = None
    if request.GET.get("agency"):
        agency = Agency.objects.filter(code=request.GET["agency"]).first()
    page = _page_number(request)
    hits = (
        search(
            query=query,
            agency_id=agency.pk if agency else None,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        if terms_of(query)
        else []
    )
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "hits": hits,
            "agency": agency,
            "page": page,
            "has_next": len(hits) == PAGE_SIZE,
        },
    )


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
