"""Links between search pages: every filter, sort and page change as a shareable URL.

A page URL spells the request with the parameters the search service declares
(search/service/parameters.py), the JSON API's own, so a page URL and an API URL say the
same thing. Any change other than the page itself goes back to page 1: a narrower search
may have fewer pages, and a link must never land on one that no longer exists.
"""
from dataclasses import dataclass, replace

from ..service import query_pairs, query_string  # noqa: F401  (the pages' links)
from ..service.facets import DATES, chips as active_filters
from ..types import SearchRequest


def changed(req: SearchRequest, **changes) -> SearchRequest:
    """The request with `changes`; back to page 1 unless the page is what changes."""
    if "page" not in changes and req.page != 1:
        changes["page"] = 1
    return replace(req, **changes) if changes else req


def link(req: SearchRequest, **changes) -> str:
    return query_string(changed(req, **changes)) or "?"


def address(req: SearchRequest) -> str:
    """The link to `req` (a filter added or removed), on its first page."""
    return link(req)


def period(req: SearchRequest, start, end) -> str:
    return address(DATES.period(req, start, end))


def undated(req: SearchRequest) -> str:
    return address(DATES.undated(req))


def clear_all(req: SearchRequest) -> str:
    """Only the words (and the exact-spelling choice) stay."""
    return link(SearchRequest(q=req.q, variants=req.variants, per_page=req.per_page))


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


def chips(req: SearchRequest, facets) -> list[Chip]:
    """The active filters, each with the link that removes it (`facets`: the response's
    counts, which name their values)."""
    return [Chip(chip.label, address(chip.without)) for chip in active_filters(req, facets)]


@dataclass(frozen=True)
class PageLink:
    number: int | None    # None for a gap ("…")
    url: str
    current: bool


def page_links(req: SearchRequest, page: int, pages: int, around: int = 2) -> list[PageLink]:
    """First, last and the pages around the current one, with gaps between."""
    wanted = {1, pages, *range(page - around, page + around + 1)}
    numbers = sorted(n for n in wanted if 1 <= n <= pages)
    items, previous = [], 0
    for n in numbers:
        if n - previous > 1:
            items.append(PageLink(None, "", False))
        items.append(PageLink(n, link(req, page=n), n == page))
        previous = n
    return items
