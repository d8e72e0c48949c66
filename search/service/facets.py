"""The facets, one class each, registered once in FACETS: what the backend counts (the
types.Facets attribute), which parameters filter by them, how the API's JSON spells
their counts and describes them, and what the page's links and chips do with them.

The search page (web/views.py, web/page_urls.py) and the JSON API (web/api.py,
web/api_docs.py) only loop over FACETS. To add a facet (say, authors): a
types.SearchRequest field for its filter and a types.Facets list for its counts, their
parameters in parameters.py, one ValueFacet below, and the backend's counting of it.
"""
from dataclasses import dataclass, replace

from ..text.dates import period_label
from ..text.detection import name as language_name
from .parameters import BY_NAME


@dataclass(frozen=True)
class Chip:
    """An active filter, and the request without it."""
    label: str
    without: object        # SearchRequest


@dataclass(frozen=True)
class ValueFacet:
    """Counts of matching articles per value (an outlet, a language, a person)."""
    key: str               # its name in the API's facets
    attribute: str         # where the backend puts its counts (types.Facets)
    chosen: str            # the parameter choosing values (OR-ed, or AND-ed for people)
    excluded: str          # the parameter leaving values out ("" : none)
    label: str             # a chosen value's chip: "Outlet: Reuters"
    description: str       # for the API's description
    id_key: str = "slug"   # the name of a value's id in the JSON ("code" for languages)

    def counts(self, facets):
        return getattr(facets, self.attribute) if facets else []

    def as_json(self, facets):
        rows = []
        for count in self.counts(facets):
            row = {self.id_key: getattr(count, self.id_key), "name": count.name,
                   "count": count.count, "selected": count.selected}
            if self.excluded:
                row["excluded"] = count.excluded
            rows.append(row)
        return {self.key: rows}

    def fields(self):
        """(dotted path, type, description) of its part of the API's answer."""
        return [(f"facets.{self.key}", "array", self.description)]

    def values(self, request, parameter):
        return getattr(request, BY_NAME[parameter].field) if parameter else ()

    def toggled(self, request, value):
        """The request with `value` chosen, or no longer chosen."""
        chosen = tuple(v for v in self.values(request, self.chosen) if v != value)
        if value not in self.values(request, self.chosen):
            chosen += (value,)
        return replace(request, **{BY_NAME[self.chosen].field: chosen})

    def excluding(self, request, value):
        """The request with `value` left out (and no longer chosen)."""
        return replace(request, **{
            BY_NAME[self.chosen].field: self.without(request, self.chosen, value),
            BY_NAME[self.excluded].field: self.without(request, self.excluded, value) + (value,)})

    def including(self, request, value):
        """The request with `value` no longer left out."""
        return replace(request, **{BY_NAME[self.excluded].field:
                                   self.without(request, self.excluded, value)})

    def without(self, request, parameter, value):
        return tuple(v for v in self.values(request, parameter) if v != value)

    def chips(self, request, names):
        """The active filters of this facet; `names`: {id: name} of its values."""
        found = [Chip(f"{self.label}: {names.get(v, v)}", self.toggled(request, v))
                 for v in self.values(request, self.chosen)]
        found += [Chip(f"Not: {names.get(v, v)}", self.including(request, v))
                  for v in self.values(request, self.excluded)]
        return found


@dataclass(frozen=True)
class DateFacet:
    """Matching articles per year or month, and those whose date is not known."""
    key: str = "published"

    def as_json(self, facets):
        return {"published": [{"bucket": b.bucket, "count": b.count}
                              for b in (facets.published if facets else [])],
                "undated": facets.undated if facets else 0}

    def fields(self):
        return [("facets.published", "array", "[{bucket, count}]: YYYY or YYYY-MM, the "
                 "periods the matches span."),
                ("facets.undated", "integer", "Matching articles whose date is not known.")]

    def period(self, request, start, end):
        return replace(request, date_from=start, date_to=end, undated=False)

    def undated(self, request):
        return replace(request, date_from=None, date_to=None, undated=True)

    def chips(self, request, names):
        found = []
        if request.date_from or request.date_to:
            found.append(Chip(f"Date: {period_label(request.date_from, request.date_to)}",
                              replace(request, date_from=None, date_to=None)))
        if request.undated:
            found.append(Chip("Date: unknown", replace(request, undated=False)))
        return found


OUTLETS = ValueFacet("outlet", "outlets", "outlet", "exclude_outlet", "Outlet",
                     "[{slug, name, count, selected, excluded}], biggest first; counted "
                     "before the outlet filters.")
DATES = DateFacet()
LANGUAGES = ValueFacet("lang", "languages", "lang", "", "Language",
                       "[{code, name, count, selected}]: matching articles by language; "
                       "filter with lang=CODE (repeatable).", id_key="code")
PEOPLE = ValueFacet("people", "people", "person", "exclude_person", "Person",
                    "[{slug, name, count, selected}]: the people the matching articles name "
                    "(in any of their spellings), counted in articles.")
PLACES = ValueFacet("places", "places", "place", "exclude_place", "Place",
                    "[{slug, name, count, selected}]: the cities, regions and rivers they "
                    "name.")
FACETS = [OUTLETS, LANGUAGES, DATES, PEOPLE, PLACES]
ENTITY_FACETS = {"person": PEOPLE, "place": PLACES}


def facets_json(facets):
    """The API's "facets" object: every facet's counts, in FACETS' order."""
    found = {}
    for facet in FACETS:
        found.update(facet.as_json(facets))
    return found


def chips(request, facets):
    """Chips of every active filter, facet by facet; a language is named by its name."""
    names = {LANGUAGES.key: {c: language_name(c) for c in request.languages}}
    for facet in (OUTLETS, PEOPLE, PLACES):
        names[facet.key] = {c.slug: c.name for c in facet.counts(facets)}
    entity_names = {**names[PEOPLE.key], **names[PLACES.key]}
    names[PEOPLE.key] = names[PLACES.key] = entity_names
    found = []
    for facet in FACETS:
        found += facet.chips(request, names.get(facet.key, {}))
    if not request.variants:
        found.append(Chip("Exact spelling only", replace(request, variants=True)))
    return found
