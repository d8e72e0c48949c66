"""A SearchRequest as text to keep (saved searches), and back: one serializer, versioned.

Version 2 (written now) is JSON: {"version": 2, "request": {field: value}} with every
SearchRequest field that is not at its default, tuples as lists and dates as
YYYY-MM-DD, so it holds every field (after_article and group too) and round-trips any
request; a field added to SearchRequest later is stored without a change here.
Version 1 is what saved searches held before: the search page's query string
("?q=kursk&outlet=reuters"), read as the page reads it. Both load.

    encode(request)     the text to store (version 2)
    decode(text)        the SearchRequest of a stored text (ValueError when unreadable,
                        or when a version 1 text's parameters do not validate)
    restore(text)       (SearchRequest, {}) when it still validates today (an outlet may
                        have been removed since), else (None, {parameter: message})
    page_parameters(text)  the search page's query string of a stored search
"""
import json
import typing
from dataclasses import fields
from datetime import date

from django.http import QueryDict

from ..types import SearchRequest
from .parameters import query_string
from .reading import read_parameters, still_valid

VERSION = 2
DEFAULTS = SearchRequest()
TYPES = typing.get_type_hints(SearchRequest)


def encode(request):
    """The request as version 2 text."""
    values = {f.name: plain(getattr(request, f.name)) for f in fields(SearchRequest)
              if getattr(request, f.name) != getattr(DEFAULTS, f.name)}
    return json.dumps({"version": VERSION, "request": values}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"))


def plain(value):
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def decode(text):
    """The SearchRequest of a stored text, of either version."""
    text = (text or "").strip()
    if not text.startswith("{"):
        return _version_1(text)
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ValueError(f"not a stored search: {error}") from error
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ValueError(f"not a stored search of version {VERSION}")
    values = data.get("request") or {}
    unknown = set(values) - set(TYPES)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    return SearchRequest(**{name: typed(TYPES[name], value) for name, value in values.items()})


def typed(kind, value):
    """`value` read from JSON as the field's type (str, int, bool, a tuple, a date)."""
    if kind in (str, int, bool):
        if type(value) is not kind:
            raise ValueError(f"{value!r} is not a {kind.__name__}")
        return value
    if typing.get_origin(kind) is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{value!r} is not a list of text")
        return tuple(value)
    if value is None:                      # date | None
        return None
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date")
    return date.fromisoformat(value)


def _version_1(text):
    request, problems = read_parameters(QueryDict(text.lstrip("?")))
    if request is None:
        raise ValueError("; ".join(f"{name}: {message}" for name, message in problems.items()))
    return request


def restore(text):
    """(SearchRequest, {}) of a stored text that still validates, else (None, problems)."""
    text = (text or "").strip()
    if not text.startswith("{"):
        return read_parameters(QueryDict(text.lstrip("?")))
    try:
        return still_valid(decode(text))
    except ValueError as error:
        return None, {"parameters": str(error)}


def page_parameters(text):
    """The search page's query string ("?q=...", "" for every article) of a stored text."""
    text = (text or "").strip()
    if not text.startswith("{"):
        return text
    return query_string(decode(text))
