"""Attention over time: the page (/search/attention), its CSV (/search/attention.csv) and
the JSON API (/api/attention), all with the search's parameters plus `interval`
(day | week | month, chosen from the span when absent), `normalize` (count | share) and
up to two `compare` queries. The counting is the engine's (engine/attention.py).
"""
import csv
import io
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from ..service import CHART_PARAMETERS, MAX_COMPARE, AttentionForm, IndexUnavailable, attention
from ..types import INTERVALS
from . import attention_chart, page_urls
from .answers import json_api
from .exports import neutralise
from .views import BadParameters, public_search_view


@dataclass(frozen=True)
class Asked:
    """A chart's request: the search's, and the chart's own (parameters.CHART_PARAMETERS)."""
    request: object       # SearchRequest
    compare: tuple
    interval: str         # "" to choose from the span
    normalize: str


def read(request) -> Asked:
    form = AttentionForm(request.GET)
    if not form.is_valid():
        raise BadParameters(list(form.problems().items()), q=request.GET.get("q", "")[:200])
    return Asked(form.search_request(), **form.chart_options())


def series_of(asked):
    return attention(asked.request, asked.compare, asked.interval, asked.normalize)


def as_json(result):
    return {
        "interval": result.interval, "normalize": result.normalize, "notices": result.notices,
        "undated": result.undated,
        "series": [{"query": s.query, "outlet": s.outlet, "label": s.label,
                    "points": [{"bucket": p.bucket, "count": p.count, "share": p.share}
                               for p in s.points]}
                   for s in result.series],
    }


def parameters(asked):
    """The page's URL parameters: the search's, then the chart's own."""
    pairs = page_urls.query_pairs(page_urls.changed(asked.request))
    return pairs + [pair for p in CHART_PARAMETERS for pair in p.pairs(asked)]


def query_string(pairs):
    return "?" + urlencode(pairs) if pairs else ""


@json_api
@public_search_view(kind="json")
def attention_api(request):
    return JsonResponse(as_json(series_of(read(request))),
                        json_dumps_params={"ensure_ascii": False})


@public_search_view(kind="text")
def attention_csv(request):
    result = series_of(read(request))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["query", "outlet", "label", "bucket", "count", "share"])
    for s in result.series:
        for p in s.points:
            # A query or a label could start like a formula: neutralised as in exports.py.
            writer.writerow([neutralise(s.query), s.outlet or "", neutralise(s.label), p.bucket,
                             p.count, "" if p.share is None else p.share])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attention-{result.interval}.csv"'
    return response


def point_search(asked):
    """link(series, point) for the chart: the search page of the line's outlet (or query)
    in the point's period, where its articles are."""
    def link(series, point):
        req = page_urls.changed(asked.request, q=series.query, date_from=point.start,
                                date_to=point.end, undated=False)
        if series.outlet:
            req = replace(req, outlets=(series.outlet,))
        return reverse("search") + page_urls.query_string(req)
    return link


@public_search_view
def attention_page(request):
    asked = read(request)
    result = series_of(asked)
    here = parameters(asked)
    context = {
        "q": asked.request.q, "asked": asked, "result": result,
        "chart": attention_chart.build(result, point_search(asked)),
        "undated_url": reverse("search") + page_urls.query_string(page_urls.changed(
            asked.request, date_from=None, date_to=None, undated=True)),
        "interval_links": [{"value": value, "label": label, "current": value == asked.interval}
                           for value, label in [("", "chosen from the span")]
                           + [(i, f"by {i}") for i in INTERVALS]],
        "normalize_links": [{"value": value, "label": label, "current": value == asked.normalize}
                            for value, label in (("count", "article counts"),
                                                 ("share", "share of each outlet's articles"))],
        "compare_boxes": list(asked.compare) + [""] * (MAX_COMPARE - len(asked.compare)),
        # The chart's form has its own q, compare, interval and normalize fields.
        "keep_search": [(k, v) for k, v in here
                        if k not in ("q", "compare", "interval", "normalize")],
        "csv_url": reverse("attention_csv") + query_string(here),
        "api_url": reverse("attention_api") + query_string(here),
        "results_url": reverse("search") + page_urls.query_string(
            page_urls.changed(asked.request)),
    }
    return render(request, "search/attention.html", context)
