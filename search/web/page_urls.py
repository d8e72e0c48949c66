"""Links between search pages: every filter, sort and page change as a shareable URL.

The page parameters are the JSON API's (`q`, `outlet`, `exclude_outlet`, `from`, `to`, `sort`,
`page`, `per_page`, `variants`, `undated`, `lang`), so a page URL and an API URL say the same thing. Any change
other than the page itself goes back to page 1: a narrower search may have fewer pages, and a
link must never land on one that no longer exists.
"""
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from ..engine.parsing import searched_text
from ..text.dates import period_label
from ..text.detection import name as language_name
from ..types import SearchRequest

DEFAULTS = SearchRequest()


def query_pairs(req: SearchRequest) -> list[tuple[str, str]]:
    """The request as URL parameters, leaving out those at their default. The words are those
    the search used: a page has a hundred links or more, and each echoing a query of
    thousands of characters made a 7.8 KB query a 921 KB page."""
    pairs = []
    if req.q:
        pairs.append(("q", searched_text(req.q)))
    pairs += [("outlet", slug) for slug in req.outlets]
    pairs += [("exclude_outlet", slug) for slug in req.exclude_outlets]
    pairs += [("lang", code) for code in req.languages]
    pairs += [("person", slug) for slug in req.people]
    pairs += [("place", slug) for slug in req.places]
    pairs += [("exclude_person", slug) for slug in req.exclude_people]
    pairs += [("exclude_place", slug) for slug in req.exclude_places]
    if req.date_from:
        pairs.append(("from", req.date_from.isoformat()))
    if req.date_to:
        pairs.append(("to", req.date_to.isoformat()))
    if req.undated:
        pairs.append(("undated", "only"))
    if req.sort != DEFAULTS.sort:
        pairs.append(("sort", req.sort))
    if req.per_page != DEFAULTS.per_page:
        pairs.append(("per_page", str(req.per_page)))
    if not req.variants:
        pairs.append(("variants", "off"))
    if req.boilerplate:
        pairs.append(("boilerplate", "on"))
    if req.page != 1:
        pairs.append(("page", str(req.page)))
    return pairs


def query_string(req: SearchRequest) -> str:
    pairs = query_pairs(req)
    return "?" + urlencode(pairs) if pairs else ""


def changed(req: SearchRequest, **changes) -> SearchRequest:
    """The request with `changes`; back to page 1 unless the page is what changes."""
    if "page" not in changes:
        changes["page"] = 1
    return replace(req, **changes)


def link(req: SearchRequest, **changes) -> str:
    return query_string(changed(req, **changes)) or "?"


def toggle_outlet(req: SearchRequest, slug: str) -> str:
    outlets = tuple(s for s in req.outlets if s != slug)
    if slug not in req.outlets:
        outlets += (slug,)
    return link(req, outlets=outlets)


def exclude_outlet(req: SearchRequest, slug: str) -> str:
    return link(
        req,
        outlets=tuple(s for s in req.outlets if s != slug),
        exclude_outlets=tuple(s for s in req.exclude_outlets if s != slug) + (slug,),
    )


def include_outlet(req: SearchRequest, slug: str) -> str:
    return link(req, exclude_outlets=tuple(s for s in req.exclude_outlets if s != slug))


def toggle_language(req: SearchRequest, code: str) -> str:
    languages = tuple(c for c in req.languages if c != code)
    if code not in req.languages:
        languages += (code,)
    return link(req, languages=languages)


def period(req: SearchRequest, start: date, end: date) -> str:
    return link(req, date_from=start, date_to=end, undated=False)


def undated(req: SearchRequest) -> str:
    return link(req, date_from=None, date_to=None, undated=True)


def clear_all(req: SearchRequest) -> str:
    """Only the words (and the exact-spelling choice) stay."""
    return link(SearchRequest(q=req.q, variants=req.variants, per_page=req.per_page))


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


def chips(req: SearchRequest, outlet_names: dict[str, str]) -> list[Chip]:
    """The active filters, each with the link that removes it."""
    found = [Chip(f"Outlet: {outlet_names.get(s, s)}", toggle_outlet(req, s)) for s in req.outlets]
    found += [Chip(f"Not: {outlet_names.get(s, s)}", include_outlet(req, s))
              for s in req.exclude_outlets]
    found += [Chip(f"Language: {language_name(c)}", toggle_language(req, c))
              for c in req.languages]
    if req.date_from or req.date_to:
        found.append(Chip(f"Date: {period_label(req.date_from, req.date_to)}",
                          link(req, date_from=None, date_to=None)))
    if req.undated:
        found.append(Chip("Date: unknown", link(req, undated=False)))
    if not req.variants:
        found.append(Chip("Exact spelling only", link(req, variants=True)))
    return found


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


# ---------------------------------------------------------------- people and places

ENTITY_FIELDS = {"person": ("people", "exclude_people"), "place": ("places", "exclude_places")}


def toggle_entity(req: SearchRequest, kind: str, slug: str) -> str:
    chosen, _excluded = ENTITY_FIELDS[kind]
    values = tuple(s for s in getattr(req, chosen) if s != slug)
    if slug not in getattr(req, chosen):
        values += (slug,)
    return link(req, **{chosen: values})


def exclude_entity(req: SearchRequest, kind: str, slug: str) -> str:
    chosen, excluded = ENTITY_FIELDS[kind]
    return link(req, **{chosen: tuple(s for s in getattr(req, chosen) if s != slug),
                        excluded: tuple(s for s in getattr(req, excluded) if s != slug) + (slug,)})


def include_entity(req: SearchRequest, kind: str, slug: str) -> str:
    _chosen, excluded = ENTITY_FIELDS[kind]
    return link(req, **{excluded: tuple(s for s in getattr(req, excluded) if s != slug)})


def entity_chips(req: SearchRequest, names: dict[str, str]) -> list[Chip]:
    """The active people and places filters, each with the link that removes it."""
    found = []
    for kind, label in (("person", "Person"), ("place", "Place")):
        chosen, excluded = ENTITY_FIELDS[kind]
        found += [Chip(f"{label}: {names.get(s, s)}", toggle_entity(req, kind, s))
                  for s in getattr(req, chosen)]
        found += [Chip(f"Not: {names.get(s, s)}", include_entity(req, kind, s))
                  for s in getattr(req, excluded)]
    return found
