"""Every search parameter, declared once: the form reads it, page links write it, the API
describes it, and saved searches store the SearchRequest it fills.

A `Parameter` says its name in URLs and the API, the SearchRequest field it sets, its
OpenAPI type and description, whether it repeats, the Django form field that validates
it (with the values it accepts, read when a form is made: outlets, languages, people and
places), how a cleaned value becomes the request's, and how the request's value is
written back into a URL (nothing at its default). PARAMETERS lists them in the order a
URL spells them; reading.py builds the form from it, web/page_urls.py the links,
web/api_docs.py the description, facets.py the facets' filters.

To add a parameter: a field in types.SearchRequest, one entry below, and the backend's
use of the field.
"""
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlencode

from django import forms

from ..engine.parsing import parse_date
from ..types import GROUPS, MAX_PER_PAGE, SORTS, WITHIN, SearchRequest

MAX_PAGE = 100_000
DEFAULTS = SearchRequest()


@dataclass(frozen=True)
class Parameter:
    name: str                 # in URLs, the API and the form ("exclude_outlet")
    field: str                # the SearchRequest field it fills ("exclude_outlets")
    description: str          # what it means, for the API's description
    example: str
    form_field: Callable      # (Known) -> the django.forms.Field that validates it
    read: Callable            # the field's cleaned value -> the SearchRequest's value
    write: Callable           # the SearchRequest's value -> [values in a URL] ([] : default)
    kind: str = "string"      # its OpenAPI type
    repeated: bool = False
    choices: tuple = ()       # its fixed values, when it has some
    carried: bool = True      # page links carry it (group: pages always show articles)

    def pairs(self, request):
        """[(name, value)] of `request`'s value in a URL."""
        return [(self.name, value) for value in self.write(getattr(request, self.field))]


class PeriodField(forms.CharField):
    """YYYY, YYYY-MM or YYYY-MM-DD: the first day of the period, or with last=True the last."""

    def __init__(self, last=False, **kwargs):
        self.last = last
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value).strip()
        if not value:
            return None
        day = parse_date(value, last=self.last)
        if day is None:
            raise forms.ValidationError(
                f"“{value[:40]}” is not a date: use YYYY, YYYY-MM or YYYY-MM-DD.")
        return day


def any_text(known):
    text = forms.CharField(required=False, strip=True)
    text.validators = []        # any text is a query, even with a NUL character in it
    return text


def one_of(values, message):
    """A form field factory for repeated values among those `values(known)` lists."""
    def make(known):
        chosen = forms.MultipleChoiceField(required=False,
                                           choices=[(v, v) for v in values(known)])
        chosen.error_messages["invalid_choice"] = message
        return chosen
    return make


def choice(values):
    return lambda known: forms.ChoiceField(required=False, choices=[(v, v) for v in values])


def number(top):
    return lambda known: forms.IntegerField(required=False, min_value=1, max_value=top)


def distinct(values):
    return tuple(dict.fromkeys(values or ()))


def each(values):
    return list(values)


def unless(default, spelled=str):
    """The value in a URL when it differs from `default`."""
    return lambda value: [spelled(value)] if value != default else []


def switch(name, field, on, off, description, example, default=False):
    """A parameter of two values (or one), `on` being the one that means True."""
    return Parameter(name, field, description, example, choice((on, off) if off else (on,)),
                     read=lambda value: (value or (on if default else "")) == on,
                     write=lambda value: [] if value == default else [on if value else off],
                     choices=(on, off) if off else (on,))


def repeated(name, field, values, message, description, example):
    return Parameter(name, field, description, example, one_of(values, message),
                     read=distinct, write=each, repeated=True)


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
              "Empty: browse every article.", "kursk incursion", any_text,
              read=lambda value: value or "", write=unless("")),
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
    Parameter("from", "date_from", "Published on or after: YYYY, YYYY-MM or YYYY-MM-DD (the "
              "period's first day).", "2024-08", lambda known: PeriodField(),
              read=lambda value: value, write=lambda day: [day.isoformat()] if day else []),
    Parameter("to", "date_to", "Published on or before: YYYY, YYYY-MM or YYYY-MM-DD (the "
              "period's last day).", "2024-09-15", lambda known: PeriodField(last=True),
              read=lambda value: value, write=lambda day: [day.isoformat()] if day else []),
    switch("undated", "undated", "only", "", "`only`: just the articles whose date is "
           "not known (not with from or to).", "only"),
    Parameter("sort", "sort", "relevance (the default with words), newest or oldest.",
              "newest", choice(SORTS), read=lambda value: value or DEFAULTS.sort,
              write=unless(DEFAULTS.sort), choices=SORTS),
    Parameter("per_page", "per_page", f"Results a page, 1 to {MAX_PER_PAGE} (default "
              f"{DEFAULTS.per_page}).", "20", number(MAX_PER_PAGE), kind="integer",
              read=lambda value: value or DEFAULTS.per_page, write=unless(DEFAULTS.per_page)),
    Parameter("within", "within", "Where every word must be. Not given: articles with "
              "every word come first (in one paragraph, then across the article), then those "
              "with most of them, rarer words counting more. paragraph: only paragraphs with "
              "every word; article: only articles with every word, in any of their "
              "paragraphs or headline.", "article", choice(WITHIN),
              read=lambda value: value or "", write=unless(""), choices=WITHIN),
    switch("variants", "variants", "on", "off", "off: the exact spelling only, without "
           "the spelling variants (Kyiv/Kiev) and without matching across Latin and Cyrillic "
           "script.", "off", default=True),
    switch("boilerplate", "boilerplate", "on", "off", "on: outlets' boilerplate "
           "paragraphs match and count too (by default they are left out of searches).", "on"),
    Parameter("page", "page", "The page, from 1.", "2", number(MAX_PAGE), kind="integer",
              read=lambda value: value or 1, write=unless(1)),
    Parameter("group", "group", "article (the default): one result an article; paragraph: "
              "one result a matching paragraph.", "paragraph", choice(GROUPS),
              read=lambda value: value or DEFAULTS.group, write=unless(DEFAULTS.group),
              choices=GROUPS, carried=False),
]
BY_NAME = {p.name: p for p in PARAMETERS}
BY_FIELD = {p.field: p for p in PARAMETERS}


def query_pairs(request):
    """The request as URL parameters, in PARAMETERS' order, leaving out those at their
    default and those page links do not carry."""
    return [pair for p in PARAMETERS if p.carried for pair in p.pairs(request)]


def query_string(request):
    """The request as the search page's query string ("?q=...", "" for every article)."""
    pairs = query_pairs(request)
    return "?" + urlencode(pairs) if pairs else ""


def request_of(values):
    """The SearchRequest of {parameter name: cleaned value}; a parameter absent keeps
    its default."""
    return SearchRequest(**{p.field: p.read(values.get(p.name)) for p in PARAMETERS})

