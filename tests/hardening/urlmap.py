"""Every route of the project, read from the URL resolver, and a way to build its URL.

New views show up here without anyone listing them, so the access matrix and the CSRF
sweep cover them automatically.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>")
# Sample values tried for a regex group nobody gave a value for.
SAMPLES = ("1", "x", "a-1", "A1", "abc/")


@dataclass(frozen=True)
class Route:
    pieces: tuple  # the patterns from the root down, as (kind, text)
    name: str | None  # "namespace:name", or None
    callback: object

    @property
    def key(self) -> str:
        """What the expectation table is keyed by: the URL name, else the route itself."""
        return self.name or f"route:{self.template}"

    @property
    def template(self) -> str:
        return "".join(text for _kind, text in self.pieces)

    @property
    def params(self) -> list[str]:
        names = []
        for kind, text in self.pieces:
            pattern = CONVERTER if kind == "route" else GROUP
            names += [m.group("name") for m in pattern.finditer(text)]
        return names

    def url(self, values: dict | None = None) -> str:
        """A concrete path for this route, from ``values`` or from sample values."""
        values = values or {}
        path = "".join(_fill(kind, text, values) for kind, text in self.pieces)
        return "/" + path

    def check(self, url: str) -> bool:
        """Does ``url`` reach this route (and not one that shadows it)?"""
        try:
            match = resolve(url.split("?")[0])
        except Exception:
            return False
        return match.func is self.callback or getattr(match.func, "__wrapped__", None) is (
            getattr(self.callback, "__wrapped__", self.callback)
        )


def _route_value(conv: str | None, name: str, values: dict) -> str:
    if name in values:
        return str(values[name])
    return {
        "int": "1",
        "slug": "x",
        "uuid": str(uuid.UUID(int=1)),
        "path": "x",
    }.get(conv or "str", "x")


def _fill(kind: str, text: str, values: dict) -> str:
    if kind == "route":
        return CONVERTER.sub(lambda m: _route_value(m.group("conv"), m.group("name"), values), text)
    return _fill_regex(text, values)


def _group_end(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "\\":
            continue
        if text[i] == "(" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif text[i] == ")" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(text)


def _fill_regex(text: str, values: dict) -> str:
    """Replace each top-level group by its value (named groups) or a sample that matches."""
    out, i = [], 0
    while i < len(text):
        start = text.find("(", i)
        while start > 0 and text[start - 1] == "\\":
            start = text.find("(", start + 1)
        if start < 0:
            out.append(text[i:])
            break
        out.append(text[i:start])
        end = _group_end(text, start)
        named = GROUP.match(text, start)
        if named:
            inner, name = text[named.end() : end], named.group("name")
        else:
            inner, name = re.sub(r"^\(\?:", "(", text[start : end + 1])[1:-1], None
        optional = text[end + 1 : end + 2] == "?"
        if name in values:
            out.append(str(values[name]))
        elif not optional:
            out.append(_sample(inner))
        i = end + (2 if optional else 1)
    path = "".join(out)
    return path.replace("^", "").replace("$", "").replace("/?", "/").replace("\\", "")


def _sample(group_regex: str) -> str:
    alternatives = [a for a in group_regex.split("|") if re.fullmatch(r"[\w-]+", a)]
    if alternatives:
        return alternatives[0]
    simplified = re.sub(r"\((?:\?:)?([^()|]*)(?:\|[^()]*)?\)", r"\1", group_regex)
    if re.fullmatch(r"[\w-]+", simplified) and re.fullmatch(group_regex, simplified):
        return simplified
    for sample in SAMPLES:
        if re.fullmatch(group_regex, sample):
            return sample
    return "x"


def _piece(pattern) -> tuple[str, str]:
    if isinstance(pattern, LocalePrefixPattern):
        return ("route", pattern.language_prefix)
    if isinstance(pattern, RoutePattern):
        return ("route", str(pattern))
    if isinstance(pattern, RegexPattern):
        return ("regex", pattern.regex.pattern)
    return ("route", str(pattern))


def _walk(patterns, pieces=(), namespace=None):
    for entry in patterns:
        piece = _piece(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, (*pieces, piece), ns)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Route(pieces=(*pieces, piece), name=name, callback=entry.callback)


def all_routes() -> list[Route]:
    """Every route of the project (Vietnamese, the default language without a prefix)."""
    return list(_walk(get_resolver().url_patterns))
