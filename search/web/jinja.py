"""The Jinja2 environment of the search and article pages' bodies (templates/*/fragments/).

A results page shows ten articles with their paragraphs and some fifty filter rows, and
Django's template engine spent 5 to 6 ms rendering them: a third of a small archive's
whole page, on every request (measured on the press releases; Django resolves every
variable through its lookup chain at each row). An article page repeats its tools for
each paragraph: a 647-paragraph article's page took 200 ms, 95 with its body in Jinja2.
Jinja2 compiles a template to Python once, and renders the same bodies several times
faster. The site's frame (base.html, which both pages extend, with their <head>) and every
other page stay Django templates; a page renders its body with the `fragment` tag
(template_filters.py). Numbers are written as Python writes them, as the Django templates
wrote them (no thousands separator).

The fragments escape as Django does (autoescape on); the only markup they let through is
what a filter marked safe, the same filters as the Django templates use (marked_html lets
only our <mark> through).
"""
from functools import partial

from django.template import defaultfilters, engines
from django.urls import reverse
from jinja2 import Environment

from . import template_filters as filters

FILTERS = ("carry_query", "copy_labels", "http_url", "in_quotes", "language_name",
           "marked_html", "more_count", "published_iso", "published_label", "shown_paragraphs")
# Django's own, where Jinja2 has none or writes it otherwise (urlencode), so the page
# reads as it did with Django's templates.
DJANGO_FILTERS = ("date", "pluralize", "truncatechars", "urlencode")


def environment(**options):
    env = Environment(**options)
    env.filters.update({name: getattr(filters, name) for name in FILTERS})
    env.filters.update({name: getattr(defaultfilters, name) for name in DJANGO_FILTERS})
    # escaped, then paragraphs and line breaks: Django's filter as its templates call it
    env.filters["linebreaks"] = partial(defaultfilters.linebreaks_filter, autoescape=True)
    env.globals.update(url=lambda name, *args: reverse(name, args=args))
    return env


def compile_fragments():
    """Compile every fragment now: Jinja2's import and the fragments' compiling took 80 ms,
    which a new worker's first search page would otherwise wait for (gunicorn.conf.py)."""
    engine = engines["jinja2"]
    for name in engine.env.list_templates(extensions=["jinja"]):
        engine.get_template(name)
