"""The Jinja2 environment of the search page's repeated rows (templates/search/fragments/).

A results page shows ten articles with their paragraphs and some fifty filter rows, and
Django's template engine spent about 5 ms rendering them: a third of a small archive's
whole page, on every request (measured on the press releases; Django resolves every
variable through its lookup chain at each row). Jinja2 compiles a template to Python once,
and renders the same rows several times faster. The page's frame (base.html and
search.html, with their blocks, forms and CSRF) stays a Django template, which renders a
fragment with the `fragment` tag (template_filters.py).

The fragments escape as Django does (autoescape on); the only markup they let through is
what a filter marked safe, the same filters as the Django templates use (marked_html lets
only our <mark> through).
"""
from django.template import defaultfilters
from django.urls import reverse
from jinja2 import Environment

from . import template_filters as filters

FILTERS = ("carry_query", "copy_labels", "language_name", "marked_html", "more_count",
           "published_iso", "published_label", "shown_paragraphs")


def environment(**options):
    env = Environment(**options)
    env.filters.update({name: getattr(filters, name) for name in FILTERS})
    env.filters.update(pluralize=defaultfilters.pluralize, date=defaultfilters.date)
    env.globals.update(url=lambda name, *args: reverse(name, args=args))
    return env
