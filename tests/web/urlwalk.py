"""Walk every URL pattern of the site (so no view escapes the authorisation table)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name", or the raw route for unnamed patterns
    route: str
    params: tuple[str, ...]


def walk(patterns: list[object] | None = None, prefix: str = "", namespace: str = "") -> list[Route]:
    out: list[Route] = []
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}{p.namespace}:"
            out += walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            name = f"{namespace}{p.name}" if p.name else f"{namespace}<unnamed>{route}"
            out.append(Route(name, route, tuple(p.pattern.regex.groupindex)))
    return out
