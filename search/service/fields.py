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


class ValuesField(forms.Field):
    """A repeated parameter among accepted values, at most `max_items` of them.

    Not a MultipleChoiceField: that one builds and normalises its list of choices when it
    is made, and a search form is made for every request, with the archive's outlets,
    languages, people and places (hundreds of values, 3 ms of a search page's 20). Here
    `accepted()` is asked only when the parameter is given, and membership is one set
    lookup a value. Messages are MultipleChoiceField's ("invalid_choice" names the value).
    """
    widget = forms.MultipleHiddenInput      # reads every value of the parameter
    default_error_messages = {
        "invalid_choice": "Select a valid choice. %(value)s is not one of the available choices.",
        "invalid_list": "Enter a list of values.",
    }

    def __init__(self, max_items, accepted, **kwargs):
        self.max_items, self._accepted = max_items, accepted
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        if not value:
            return []
        if not isinstance(value, (list, tuple)):
            raise forms.ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        return [str(v) for v in value]

    def validate(self, value):
        super().validate(value)
        if not value:
            return
        accepted = frozenset(self._accepted())
        for v in value:
            if v not in accepted:
                raise forms.ValidationError(self.error_messages["invalid_choice"],
                                            code="invalid_choice", params={"value": v})
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
        chosen = ValuesField(parameter.max_items, lambda: parameter.accepted(known))
        chosen.error_messages["invalid_choice"] = message
        return chosen
    return make


class ChoiceField(forms.Field):
    """One of a parameter's fixed values: ChoiceField's reading and message, without
    the normalised list of choices it builds each time it is made (every request)."""
    default_error_messages = {"invalid_choice": ValuesField.default_error_messages["invalid_choice"]}

    def __init__(self, choices, **kwargs):
        self.choices = frozenset(choices)
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        return "" if value in self.empty_values else str(value)

    def validate(self, value):
        super().validate(value)
        if value and value not in self.choices:
            raise forms.ValidationError(self.error_messages["invalid_choice"],
                                        code="invalid_choice", params={"value": value})


def choice(parameter, known):
    return ChoiceField(parameter.choices)


def number(parameter, known):
    return forms.IntegerField(required=False, min_value=parameter.minimum,
                              max_value=parameter.maximum)


def period(last=False):
    return lambda parameter, known: PeriodField(last=last)


def queries(parameter, known):
    return QueryListField(parameter.max_items, parameter.max_length)
