"""Attention over time: matching articles per day, week or month, one line per outlet or
per query, as counts or as a share of the outlet's articles in that period.

The share is Media Cloud's normalisation: an outlet that publishes ten times as much does
not drown the rest, and a week when everyone wrote more does not look like more attention.
Everything is counted over the per-article columns of the generation (index/columns.py:
outlet and yyyymmdd by article pk) with numpy: no query per bucket, no database.

    attention(s, request, compare, interval, normalize, lookups) -> types.Attention

Without `compare`, a line for all outlets together (when more than one can match), then
one per selected outlet (or the five with most dated matches); with it, one line per
query (the request's own first), each over every outlet the request allows. The chart
spans every dated match, whichever line it is on. Articles whose date is unknown are left
out, and the notice says how many and from which outlets (an outlet whose matches are all
undated gets no line of zeros). An article known only to the month or year counts on its
first day.
"""
from dataclasses import replace
from datetime import date, timedelta

import numpy

from ..types import Attention, AttentionPoint, AttentionSeries, SearchRequest
from ..text.dates import last_day_of_month
from .parsing import parse

TOP_OUTLETS = 5
MAX_POINTS = 800          # a line longer than this is drawn at the next coarser interval
DAY_UP_TO = 92            # spans (in days) chosen by day, then by week, then by month
WEEK_UP_TO = 3 * 366
EPOCH = date(1970, 1, 1)  # a Thursday: day numbers count from it


# ---------------------------------------------------------------- buckets

def day_numbers(yyyymmdd):
    """Days since 1970-01-01 of an array of yyyymmdd ints (all known dates)."""
    months = month_numbers(yyyymmdd)
    first = months.astype("datetime64[M]").astype("datetime64[D]").astype(numpy.int64)
    return first + numpy.maximum(yyyymmdd % 100, 1) - 1


def month_numbers(yyyymmdd):
    """Months since January 1970."""
    return (yyyymmdd // 10000 - 1970) * 12 + numpy.maximum(yyyymmdd // 100 % 100, 1) - 1


def bucket_codes(yyyymmdd, interval):
    """Each date's bucket as an int: its day, its week's Monday (as a day), or its month."""
    if interval == "month":
        return month_numbers(yyyymmdd)
    days = day_numbers(yyyymmdd)
    return days - (days + 3) % 7 if interval == "week" else days


def bucket_count(first, last, interval):
    """How many buckets from bucket code `first` to `last`."""
    return (last - first) // 7 + 1 if interval == "week" else last - first + 1


def bucket_span(code, interval):
    """(label, first day, last day) of a bucket code."""
    if interval == "month":
        start = date(1970 + code // 12, code % 12 + 1, 1)
        return f"{start:%Y-%m}", start, last_day_of_month(start)
    start = EPOCH + timedelta(days=int(code))
    end = start + timedelta(days=6) if interval == "week" else start
    return start.isoformat(), start, end


def choose_interval(first, last, asked):
    """The asked interval (or one chosen from the span), coarser while it has too many
    points; with a notice when the asked one was changed."""
    span = (last - first).days + 1
    interval = asked or ("day" if span <= DAY_UP_TO else "week" if span <= WEEK_UP_TO
                         else "month")
    while interval != "month" and span / (7 if interval == "week" else 1) > MAX_POINTS:
        interval = "week" if interval == "day" else "month"
    notice = []
    if asked and interval != asked:
        notice.append(f"Shown by {interval}: by {asked} the chart would have more than "
                      f"{MAX_POINTS} points.")
    return interval, notice


def yyyymmdd(d):
    return d.year * 10000 + d.month * 100 + d.day


# ---------------------------------------------------------------- lines

def counted(articles, info, first, last, interval):
    """Articles (pks) per bucket from bucket code `first` to `last`, as an int array."""
    days = info.published_by_article[articles]
    codes = bucket_codes(days[days > 0], interval)
    codes = codes[(codes >= first) & (codes <= last)]
    if interval == "week":
        codes = (codes - first) // 7
    else:
        codes = codes - first
    return numpy.bincount(codes, minlength=bucket_count(first, last, interval))


def line(query, outlet, label, articles, totals, buckets):
    """An AttentionSeries from its articles' counts and its denominators' counts."""
    counts = counted(articles, *buckets)
    points = []
    for i, (n, total) in enumerate(zip(counts.tolist(), totals.tolist())):
        bucket, start, end = bucket_span(buckets[1] + (7 * i if buckets[3] == "week" else i),
                                         buckets[3])
        points.append(AttentionPoint(bucket, n, round(n / total, 6) if total else None,
                                     start, end))
    return AttentionSeries(query, outlet, label, points)


def outlet_codes(info, slugs):
    codes = {slug: code for code, slug in enumerate(info.outlet_slugs)}
    return [codes[s] for s in slugs if s in codes]


def allowed_articles(info, request):
    """Every live article pk the request's outlet selection and exclusions allow."""
    outlet = info.outlet_by_article
    keep = outlet >= 0
    if request.outlets:
        keep &= numpy.isin(outlet, outlet_codes(info, request.outlets))
    if request.exclude_outlets:
        keep &= ~numpy.isin(outlet, outlet_codes(info, request.exclude_outlets))
    return numpy.nonzero(keep)[0]


def outlet_counts(info, articles):
    """Articles per outlet code, as a list."""
    return numpy.bincount(info.outlet_by_article[articles],
                          minlength=len(info.outlet_slugs)).tolist()


def top_outlets(found, info, request):
    """The outlets to draw: the selected ones, or the five with most dated matching
    articles (an outlet whose matches are all undated would be a line of zeros)."""
    if request.outlets:
        return [s for s in request.outlets if s in info.outlet_slugs]
    articles = found.groups.article
    dated = articles[info.published_by_article[articles] > 0]
    best = sorted((-n, slug) for slug, n in zip(info.outlet_slugs, outlet_counts(info, dated))
                  if n)
    return [slug for _n, slug in best[:TOP_OUTLETS]]


# ---------------------------------------------------------------- the entry point

def attention(s, request: SearchRequest, compare, interval, normalize, lookups):
    """types.Attention of `request` (and the `compare` queries), by `interval` ("" to
    choose from the span)."""
    # finding is the engine's door; it never imports this
    from .finding import counted as read_counted, find

    info = s.info
    queries = [request.q, *compare]
    found = [find(s, read_counted(replace(request, q=q, sort="newest", page=1)), parse(q),
                  lookups)
             for q in queries]
    lines = query_lines(info, request, queries, found) if compare else \
        outlet_lines(info, request, found[0], lookups.outlet_names)
    result = Attention(interval or "", normalize)
    matching = [f.groups.article for f in found]
    result.undated = undated_note(info, matching, lookups.outlet_names, result.notices)
    span = date_span(info, request, matching)
    if span is None:
        result.interval = interval or "month"
        return result
    result.interval, notices = choose_interval(*span, interval)
    result.notices += notices
    first, last = (int(bucket_codes(numpy.array([yyyymmdd(d)]), result.interval)[0])
                   for d in span)
    buckets = (info, first, last, result.interval)
    result.series = [line(q, slug, label, articles, counted(everything, *buckets), buckets)
                     for q, slug, label, articles, everything in lines]
    return result


def query_lines(info, request, queries, found):
    """(query, None, label, matching article pks, all article pks) per query."""
    allowed = allowed_articles(info, request)
    return [(q, None, q or "All articles", f.groups.article, allowed)
            for q, f in zip(queries, found)]


def outlet_lines(info, request, found, names):
    """(query, outlet slug, label, matching article pks, the outlet's article pks) per
    outlet drawn, after the line of all outlets together (slug None) when more than one
    outlet can match."""
    lines = []
    articles = found.groups.article
    if len(request.outlets) != 1:
        lines.append((request.q, None, "All outlets", articles, allowed_articles(info, request)))
    for slug in top_outlets(found, info, request):
        code = outlet_codes(info, [slug])[0]
        lines.append((request.q, slug, names.get(slug, slug),
                      articles[info.outlet_by_article[articles] == code],
                      numpy.nonzero(info.outlet_by_article == code)[0]))
    return lines


def undated_note(info, matching, names, notices):
    """How many matching articles have no known date (each query's, together), with a
    notice naming their outlets: they cannot be placed on the chart."""
    days = [info.published_by_article[a] for a in matching]
    undated = numpy.concatenate([a[d == 0] for a, d in zip(matching, days)]) \
        if matching else numpy.zeros(0, dtype=numpy.int64)
    if not len(undated):
        return 0
    by_outlet = sorted((-n, names.get(slug, slug)) for slug, n in
                       zip(info.outlet_slugs, outlet_counts(info, undated)) if n)
    outlets = ", ".join(f"{name}: {-n}" for n, name in by_outlet)
    count = len(undated)
    notices.append(f"{count} matching article{'s' if count != 1 else ''} without a known "
                   f"date {'are' if count != 1 else 'is'} not on the chart ({outlets}).")
    return count


def date_span(info, request, matching):
    """(first day, last day) the chart covers: the date filter, else the first and last
    days of every dated match; None when there is nothing to draw. A filter reaches no
    further than the years of the archive's dated articles: from=0004 would otherwise
    draw 24,000 empty months a line, seconds of work for nothing."""
    days = numpy.concatenate([info.published_by_article[a] for a in matching]) \
        if matching else numpy.zeros(0, dtype=numpy.int64)
    days = days[days > 0]
    if not days.size and not (request.date_from and request.date_to):
        return None
    first = request.date_from or to_date(int(days.min()))
    last = request.date_to or to_date(int(days.max()))
    dated = info.published_by_article[info.published_by_article > 0]
    if dated.size:
        first = max(first, date(int(dated.min()) // 10000, 1, 1))
        last = min(last, date(int(dated.max()) // 10000, 12, 31))
    return (first, last) if first <= last else None


def to_date(yyyymmdd_value):
    y, m, d = yyyymmdd_value // 10000, yyyymmdd_value // 100 % 100, yyyymmdd_value % 100
    return date(y, max(m, 1), max(d, 1))
