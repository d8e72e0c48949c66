"""Facet counts: articles per outlet, per language, and per year or month.

Both count ARTICLES that have a matching document, not paragraph hits, from the
per-document arrays of search/index/columns.py. The outlet counts are taken before the outlet
selection and exclusion are applied, so every outlet keeps its count while others are
selected; the date histogram is taken after every filter.
"""
from calendar import monthrange
from datetime import date

import numpy

from ..types import DateBucket, LanguageCount, OutletCount
from ..text.detection import name as language_name
from ..text.transliteration import sort_key

# A chosen period up to this many months long is shown month by month.
MONTHLY_UP_TO = 37


def outlet_counts(articles, info, names, selected=(), excluded=()):
    """OutletCounts of the article pks array `articles`, biggest first; outlets selected
    or excluded are always listed."""
    codes = info.outlet_by_article[articles]
    counts = numpy.bincount(codes[codes >= 0], minlength=len(info.outlet_slugs)).tolist()
    by_slug = {slug: n for slug, n in zip(info.outlet_slugs, counts) if n}
    slugs = set(by_slug) | set(selected) | set(excluded)
    listed = [
        OutletCount(slug, names.get(slug, slug), by_slug.get(slug, 0),
                    slug in selected, slug in excluded)
        for slug in slugs
    ]
    listed.sort(key=lambda o: (-o.count, sort_key(o.name)))
    return listed


def language_counts(articles, info, selected=()):
    """LanguageCounts of the article pks array `articles` by the article's language,
    biggest first; selected languages are always listed."""
    codes = info.lang_by_article[articles]
    counts = numpy.bincount(codes[codes >= 0], minlength=len(info.lang_codes)).tolist()
    by_code = {code: n for code, n in zip(info.lang_codes, counts) if n}
    listed = [LanguageCount(code, language_name(code), by_code.get(code, 0), code in selected)
              for code in set(by_code) | set(selected)]
    listed.sort(key=lambda c: (-c.count, c.name))
    return listed


def date_histogram(articles, info, date_from=None, date_to=None):
    """(DateBuckets, "year" | "month", undated) of the article pks array `articles`:
    the periods from the first match to the last (empty ones between included as
    zero; a filter to 2030 draws no empty years after the last match), month by month
    when a date filter narrows them to MONTHLY_UP_TO months or fewer, and how many
    articles have no known date."""
    days = info.published_by_article[articles]
    undated = int((days == 0).sum())
    days = days[days > 0]
    if not days.size:
        return [], "year", undated
    first, last = _day(int(days.min())), _day(int(days.max()))
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if (date_from or date_to) and months <= MONTHLY_UP_TO:
        counts = _counts(days // 100)
        return ([_month_bucket(y, m, counts) for y, m in _months(first, last)], "month",
                undated)
    counts = _counts(days // 10000)
    return ([DateBucket(str(y), counts.get(y, 0), date(y, 1, 1), date(y, 12, 31))
             for y in range(first.year, last.year + 1)], "year", undated)


def _counts(values):
    """{value: how many times it occurs} for a non-empty array of ints (years or months:
    a small range, so counted into a table over it; numpy.unique hashes them first in
    numpy 2.4: 1.2 to 2.8 ms for a common word's 100,000 articles, this 0.14)."""
    low = int(values.min())
    counts = numpy.bincount(values - low)
    found = numpy.flatnonzero(counts)
    return dict(zip((found + low).tolist(), counts[found].tolist()))


def _day(yyyymmdd):
    return date(yyyymmdd // 10000, max(yyyymmdd // 100 % 100, 1), max(yyyymmdd % 100, 1))


def _months(first, last):
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def _month_bucket(year, month, counts):
    return DateBucket(f"{year:04d}-{month:02d}", counts.get(year * 100 + month, 0),
                      date(year, month, 1), date(year, month, monthrange(year, month)[1]))
