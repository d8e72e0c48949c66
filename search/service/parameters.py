"""Every search parameter, declared once: the form reads it, page links write it, the API
describes it, and saved searches store the SearchRequest it fills.

A `Parameter` says its name in URLs and the API, the SearchRequest field it sets, its
OpenAPI type and description, whether it repeats, the values it accepts (fixed, or the
archive's own: outlets, languages, people and places, read when a form or the API's
description is made), its bounds (minimum, maximum, pattern, length, how many values),
the Django form field that validates it (fields.py, made from those same bounds), how a
cleaned value becomes the request's, and how the request's value is written back into a
URL (nothing at its default). PARAMETERS lists them in the order a URL spells them;
reading.py builds the form from it, web/page_urls.py the links, web/api_docs.py the
description, facets.py the facets' filters. CHART_PARAMETERS are the attention chart's own.

To add a parameter: a field in types.SearchRequest, one entry below, and the backend's
use of the field.
"""
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable
from urllib.parse import urlencode

from ..engine.parsing import MAX_QUERY_CHARS, searched_text
from ..types import (GROUPS, INTERVALS, MAX_PER_PAGE, NORMALIZATIONS, SORTS, WITHIN,
                     SearchRequest)
from .fields import any_text, choice, number, one_of, period, queries

MAX_PAGE = 100_000
# Values of one repeated parameter. Django answers a query string of more than
# DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) fields with a bare 400 of its own: the eight
# repeated parameters at 100 each, and the rest, stay under it.
MAX_VALUES = 100
MAX_COMPARE = 2          # with the request's own query: three lines at most
MAX_QUERY = MAX_QUERY_CHARS
DEFAULTS = SearchRequest()

# A period as the API describes it: YYYY, YYYY-MM or YYYY-MM-DD, where every string the
# pattern allows is a real period (years 1 to 9999, each month's length, leap days), so a
# client that keeps to it is never refused; the field reads a little more (2024-8-6).
# ECMA-262 (JSON Schema's) and Python read it alike.
YEAR = "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
MONTH_DAY = ("(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"    # months of 31 days
             "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"              # of 30
             "|02-(?:0[1-9]|1[0-9]|2[0-8]))")                      # February to the 28th
PERIOD = f"^(?:{YEAR}(?:-(?:0[1-9]|1[0-2])|-{MONTH_DAY})?|{LEAP_YEAR}-02-29)$"


@dataclass(frozen=True)
class Parameter:
    name: str                 # in URLs, the API and the form ("exclude_outlet")
    field: str                # the SearchRequest field it fills ("exclude_outlets"); for
                              # CHART_PARAMETERS, the chart request's (web/attention.py)
    description: str          # what it means, for the API's description
    example: str              # a value ("": none); the examples of all the parameters
                              # make one valid request together (an API explorer sends
                              # them so); one of an archive's values is used if it has it
    form_field: Callable      # (Parameter, Known) -> the django.forms.Field validating it
    read: Callable            # the field's cleaned value -> the SearchRequest's value
    write: Callable           # the SearchRequest's value -> [values in a URL] ([] : default)
    kind: str = "string"      # its OpenAPI type (of each value, when it repeats)
    repeated: bool = False
    choices: tuple = ()       # its fixed values, when it has some
    values: Callable = None   # (Known) -> the values this archive accepts today
    minimum: int = None
    maximum: int = None
    pattern: str = ""         # what a valid value looks like (anchored regular expression)
    max_length: int = None    # characters of a value (q: the parser cuts the rest)
    max_items: int = None     # values, when it repeats
    carried: bool = True      # page links carry it (group: pages always show articles)

    def pairs(self, request):
        """[(name, value)] of `request`'s value in a URL."""
        return [(self.name, value) for value in self.write(getattr(request, self.field))]

    def accepted(self, known):
        """Its values, fixed or this archive's (`known`: reading.Known); () : any."""
        return tuple(self.values(known)) if self.values else self.choices

    def validator(self, known):
        """The form field that validates it today."""
        return self.form_field(self, known)

    def example_in(self, known):
        """Its example, valid in this archive: the declared one when the archive has it,
        else the archive's first value; None when the archive has no value for it."""
        if not self.values:
            return self.example or None
        values = self.accepted(known)
        return self.example if self.example in values else next(iter(values), None)


def distinct(values):
    return tuple(dict.fromkeys(values or ()))


def each(values):
    return list(values)


def unless(default, spelled=str):
    """The value in a URL when it differs from `default`."""
    return lambda value: [spelled(value)] if value != default else []


def switch(name, field, on, off, description, example, default=False):
    """A parameter of two values (or one), `on` being the one that means True."""
    return Parameter(name, field, description, example, choice,
                     read=lambda value: (value or (on if default else "")) == on,
                     write=lambda value: [] if value == default else [on if value else off],
                     choices=(on, off) if off else (on,))


def repeated(name, field, values, message, description, example):
    return Parameter(name, field, description, example, one_of(message),
                     read=distinct, write=each, repeated=True, values=values,
                     max_items=MAX_VALUES)


def date(name, field, description, example, last=False):
    return Parameter(name, field, description, example, period(last),
                     read=lambda value: value,
                     write=lambda day: [day.isoformat()] if day else [], pattern=PERIOD)


def outlets(known):
    return known.outlets()


def languages(known):
    return known.languages()


def people(known):
    return known.entities("person")


def places(known):
    return known.entities("place")


NO_OUTLET = "There is no outlet “%(value)s”."
NO_PERSON = "There is no person “%(value)s” in the gazetteer."
NO_PLACE = "There is no place “%(value)s” in the gazetteer."
NO_LANGUAGE = "No article is in the language “%(value)s” (ISO 639-1 codes: en, uk, ru...)."

PARAMETERS = [
    Parameter("q", "q", "The words to search for, in the search syntax (phrases in quotes, "
              "OR, -word, word*, word~, headline:, outlet:, author:, commentary:, from:, to:). "
              f"Empty: browse every article. Read up to {MAX_QUERY} characters: a longer "
              "query is cut at a word's end, and a notice says so.", "kursk incursion",
              # Links carry only the words the parser reads: a page has a hundred links or
              # more, and each echoing a query of thousands of characters made a 7.8 KB
              # query a 921 KB page.
              any_text, read=lambda value: value or "", write=unless("", spelled=searched_text),
              max_length=MAX_QUERY),
    repeated("outlet", "outlets", outlets, NO_OUTLET, "Only articles from this outlet (its "
             "slug); repeat for several, any of them.", "reuters"),
    repeated("exclude_outlet", "exclude_outlets", outlets, NO_OUTLET,
             "Leave out articles from this outlet; repeatable.", "rt"),
    repeated("lang", "languages", languages, NO_LANGUAGE, "Only articles in this language "
             "(ISO 639-1: en, uk, ru ...); repeat for several.", "uk"),
    repeated("person", "people", people, NO_PERSON, "Only articles that name this person (a "
             "slug of facets.people); repeat: all of them.", "zelensky"),
    repeated("place", "places", places, NO_PLACE, "Only articles that name this place (a slug "
             "of facets.places); repeatable.", "kharkiv"),
    repeated("exclude_person", "exclude_people", people, NO_PERSON,
             "Leave out articles that name this person.", "putin"),
    repeated("exclude_place", "exclude_places", places, NO_PLACE,
             "Leave out articles that name this place.", "moscow"),
    date("from", "date_from", "Published on or after: YYYY, YYYY-MM or YYYY-MM-DD (the "
         "period's first day). Not after `to`, and not with `undated`.", "2024-08"),
    date("to", "date_to", "Published on or before: YYYY, YYYY-MM or YYYY-MM-DD (the "
         "period's last day). Not before `from`, and not with `undated`.", "2024-09-15",
         last=True),
    switch("undated", "undated", "only", "", "`only`: just the articles whose date is "
           "not known (not with `from` or `to`).", ""),     # from's and to's examples
    Parameter("sort", "sort", "relevance (the default with words), newest or oldest.",
              "newest", choice, read=lambda value: value or DEFAULTS.sort,
              write=unless(DEFAULTS.sort), choices=SORTS),
    Parameter("per_page", "per_page", f"Results a page, 1 to {MAX_PER_PAGE} (default "
              f"{DEFAULTS.per_page}).", "20", number, kind="integer",
              read=lambda value: value or DEFAULTS.per_page, write=unless(DEFAULTS.per_page),
              minimum=1, maximum=MAX_PER_PAGE),
    Parameter("within", "within", "Where every word must be. Not given: articles with "
              "every word come first (in one paragraph, then across the article), then those "
              "with most of them, rarer words counting more. paragraph: only paragraphs with "
              "every word; article: only articles with every word, in any of their "
              "paragraphs or headline. Exports, feeds, saved searches' news and the "
              "attention chart, which count or follow matches, read no value as article.",
              "article", choice,
              read=lambda value: value or "", write=unless(""), choices=WITHIN),
    switch("variants", "variants", "on", "off", "off: the exact spelling only, without "
           "the spelling variants (Kyiv/Kiev) and without matching across Latin and Cyrillic "
           "script.", "off", default=True),
    switch("translate", "translate", "on", "off", "off: the query's own language only, "
           "without its translations into the archive's other languages (by the domain "
           "lexicon: drone also finds дрон, безпілотник, беспилотник).", "off", default=True),
    switch("boilerplate", "boilerplate", "on", "off", "on: outlets' boilerplate "
           "paragraphs match and count too (by default they are left out of searches).", "on"),
    Parameter("page", "page", f"The page, from 1 (to {MAX_PAGE:,}); past the last, an "
              "empty page.", "2", number, kind="integer", read=lambda value: value or 1,
              write=unless(1), minimum=1, maximum=MAX_PAGE),
    Parameter("group", "group", "article (the default): one result an article; paragraph: "
              "one result a matching paragraph.", "paragraph", choice,
              read=lambda value: value or DEFAULTS.group, write=unless(DEFAULTS.group),
              choices=GROUPS, carried=False),
]
# The attention chart's own (web/attention.py), after the search's that choose articles;
# `field` is the chart request's.
CHART_PARAMETERS = [
    Parameter("compare", "compare", f"Up to {MAX_COMPARE} other queries (each up to "
              f"{MAX_QUERY} characters), one line each: then lines are queries, not outlets.",
              "kherson", queries, read=lambda value: value or (), write=each, repeated=True,
              max_items=MAX_COMPARE, max_length=MAX_QUERY),
    Parameter("interval", "interval", "day, week or month; chosen from the span when absent "
              "(and coarser when a line would have more than 800 points).", "month", choice,
              read=lambda value: value or "", write=unless(""), choices=INTERVALS),
    Parameter("normalize", "normalize", "count (matching articles, the default) or share (of "
              "each line's outlets' articles in the period).", "share", choice,
              read=lambda value: value or "count", write=unless("count"),
              choices=NORMALIZATIONS),
]
NOT_FOR_CHARTS = ("sort", "page", "per_page", "group")
BY_NAME = {p.name: p for p in PARAMETERS}
BY_FIELD = {p.field: p for p in PARAMETERS}


# The parameters page links carry, each with its default: a parameter's `write` gives
# nothing at its default (tests/test_search_parameters.py), so a value equal to it is
# skipped without asking. A results page writes a hundred links (a facet value's three,
# the pages, the sorts), each from a request one value away from the page's own.
CARRIED = tuple((p, getattr(DEFAULTS, p.field)) for p in PARAMETERS if p.carried)


def query_pairs(request):
    """The request as URL parameters, in PARAMETERS' order, leaving out those at their
    default and those page links do not carry."""
    return list(_pairs(request))


@lru_cache(maxsize=1024)
def _pairs(request):
    return tuple(pair for p, default in CARRIED if getattr(request, p.field) != default
                 for pair in p.pairs(request))


@lru_cache(maxsize=1024)
def query_string(request):
    """The request as the search page's query string ("?q=...", "" for every article).
    Kept for the last requests written (a page's links to its articles all carry the
    page's own request)."""
    pairs = _pairs(request)
    return "?" + "&".join(_encoded(name, value) for name, value in pairs) if pairs else ""


@lru_cache(maxsize=4096)
def _encoded(name, value):
    """"name=value" as urlencode writes it: a page's fifty links spell the same few
    pairs (its words, its filters), each encoded once."""
    return urlencode([(name, value)])


def request_of(values):
    """The SearchRequest of {parameter name: cleaned value}; a parameter absent keeps
    its default."""
    return SearchRequest(**{p.field: p.read(values.get(p.name)) for p in PARAMETERS})

