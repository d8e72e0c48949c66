"""Template filters for the public pages: dates with their precision, safe outside links,
snippets where only <mark> is markup, and links that carry the search along. Registered
for Django's templates; the search and article pages' Jinja2 fragments take them too
(jinja.py), and four of them only there (carry_query, shown_paragraphs, more_count,
copy_labels)."""
import re
from urllib.parse import urlsplit

from django import template
from django.template import engines
from django.utils.safestring import mark_safe

from ..text import dates
from . import page_urls
from ..text.detection import name as _language_name

register = template.Library()


def _date_and_precision(item):
    """An ArticleRef (published, precision) or an Article (published, published_precision)."""
    precision = getattr(item, "precision", None) or getattr(item, "published_precision", "day")
    return item.published, precision


@register.filter
def published_label(item):
    """'14 Aug 2024', 'Aug 2024' or '2024', as precisely as the date is known."""
    return dates.published_label(*_date_and_precision(item)) or "date unknown"


@register.filter
def published_iso(item):
    return dates.published_iso(*_date_and_precision(item))


@register.filter
def language_name(code):
    """"uk" -> "Ukrainian" (the code itself for a language without a name here)."""
    return _language_name(code)


@register.filter
def http_url(url):
    """The url when it is http(s), else "": a javascript: or data: url never becomes a link."""
    url = (url or "").strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in ("http", "https") else ""


MARK_TAG = re.compile(r"(</?mark>)")


@register.filter
def marked_html(html):
    """The engine's snippet, where only <mark> may be markup.

    The engine already escapes the text (search/types.py); this re-checks it, so that even
    a slip there cannot let a tag other than our <mark> through: any other '<' or '>' left
    in the text is escaped here.
    """
    html = html or ""
    bare = MARK_TAG.sub("", html)
    if "<" not in bare and ">" not in bare:
        return mark_safe(html)      # the usual case: nothing to escape again
    parts = MARK_TAG.split(html)
    safe = [p if MARK_TAG.fullmatch(p) else p.replace("<", "&lt;").replace(">", "&gt;")
            for p in parts]
    return mark_safe("".join(safe))


QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»"}


@register.filter
def in_quotes(q):
    """The query between curly quotes, as a heading quotes it; a query that is one
    quoted phrase keeps its own quotes, curled, rather than getting a second pair."""
    q = (q or "").strip()
    if len(q) > 1 and QUOTES.get(q[0]) == q[-1] and not any(c in q[1:-1] for c in '"“”„«»'):
        q = q[1:-1]
    return f"“{q}”"


def carry_query(permalink, req):
    """An article link that carries the whole search (words, filters, sort, page), so
    the article page highlights its words and leads back to the same results."""
    query = page_urls.query_string(req) if req else ""
    if not query:
        return permalink
    path, hash_, fragment = permalink.partition("#")
    return f"{path}{query}{hash_}{fragment}"


def shown_paragraphs(result, expanded):
    """The top paragraphs, or every matching paragraph when the reader asked for them all."""
    return expanded.get(result.article.id, result.paragraphs) if expanded else result.paragraphs


def more_count(result, expanded):
    if expanded and result.article.id in expanded:
        return 0
    return max(0, result.matching_paragraphs - len(result.paragraphs))


def copy_labels(copies):
    """[(CopyRef, label)]: each copy by its outlet and date, and by its headline too when
    another copy has the same outlet, so "Telegram (2024-08-14), Telegram (2024-08-14)"
    become two copies a reader can tell apart (and by their numbers in the archive when
    even those are the same)."""
    outlets = [copy.outlet_name for copy in copies]
    labels = []
    for copy in copies:
        label = copy.outlet_name
        if outlets.count(copy.outlet_name) > 1:
            headline = copy.headline if len(copy.headline) <= 60 else copy.headline[:59] + "…"
            label += f": “{headline}”"
        if copy.published:
            label += f" ({copy.published:%Y-%m-%d})"
        labels.append((copy, label))
    texts = [label for _copy, label in labels]
    return [(copy, f"{label}, article {copy.id}" if texts.count(label) > 1 else label)
            for copy, label in labels]


@register.simple_tag(takes_context=True)
def fragment(context, name):
    """The Jinja2 fragment `name` (templates/*/fragments/, jinja.py) rendered with
    this template's variables (and the request's, csrf_input among them). Its output is
    safe: Jinja2 escaped every value in it."""
    template = engines["jinja2"].get_template(name)
    return mark_safe(template.render(context.flatten(), request=context.get("request")))
