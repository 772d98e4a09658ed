"""Full-text search over published items that works for Chinese.

SQLite: an FTS5 table of published items with the trigram tokenizer (kept in sync by triggers, see catalogue
migration 0006), ranked by bm25 with the title weighted 10×.
PostgreSQL: ILIKE served by GIN trigram indexes (pg_trgm), ranked by title hits, then the newest first
(trigram ``word_similarity`` was tried: it tripled the cost at 1,000,000 items for little gain).
Words of two letters or digits (公开, 采购: the commonest Chinese search words) are shorter than a trigram:
they are looked up in each item's character pairs (``Item.search_bigrams``, catalogue migration 0007: an
FTS5 table on SQLite, a GIN array index on PostgreSQL), which hold such a word exactly when the title or
text does. Only one-character terms, or two characters that are not both letters or digits, are still
matched by scanning the table.
Snippets are built here from escaped text, so markup in an item can never reach the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Case, F, IntegerField, Lookup, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai_web.catalogue.models import Item
from gongkai_web.catalogue.search_text import is_pair
from gongkai_web.catalogue.selectors import items_public

MAX_QUERY_CHARS = 100
MAX_TERMS = 5
SNIPPET_RADIUS = 60


@dataclass(frozen=True)
class Hit:
    item: Item
    title_html: SafeString
    snippet_html: SafeString


def terms_of(query: str) -> list[str]:
    """The distinct search terms of ``query`` (whitespace-separated, bounded in number and length)."""
    seen: list[str] = []
    for term in query[:MAX_QUERY_CHARS].split():
        if term and term not in seen:
            seen.append(term)
    return seen[:MAX_TERMS]


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


@dataclass(frozen=True)
class Filters:
    """What a search is narrowed to: an agency, columns (a column and those below it), publication days
    ``since`` (inclusive) to ``until`` (exclusive, timezone-aware)."""

    agency_id: int | None = None
    category_ids: tuple[int, ...] = ()
    since: datetime | None = None
    until: datetime | None = None


def _filter_sql(filters: Filters, id_column: str) -> tuple[str, list[Any]]:
    """The SQL conditions of the filters other than the agency on ``id_column`` (an item id)."""
    conds: list[str] = []
    params: list[Any] = []
    if filters.category_ids:
        conds.append("category_id IN (" + ", ".join(["%s"] * len(filters.category_ids)) + ")")
        params += list(filters.category_ids)
    if filters.since is not None:
        conds.append("published_at >= %s")
        params.append(filters.since)
    if filters.until is not None:
        conds.append("published_at < %s")
        params.append(filters.until)
    if not conds:
        return "", []
    return f" AND {id_column} IN (SELECT id FROM catalogue_item WHERE {' AND '.join(conds)})", params


def _sqlite_query(terms: list[str], filters: Filters) -> tuple[str, str, list[Any], list[Any]] | None:
    """(the matching ids' SQL, its ORDER BY, the params of each) from the FTS tables, or ``None`` when a term
    is neither a trigram word nor a pair."""
    pairs = [t.lower() for t in terms if is_pair(t)]
    words = [t for t in terms if len(t) >= 3]
    if len(pairs) + len(words) < len(terms):
        return None
    agency_id = filters.agency_id
    # Both FTS tables hold published items only (catalogue migrations 0006 and 0007).
    pair_match = " AND ".join(_fts_phrase(t) for t in pairs)
    params: list[Any] = []
    order_params: list[Any] = []
    if words:
        sql = "SELECT rowid FROM catalogue_item_fts WHERE catalogue_item_fts MATCH %s"
        params.append(" AND ".join(_fts_phrase(t) for t in words))
        if pairs:
            sql += " AND rowid IN (SELECT rowid FROM catalogue_item_bigrams WHERE catalogue_item_bigrams MATCH %s)"
            params.append(pair_match)
        if agency_id is not None:
            sql += " AND agency_id = %s"
            params.append(agency_id)
        extra, extra_params = _filter_sql(filters, "rowid")
        order = " ORDER BY bm25(catalogue_item_fts, 10.0, 1.0)"
    else:
        # Pairs only: title hits first, then the newest (as on PostgreSQL).
        title_hits = " + ".join("(instr(lower(i.title), %s) > 0)" for _ in pairs)
        sql = (
            "SELECT i.id FROM catalogue_item_bigrams b JOIN catalogue_item i ON i.id = b.rowid "
            "WHERE catalogue_item_bigrams MATCH %s"
        )
        params.append(pair_match)
        if agency_id is not None:
            sql += " AND b.agency_id = %s"
            params.append(agency_id)
        extra, extra_params = _filter_sql(filters, "i.id")
        order = f" ORDER BY {title_hits} DESC, i.published_at DESC, i.id DESC"
        order_params += pairs
    return sql + extra, order, params + extra_params, order_params


def _ranked_ids_sqlite(
    terms: list[str], agency_id: int | None, limit: int, offset: int, filters: Filters | None = None
) -> list[int] | None:
    """Ranked ids from the FTS tables, or ``None`` when a term is neither a trigram word nor a pair."""
    found = _sqlite_query(terms, filters or Filters(agency_id=agency_id))
    if found is None:
        return None
    sql, order, params, order_params = found
    with connection.cursor() as cur:
        cur.execute(sql + order + " LIMIT %s OFFSET %s", [*params, *order_params, limit, offset])
        return [row[0] for row in cur.fetchall()]


class ILike(Lookup[str]):
    """``field ILIKE pattern`` as written, so PostgreSQL's GIN trigram indexes serve it (Django's
    ``icontains`` wraps both sides in UPPER(), which no trigram index on the bare column can serve)."""

    lookup_name = "ilike"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", [*lhs_params, *rhs_params]


Item._meta.get_field("title").register_lookup(ILike)
Item._meta.get_field("body_text").register_lookup(ILike)


_HAS_PAIR = 'string_to_array("catalogue_item"."search_bigrams", \' \') @> ARRAY[%s]::text[]'


def _like_pattern(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _ranked_queryset(
    terms: list[str], agency_id: int | None, filters: Filters | None = None
) -> QuerySet[Item]:
    """Items matching every term in the title or body, title hits first, then the newest.

    PostgreSQL: ILIKE served by the GIN trigram indexes of catalogue migration 0002, a pair by the GIN index
    of 0007. SQLite (a term the FTS tables cannot look up): LIKE over the table.
    """
    qs = items_public()
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if filters is not None:
        if filters.category_ids:
            qs = qs.filter(category_id__in=filters.category_ids)
        if filters.since is not None:
            qs = qs.filter(published_at__gte=filters.since)
        if filters.until is not None:
            qs = qs.filter(published_at__lt=filters.until)
    vendor_pg = connection.vendor == "postgresql"
    title_hits: Any = Value(0)
    for t in terms:
        if vendor_pg:
            pattern = _like_pattern(t)
            if is_pair(t):
                # Written as the index is (catalogue migration 0007), so PostgreSQL can use it.
                qs = qs.filter(RawSQL(_HAS_PAIR, [t.lower()], output_field=BooleanField()))
            else:
                qs = qs.filter(Q(title__ilike=pattern) | Q(body_text__ilike=pattern))
            hit = When(title__ilike=pattern, then=Value(10))
        else:
            qs = qs.filter(Q(title__icontains=t) | Q(body_text__icontains=t))
            hit = When(title__icontains=t, then=Value(10))
        title_hits = title_hits + Case(hit, default=Value(0), output_field=IntegerField())
    return qs.annotate(rank=title_hits).order_by(F("rank").desc(), "-published_at", "-id")


def search_ids(*, query: str, agency_id: int | None = None, limit: int = 20, offset: int = 0) -> list[int]:
    """Ids of published items matching every term of ``query``, best first."""
    terms = terms_of(query)
    if not terms:
        return []
    if connection.vendor == "sqlite":
        ids = _ranked_ids_sqlite(terms, agency_id, limit, offset)
        if ids is not None:
            return ids
    return list(_ranked_queryset(terms, agency_id).values_list("id", flat=True)[offset : offset + limit])


def highlight(text: str, terms: list[str], *, radius: int | None = None) -> SafeString:
    """``text`` (or a window around the first hit when ``radius`` is given) escaped, terms wrapped in <mark>."""
    if not terms:
        return mark_safe(escape(text[: (radius or len(text))]))
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    if radius is not None:
        m = pattern.search(text)
        start = max(0, (m.start() if m else 0) - radius)
        end = min(len(text), (m.end() if m else 0) + radius)
        window = text[start:end]
        prefix, suffix = ("…" if start > 0 else ""), ("…" if end < len(text) else "")
    else:
        window, prefix, suffix = text, "", ""
    out: list[str] = []
    last = 0
    for m in pattern.finditer(window):
        out.append(escape(window[last : m.start()]))
        out.append("<mark>" + escape(m.group(0)) + "</mark>")
        last = m.end()
    out.append(escape(window[last:]))
    return mark_safe(prefix + "".join(out) + suffix)


def search(*, query: str, agency_id: int | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """Ranked hits with highlighted, escaped title and snippet."""
    terms = terms_of(query)
    return _hits(search_ids(query=query, agency_id=agency_id, limit=limit, offset=offset), terms)


def search_filtered(
    *, query: str, filters: Filters, limit: int = 20, offset: int = 0
) -> tuple[list[Hit], int]:
    """The hits of one page of a filtered search, and how many there are in all."""
    terms = terms_of(query)
    if not terms:
        return [], 0
    ids: list[int] | None = None
    total = 0
    if connection.vendor == "sqlite":
        found = _sqlite_query(terms, filters)
        if found is not None:
            sql, order, params, order_params = found
            with connection.cursor() as cur:
                cur.execute(f"SELECT COUNT(*) FROM ({sql})", params)
                total = int(cur.fetchone()[0])
                cur.execute(sql + order + " LIMIT %s OFFSET %s", [*params, *order_params, limit, offset])
                ids = [row[0] for row in cur.fetchall()]
    if ids is None:
        qs = _ranked_queryset(terms, filters.agency_id, filters)
        total = qs.count()
        ids = list(qs.values_list("id", flat=True)[offset : offset + limit])
    return _hits(ids, terms), total


def _hits(ids: list[int], terms: list[str]) -> list[Hit]:
    """The public items of ``ids`` in their order, with highlighted, escaped title and snippet."""
    items = {i.pk: i for i in items_public().filter(pk__in=ids).select_related("agency", "category")}
    return [
        Hit(
            items[i],
            highlight(items[i].title, terms),
            highlight(items[i].body_text, terms, radius=SNIPPET_RADIUS),
        )
        for i in ids
        if i in items
    ]
