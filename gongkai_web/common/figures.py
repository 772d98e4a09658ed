"""The report's figures as data, and the one engine that counts them in the database.

Each part of the annual report is declared once, by the app that owns its records, as :class:`Figures`:

- its :class:`Query` s: one GROUP BY each over one model: the records the part looks at in a year
  (``scope``), grouped by :class:`Dimension` s, with :class:`Measure` s each aggregated under its own filter;
- per template, every cell of the part: a :class:`Figure` (a signed sum of :class:`Term` s, each one
  measure of one query at given values of some of its dimensions) or a :class:`Total` of other cells.

Everything else is derived from that one definition: the cells of one agency, of several summed (a
statistics page) or of each of many (:meth:`Figures.compute`), and the records a cell counts
(:meth:`Figures.records`, the drill-down). The template switches are the definition's data, keyed by
template id.

Speed: compiling a filtered GROUP BY with the ORM costs more than running it for one agency, so each query's
SQL is compiled once per process, database, shape and number of agencies, with placeholder values for the
year and the agency ids, and re-run with the real ones (``bench/report.py``, ``bench/cases.py``).
"""

from __future__ import annotations

import decimal
import functools
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.db import connection
from django.db.models import Count, Model, Q, QuerySet, Sum

from gongkai.templates import Template

CellValue = int | Decimal


@dataclass(frozen=True)
class Period:
    """The year reported on, and the dates a definition filters by."""

    year: int

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    @property
    def previous_start(self) -> date:
        return date(self.year - 1, 1, 1)

    @property
    def previous_end(self) -> date:
        return date(self.year - 1, 12, 31)


#: Something built for the year: a filter (Q) or an expression.
ForYear = Callable[[Period], Any]


@dataclass(frozen=True)
class Measure:
    """A number per group: ``count`` of records, ``distinct`` values of ``field``, or the ``sum`` of
    ``field``; counting only the records ``where`` selects (None: every record of the group)."""

    name: str
    aggregate: Literal["count", "distinct", "sum"] = "count"
    field: str = "id"
    where: ForYear | None = None

    def expression(self, period: Period) -> Any:
        only = self.where(period) if self.where is not None else None
        if self.aggregate == "sum":
            return Sum(self.field, filter=only)
        return Count(self.field, distinct=self.aggregate == "distinct", filter=only)


@dataclass(frozen=True)
class Dimension:
    """A column the records are grouped by: a field, or an expression built for the year."""

    name: str
    field: str | None = None
    expression: ForYear | None = None


@dataclass(frozen=True)
class Query:
    """One GROUP BY: the records of ``model`` that ``scope`` selects in a year, grouped by ``dims`` (and by
    agency when several agencies are computed each apart), with ``measures``."""

    name: str
    model: type[Model]
    scope: ForYear | None
    dims: tuple[Dimension, ...]
    measures: tuple[Measure, ...]

    def _base(self, agency_ids: list[int] | None, period: Period) -> QuerySet[Any]:
        qs: QuerySet[Any] = self.model._default_manager.all()
        if agency_ids is not None:
            qs = qs.filter(agency_id__in=agency_ids)
        if self.scope is not None:
            qs = qs.filter(self.scope(period))
        computed = {d.name: d.expression(period) for d in self.dims if d.expression is not None}
        return qs.annotate(**computed) if computed else qs

    def grouped(self, *, agency_ids: list[int] | None, period: Period, by_agency: bool) -> QuerySet[Any]:
        """The GROUP BY as a queryset of rows: (agency id,) each dimension, each measure."""
        names = [d.field if d.field is not None else d.name for d in self.dims]
        keys = ["agency_id", *names] if by_agency else names
        grouped: QuerySet[Any] = (
            self._base(agency_ids, period)
            .values(*keys)
            .annotate(**{f"m_{m.name}": m.expression(period) for m in self.measures})
            .order_by()
        )
        return grouped

    def columns(self, *, by_agency: bool) -> tuple[str, ...]:
        names = [d.field if d.field is not None else d.name for d in self.dims]
        return (*(["agency_id"] if by_agency else []), *names, *(f"m_{m.name}" for m in self.measures))

    def measure(self, name: str) -> Measure:
        return next(m for m in self.measures if m.name == name)

    def records(self, *, agency_id: int, period: Period, terms: Iterable[Term]) -> QuerySet[Any]:
        """The records counted by ``terms`` (of this query) for one agency: in scope, at the terms'
        dimension values, selected by their measures' filters."""
        lookup = {d.name: d.field if d.field is not None else d.name for d in self.dims}
        wanted: Q | None = None
        for term in terms:
            measure = self.measure(term.measure)
            q = Q(**{lookup[k]: v for k, v in term.at})
            if measure.where is not None:
                q &= measure.where(period)
            if not q:  # a term over every record in scope (an empty Q would vanish from an OR)
                return self._base([agency_id], period)
            wanted = q if wanted is None else wanted | q
        base = self._base([agency_id], period)
        return base.none() if wanted is None else base.filter(wanted)


@dataclass(frozen=True)
class Term:
    """``sign`` × the measure ``measure`` of query ``query``, summed over the groups whose dimensions have the
    values ``at`` (dimensions not named: any value)."""

    query: str
    measure: str
    at: tuple[tuple[str, str], ...] = ()
    sign: int = 1


@dataclass(frozen=True)
class Total:
    """The sum of other cells of the same part (declared after them)."""

    parts: tuple[str, ...]


Figure = tuple[Term, ...] | Total


def term(query: str, measure: str, sign: int = 1, **at: str) -> Term:
    """A :class:`Term`, its dimension values given by name."""
    return Term(query, measure, tuple(sorted(at.items())), sign)


@dataclass(frozen=True)
class _Layout:
    """One template's cells of a :class:`Figures`, compiled for counting."""

    zero: dict[str, CellValue]
    terms: dict[str, list[tuple[tuple[tuple[int, str], ...], int, str, int]]]
    totals: list[tuple[str, list[str]]]
    amounts: list[str]
    #: (query, dimension values) -> [(measure position, cell key, sign)], filled on first sight of a group
    matches: dict[tuple[str, tuple[Any, ...]], list[tuple[int, str, int]]] = field(default_factory=dict)

    def for_group(self, query: str, values: tuple[Any, ...]) -> list[tuple[int, str, int]]:
        key = (query, values)
        found = self.matches.get(key)
        if found is None:
            found = [
                (m, cell, sign)
                for at, m, cell, sign in self.terms.get(query, [])
                if all(values[i] == v for i, v in at)
            ]
            self.matches[key] = found
        return found


class Figures:
    """Part(s) of the report: the queries, and per template the figure of every cell (see the module)."""

    def __init__(
        self, name: str, queries: Iterable[Query], cells: Mapping[str, Mapping[str, Figure]]
    ) -> None:
        self.name = name
        self.queries = {q.name: q for q in queries}
        self.cells = {t: dict(c) for t, c in cells.items()}
        self._layouts: dict[str, _Layout] = {}

    def __add__(self, other: Figures) -> Figures:
        templates = set(self.cells) | set(other.cells)
        return Figures(
            f"{self.name}+{other.name}",
            [*self.queries.values(), *other.queries.values()],
            {t: {**self.cells.get(t, {}), **other.cells.get(t, {})} for t in templates},
        )

    def figures_of(self, template: Template) -> dict[str, Figure]:
        """The figure of every cell of this part in ``template``."""
        return self.cells[template.id]

    def _layout(self, template: Template) -> _Layout:
        found = self._layouts.get(template.id)
        if found is not None:
            return found
        kinds = {c.key: c.kind for c in template.cells}
        figures = self.figures_of(template)
        zero: dict[str, CellValue] = {k: Decimal(0) if kinds[k] == "amount" else 0 for k in figures}
        terms: dict[str, list[tuple[tuple[tuple[int, str], ...], int, str, int]]] = {}
        totals: list[tuple[str, list[str]]] = []
        for key, figure in figures.items():
            if isinstance(figure, Total):
                totals.append((key, list(figure.parts)))
                continue
            for t in figure:
                q = self.queries[t.query]
                dims = [d.name for d in q.dims]
                at = tuple((dims.index(name), value) for name, value in t.at)
                position = [m.name for m in q.measures].index(t.measure)
                terms.setdefault(t.query, []).append((at, position, key, t.sign))
        layout = _Layout(zero, terms, totals, [k for k in figures if kinds[k] == "amount"])
        self._layouts[template.id] = layout
        return layout

    def compute(
        self, *, agency_ids: list[int] | None, year: int, template: Template, by_agency: bool = False
    ) -> dict[int | None, dict[str, CellValue]]:
        """The cells of ``template`` for the agencies ``agency_ids`` (None: every agency) on ``year``: summed
        over the agencies (under key None), or for each agency apart (``by_agency``; agencies without records
        are absent). Each query runs once; totals are sums of cells; no loop over records."""
        layout = self._layout(template)
        period = Period(year)
        groups: dict[int | None, dict[str, CellValue]] = {}
        for q in self.queries.values():
            if q.name not in layout.terms:
                continue
            ndims = len(q.dims)
            sums = [m.aggregate == "sum" for m in q.measures]
            for row in _rows(q, agency_ids=agency_ids, period=period, by_agency=by_agency):
                agency = row[0] if by_agency else None
                values = row[1 : 1 + ndims] if by_agency else row[:ndims]
                measures = row[-len(q.measures) :]
                cells = groups.get(agency)
                if cells is None:
                    cells = groups[agency] = dict(layout.zero)
                for m, key, sign in layout.for_group(q.name, tuple(values)):
                    value = measures[m]
                    cells[key] += sign * (_decimal(value) if sums[m] else (value or 0))
        if not by_agency and None not in groups:
            groups[None] = dict(layout.zero)
        for cells in groups.values():
            get = cells.__getitem__
            for key, parts in layout.totals:
                cells[key] = sum(map(get, parts))
            for key in layout.amounts:
                cells[key] = Decimal(cells[key]).normalize()
        return groups

    def zero(self, template: Template) -> dict[str, CellValue]:
        """Every cell of the part at zero (an agency without records)."""
        layout = self._layout(template)
        return {k: Decimal(0) if k in layout.amounts else 0 for k in layout.zero}

    def records(self, *, key: str, agency_id: int, year: int, template: Template) -> QuerySet[Any]:
        """The records the cell ``key`` counts for one agency on ``year`` (KeyError: not a cell of the part)."""
        period = Period(year)
        terms = list(_terms_of(self.figures_of(template), key))
        names = {t.query for t in terms}
        assert len(names) == 1, f"{key} counts records of several queries: {sorted(names)}"
        return self.queries[names.pop()].records(agency_id=agency_id, period=period, terms=terms)


def _terms_of(figures: Mapping[str, Figure], key: str) -> Iterable[Term]:
    figure = figures[key]
    if isinstance(figure, Total):
        for part in figure.parts:
            yield from _terms_of(figures, part)
    else:
        yield from figure


def _decimal(value: Any) -> Decimal:
    """A sum of amounts as the ORM would return it (SQLite gives a float: 15 significant digits, as Django)."""
    if value is None:
        return Decimal(0)
    if isinstance(value, float):
        return decimal.Context(prec=15).create_decimal_from_float(value)
    return Decimal(value)


# --- the compiled statements ----------------------------------------------------------------------------

#: Placeholder year and agency ids of the compiled statements (never real values: reports start in 2008).
_SENTINEL_YEAR = 1901
_SENTINEL_AGENCY = -190101
_SQL: dict[tuple[str, str, int, bool], tuple[str, tuple[Any, ...], tuple[str, ...]]] = {}


@functools.lru_cache(maxsize=256)
def _sentinels(year: int, agency_ids: tuple[int, ...]) -> dict[Any, Any]:
    """Each placeholder value (as the ORM passes it: date, ISO string or int) -> the real one."""
    real: dict[Any, Any] = {_SENTINEL_AGENCY - i: pk for i, pk in enumerate(agency_ids)}
    for shift in (0, 1):
        real[_SENTINEL_YEAR - shift] = year - shift
        for month, day in ((1, 1), (12, 31)):
            sentinel, actual = date(_SENTINEL_YEAR - shift, month, day), date(year - shift, month, day)
            real[sentinel] = actual
            real[sentinel.isoformat()] = actual.isoformat()
    return real


def _rows(
    query: Query, *, agency_ids: list[int] | None, period: Period, by_agency: bool
) -> list[tuple[Any, ...]]:
    """Run ``query`` for the agencies and year; rows as tuples in the order of ``query.columns``."""
    key = (connection.vendor, query.name, -1 if agency_ids is None else len(agency_ids), by_agency)
    if key not in _SQL:
        placeholders = None if agency_ids is None else [_SENTINEL_AGENCY - i for i in range(len(agency_ids))]
        qs = query.grouped(agency_ids=placeholders, period=Period(_SENTINEL_YEAR), by_agency=by_agency)
        sql, params = qs.query.sql_with_params()
        _SQL[key] = (sql, params, query.columns(by_agency=by_agency))
    sql, params, columns = _SQL[key]
    real = _sentinels(period.year, tuple(agency_ids or ()))
    with connection.cursor() as cur:
        cur.execute(sql, [real.get(p, p) if isinstance(p, int | str | date) else p for p in params])
        names = [d[0] for d in cur.description]
        positions = [names.index(c) for c in columns]
        rows = cur.fetchall()
    if len(positions) == 1:
        return [(r[positions[0]],) for r in rows]
    pick = operator.itemgetter(*positions)
    return [pick(r) for r in rows]
