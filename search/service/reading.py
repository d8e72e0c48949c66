"""Reading a search's parameters: the same for the search page, the JSON API, exports, saved
searches and commands.

`read_parameters(params)` takes a QueryDict (or any mapping of lists) and answers
(SearchRequest, {}) when every parameter is valid, else (None, {parameter: message}),
each error keyed by the parameter's own name, so a 400 can say which one is wrong.
The form is made from parameters.PARAMETERS (the attention chart's from CHART_PARAMETERS
too); the values a parameter accepts (outlets, languages, people and places) are read once
per form, when it asks for them, by Known, which the API's description asks as well.
"""
from django import forms
from django.http import QueryDict

from archive.models import Article

from ..types import IndexUnavailable
from .articles import gazetteer
from .backend import backend
from .parameters import CHART_PARAMETERS, PARAMETERS, query_pairs, request_of
from .reference import reference


def indexed_languages():
    """The languages a `lang=` filter can find: those of the indexed documents, else,
    with the index unavailable, the articles' (one scan of the table)."""
    try:
        return backend().languages()
    except IndexUnavailable:
        languages = Article.objects.order_by().values_list("language", flat=True).distinct()
        return sorted(code for code in languages if code)


class Known:
    """The values the parameters accept today, each read on first use."""

    def __init__(self):
        self._people = None

    def outlets(self):
        return list(reference().outlet_names)

    def languages(self):
        return indexed_languages()

    def entities(self, kind):
        if self._people is None:
            self._people = gazetteer()
        return [e.slug for e in self._people if e.kind == kind]


class SearchForm(forms.Form):
    """Every parameter of PARAMETERS, validated; `search_request()` when valid."""
    parameters = PARAMETERS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        known = Known()
        self.fields = {parameter.name: parameter.validator(known)
                       for parameter in self.parameters}

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from"), cleaned.get("to")
        if first and last and first > last:
            self.add_error("to", "“to” is before “from”.")
        if cleaned.get("undated") and (first or last):
            self.add_error("undated", "“undated” cannot be combined with “from” or “to”.")
        return cleaned

    def search_request(self):
        return request_of(self.cleaned_data)

    def problems(self):
        return {name: " ".join(messages) for name, messages in self.errors.items()}


def read_parameters(params):
    """(SearchRequest, {}) for valid search parameters, else (None, {parameter: message})."""
    form = SearchForm(params)
    if not form.is_valid():
        return None, form.problems()
    return form.search_request(), {}


def still_valid(request):
    """(request, {}) when every value of `request` is still accepted (an outlet removed
    since a search was saved is not), else (None, {parameter: message})."""
    query = QueryDict(mutable=True)
    for name, value in query_pairs(request):
        query.appendlist(name, value)
    checked, problems = read_parameters(query)
    return (request, {}) if checked is not None else (None, problems)


class AttentionForm(SearchForm):
    """The search parameters, plus how to draw attention over time."""
    parameters = PARAMETERS + CHART_PARAMETERS

    def chart_options(self):
        """{field: value} of the chart's own parameters (web/attention.py's request)."""
        return {p.field: p.read(self.cleaned_data.get(p.name)) for p in CHART_PARAMETERS}
