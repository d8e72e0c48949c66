"""The Django form fields that validate the search's parameters, each made from its
declaration (parameters.Parameter): its bounds, its values, its length.

A factory below takes (parameter, known) and answers the field; `known` (reading.Known)
gives the values the archive accepts today (its outlets, languages, people and places),
read when a form is made. The API's description (web/api_docs.py) is drawn from the same
declarations, so what it promises and what these fields accept cannot drift apart.
"""
from django import forms

from ..engine.parsing import parse_date


class PeriodField(forms.CharField):
    """YYYY, YYYY-MM or YYYY-MM-DD: the first day of the period, or with last=True the last.
    It reads a little more than the declared pattern (one-digit months and days)."""

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


class ValuesField(forms.MultipleChoiceField):
    """A repeated parameter among listed values, at most `max_items` of them."""

    def __init__(self, max_items, **kwargs):
        self.max_items = max_items
        super().__init__(required=False, **kwargs)

    def validate(self, value):
        super().validate(value)
        if self.max_items is not None and len(value) > self.max_items:
            raise forms.ValidationError(f"At most {self.max_items} values.")


class QueryListField(forms.Field):
    """A repeatable text parameter (compare=...&compare=...): its non-empty values, each
    once, at most `max_items` of them and `max_length` characters each."""
    widget = forms.MultipleHiddenInput      # reads every value of the parameter

    def __init__(self, max_items, max_length, **kwargs):
        self.max_items, self.max_length = max_items, max_length
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        queries = tuple(dict.fromkeys(v.strip() for v in (value or []) if v.strip()))
        if len(queries) > self.max_items:
            raise forms.ValidationError(
                f"Compare at most {self.max_items} other queries with the search's own.")
        if any(len(q) > self.max_length for q in queries):
            raise forms.ValidationError(
                f"A query to compare has at most {self.max_length} characters.")
        return queries


def any_text(parameter, known):
    text = forms.CharField(required=False, strip=True)
    text.validators = []        # any text is a query, even with a NUL character in it
    return text


def one_of(message):
    """A factory of the field of a repeated parameter among its accepted values."""
    def make(parameter, known):
        chosen = ValuesField(parameter.max_items,
                             choices=[(v, v) for v in parameter.accepted(known)])
        chosen.error_messages["invalid_choice"] = message
        return chosen
    return make


def choice(parameter, known):
    return forms.ChoiceField(required=False, choices=[(v, v) for v in parameter.choices])


def number(parameter, known):
    return forms.IntegerField(required=False, min_value=parameter.minimum,
                              max_value=parameter.maximum)


def period(last=False):
    return lambda parameter, known: PeriodField(last=last)


def queries(parameter, known):
    return QueryListField(parameter.max_items, parameter.max_length)
