"""The search parameters, validated: the same for the search page, the JSON API and exports.

`SearchForm(request.GET)`; when valid, `form.search_request()` is the SearchRequest.
Every error is keyed by the parameter's own name (q, outlet, exclude_outlet, from, to,
sort, page, per_page, group, variants, undated, lang, boilerplate, person, place,
exclude_person, exclude_place), so a 400 can say which one is wrong.
`q` takes any text at all: the query parser (search/engine/parsing.py) copes with the rest.
"""
from django import forms

from archive.models import Article

from ..engine.parsing import parse_date
from ..index.errors import IndexUnavailable
from ..index.searcher import searching
from ..types import GROUPS, INTERVALS, MAX_PER_PAGE, NORMALIZATIONS, SORTS, SearchRequest
from .reference import reference

MAX_PAGE = 100_000


def indexed_languages():
    """The languages a `lang=` filter can find: those of the index's documents (kept per
    generation), else, with the index unavailable, the articles' (one scan of the table)."""
    try:
        with searching() as s:
            return sorted(code for code in s.info.languages if code)
    except IndexUnavailable:
        languages = Article.objects.order_by().values_list("language", flat=True).distinct()
        return sorted(code for code in languages if code)


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


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=True)
    outlet = forms.MultipleChoiceField(required=False)
    exclude_outlet = forms.MultipleChoiceField(required=False)
    sort = forms.ChoiceField(required=False, choices=[(s, s) for s in SORTS])
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    per_page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PER_PAGE)
    group = forms.ChoiceField(required=False, choices=[(g, g) for g in GROUPS])
    variants = forms.ChoiceField(required=False, choices=[("on", "on"), ("off", "off")])
    # only the articles whose date is not known (the histogram's "undated" bucket)
    undated = forms.ChoiceField(required=False, choices=[("only", "only")])
    lang = forms.MultipleChoiceField(required=False)
    # "on": outlets' boilerplate paragraphs (search/engine/copies.py) match and count too
    boilerplate = forms.ChoiceField(required=False, choices=[("on", "on"), ("off", "off")])
    person = forms.MultipleChoiceField(required=False)
    place = forms.MultipleChoiceField(required=False)
    exclude_person = forms.MultipleChoiceField(required=False)
    exclude_place = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" and "to" are Python keywords, so these two fields are added by name.
        self.fields["from"] = PeriodField()
        self.fields["to"] = PeriodField(last=True)
        # Any text is a query, even with a NUL character in it: no validators on q.
        self.fields["q"].validators = []
        held = reference()
        slugs = [(slug, slug) for slug in held.outlet_names]
        self.fields["outlet"].choices = slugs
        self.fields["exclude_outlet"].choices = slugs
        self.fields["lang"].choices = [(code, code) for code in indexed_languages()]
        self.fields["lang"].error_messages["invalid_choice"] = \
            "No article is in the language “%(value)s” (ISO 639-1 codes: en, uk, ru...)."
        for name in ("outlet", "exclude_outlet"):
            self.fields[name].error_messages["invalid_choice"] = "There is no outlet “%(value)s”."
        known = held.entities
        for kind, names in (("person", ("person", "exclude_person")),
                            ("place", ("place", "exclude_place"))):
            choices = [(e.slug, e.slug) for e in known if e.kind == kind]
            for name in names:
                self.fields[name].choices = choices
                self.fields[name].error_messages["invalid_choice"] = (
                    f"There is no {kind} “%(value)s” in the gazetteer.")

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from"), cleaned.get("to")
        if first and last and first > last:
            self.add_error("to", "“to” is before “from”.")
        if cleaned.get("undated") and (first or last):
            self.add_error("undated", "“undated” cannot be combined with “from” or “to”.")
        return cleaned

    def search_request(self):
        data = self.cleaned_data
        defaults = SearchRequest()
        return SearchRequest(
            q=data.get("q") or "",
            outlets=tuple(dict.fromkeys(data.get("outlet") or ())),
            exclude_outlets=tuple(dict.fromkeys(data.get("exclude_outlet") or ())),
            date_from=data.get("from"),
            date_to=data.get("to"),
            undated=data.get("undated") == "only",
            sort=data.get("sort") or defaults.sort,
            page=data.get("page") or defaults.page,
            per_page=data.get("per_page") or defaults.per_page,
            group=data.get("group") or defaults.group,
            variants=(data.get("variants") or "on") == "on",
            languages=tuple(dict.fromkeys(data.get("lang") or ())),
            boilerplate=data.get("boilerplate") == "on",
            people=tuple(dict.fromkeys(data.get("person") or ())),
            places=tuple(dict.fromkeys(data.get("place") or ())),
            exclude_people=tuple(dict.fromkeys(data.get("exclude_person") or ())),
            exclude_places=tuple(dict.fromkeys(data.get("exclude_place") or ())),
        )


MAX_COMPARE = 2          # with the request's own query: three lines at most
MAX_QUERY = 1000


class QueryListField(forms.Field):
    """A repeatable text parameter (compare=...&compare=...): its non-empty values."""
    widget = forms.MultipleHiddenInput      # reads every value of the parameter

    def clean(self, value):
        queries = tuple(dict.fromkeys(v.strip() for v in (value or []) if v.strip()))
        if len(queries) > MAX_COMPARE:
            raise forms.ValidationError(
                f"Compare at most {MAX_COMPARE} other queries with the search's own.")
        if any(len(q) > MAX_QUERY for q in queries):
            raise forms.ValidationError(f"A query to compare has at most {MAX_QUERY} characters.")
        return queries


class AttentionForm(SearchForm):
    """The search parameters, plus how to draw attention over time (search/web/attention.py)."""
    interval = forms.ChoiceField(required=False, choices=[(i, i) for i in INTERVALS])
    normalize = forms.ChoiceField(required=False, choices=[(n, n) for n in NORMALIZATIONS])
    compare = QueryListField(required=False)
