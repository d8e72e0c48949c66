"""The search page, its exports (CSV, JSON), its Atom feed and the OpenSearch description.

Every view reads the visitor's parameters as the JSON API does, asks the search service
(search/service/) for the answer, and only renders what comes back.
"""
from dataclasses import dataclass, replace
from functools import wraps

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from ..service import (IndexUnavailable, export_matches, iter_paragraphs, logged, offers,
                       read_parameters, recently_changed, search)
from ..service.facets import ENTITY_FACETS, LANGUAGES, OUTLETS
from ..types import PER_PAGE_CHOICES, OutletCount, SearchRequest
from . import answers, exports, feeds, histogram, host_slots, page_urls

SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}


# The choices of `within` as the page offers them (search/service/parameters.py).
WITHIN_LABELS = (("", "all words first, then most"), ("article", "all words in one article"),
                 ("paragraph", "all words in one paragraph"))


class BadParameters(Exception):
    """The visitor's parameters did not validate; `problems` is [(parameter, message)]."""

    def __init__(self, problems, q=""):
        super().__init__(problems)
        self.problems, self.q = problems, q


def read_request(request) -> SearchRequest:
    req, problems = read_parameters(request.GET)
    if req is None:
        raise BadParameters(list(problems.items()), q=request.GET.get("q", "")[:200])
    return req


def public_search_view(view=None, *, kind="html"):
    """Turn bad parameters into a 400 and an unreadable index into a 503: a page for the
    pages, and in the output's own `kind` ("json", "text" or "xml") for the files and feeds
    a program reads (answers.py). GET, and HEAD wherever GET is answered."""
    if view is None:
        return lambda view: public_search_view(view, kind=kind)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadParameters as error:
            if kind != "html":
                return answers.problems_response(kind, 400, "bad parameters", error.problems)
            return render(request, "400.html", {"problems": error.problems, "q": error.q},
                          status=400)
        except IndexUnavailable as error:
            if kind != "html":
                response = answers.problems_response(kind, 503, "index unavailable",
                                                     message=logged(error))
            else:
                response = render(request, "search/unavailable.html",
                                  {"message": logged(error)}, status=503)
            response["Retry-After"] = "60"
            return response
    return require_safe(wrapper)


def engine_request(req: SearchRequest) -> SearchRequest:
    """Pages always group by article; without words, browsing shows the newest first."""
    req = replace(req, group="article")
    if not req.q and req.sort == "relevance":
        return replace(req, sort="newest")
    return req


@public_search_view
def search_page(request):
    req = read_request(request)
    response = search(engine_request(req))
    if response.pages and req.page > response.pages:
        # A bookmarked or shared page past the end: show the last page that exists.
        return redirect(request.path + page_urls.link(req, page=response.pages))
    expanded = expanded_paragraphs(request, req, response)
    context = {"q": req.q, "req": req, "response": response, "browse": not req.q,
               "expanded": expanded}
    context.update(filter_context(req, response))
    context.update(navigation_context(request, req, response))
    return render(request, "search/search.html", context)


def expanded_paragraphs(request, req, response):
    """{article id: every matching paragraph} for the article whose "N more" was opened."""
    try:
        article_id = int(request.GET.get("expand", ""))
    except ValueError:
        return {}
    shown = {r.article.id: r.article for r in response.results}
    if not req.q or article_id not in shown:
        return {}
    # Narrowed to the article's outlet and day, the engine reads only a handful of articles,
    # and the paragraphs are exactly those it counted as matching.
    ref = shown[article_id]
    narrow = replace(engine_request(req), outlets=(ref.outlet_slug,), exclude_outlets=())
    if ref.published:
        narrow = replace(narrow, date_from=ref.published, date_to=ref.published)
    hits = [hit for art, hit in iter_paragraphs(narrow) if art.id == article_id]
    return {article_id: once_each_text(hits)}


def once_each_text(hits):
    """The hits without a second copy of one text (a transcript's repeated "Yes, sir.")."""
    seen, kept = set(), []
    for hit in hits:
        if hit.cluster and hit.cluster in seen:
            continue
        seen.add(hit.cluster)
        kept.append(hit)
    return kept


@dataclass(frozen=True)
class FacetRow:
    """A facet value's row: its links are written when the template asks for them (a
    row shows two of its three), each a request one value away from the page's."""
    req: SearchRequest
    facet: object            # service.facets.ValueFacet
    slug: str

    @property
    def toggle_url(self):
        return page_urls.address(self.facet.toggled(self.req, self.slug))

    @property
    def exclude_url(self):
        return page_urls.address(self.facet.excluding(self.req, self.slug))

    @property
    def include_url(self):
        return page_urls.address(self.facet.including(self.req, self.slug))


@dataclass(frozen=True)
class OutletRow(FacetRow):
    outlet: OutletCount = None


@dataclass(frozen=True)
class EntityRow(FacetRow):
    entity: object = None    # types.EntityCount


def entity_rows(req, kind, counts):
    facet = ENTITY_FACETS[kind]
    return [EntityRow(req, facet, e.slug, entity=e) for e in counts]


def filter_context(req, response):
    facets = response.facets
    people, places = ENTITY_FACETS["person"], ENTITY_FACETS["place"]
    return {
        "entity_facets": [(title, kind, entity_rows(req, kind, facet.counts(facets)))
                          for title, kind, facet in (("People", "person", people),
                                                     ("Places", "place", places))
                          if facet.counts(facets)],
        "outlet_rows": [OutletRow(req, OUTLETS, o.slug, outlet=o) for o in OUTLETS.counts(facets)],
        "histogram": histogram.build(facets, req),
        "language_rows": [(c, page_urls.address(LANGUAGES.toggled(req, c.code)))
                          for c in LANGUAGES.counts(facets) if c.code],
        "chips": page_urls.chips(req, facets),
        "clear_url": page_urls.clear_all(req),
        # The header's search box keeps the filters; the outlet form keeps all but the outlets.
        "keep_filters": [(k, v) for k, v in page_urls.query_pairs(page_urls.changed(req)) if k != "q"],
        "keep_for_dates": page_urls.query_pairs(page_urls.changed(req, date_from=None,
                                                                  date_to=None)),
        "keep_for_outlets": [(k, v) for k, v in page_urls.query_pairs(page_urls.changed(req, outlets=()))],
    }


def navigation_context(request, req, response):
    sorts = ("newest", "oldest") if not req.q else ("relevance", "newest", "oldest")
    current_sort = engine_request(req).sort
    here = page_urls.query_string(req)
    suggestion = response.suggestion
    return {
        "sort_links": [{"label": SORT_LABELS[s], "url": page_urls.link(req, sort=s),
                        "current": s == current_sort} for s in sorts],
        "page_links": page_urls.page_links(req, response.page, response.pages),
        "per_page_links": [{"number": n, "url": page_urls.link(req, per_page=n),
                            "current": n == req.per_page} for n in PER_PAGE_CHOICES],
        "prev_url": page_urls.link(req, page=response.page - 1) if response.page > 1 else "",
        "next_url": (page_urls.link(req, page=response.page + 1)
                     if response.page < response.pages else ""),
        "expand_base": (here + "&") if here else "?",
        "collapse_url": here or "?",
        "exact_url": page_urls.link(req, variants=False),
        "boilerplate_url": page_urls.link(req, boilerplate=True),
        "no_boilerplate_url": page_urls.link(req, boilerplate=False),
        "variants_url": page_urls.link(req, variants=True),
        "within_links": [{"label": label, "url": page_urls.link(req, within=value),
                          "current": value == req.within} for value, label in WITHIN_LABELS],
        "own_language_url": page_urls.link(req, translate=False),
        "translate_url": page_urls.link(req, translate=True),
        "suggestion_url": page_urls.link(req, q=suggestion.q) if suggestion else "",
        "csv_url": reverse("search_export_csv") + page_urls.query_string(page_urls.changed(req)),
        "json_url": reverse("search_export_json") + page_urls.query_string(page_urls.changed(req)),
        "save_parameters": page_urls.query_string(page_urls.changed(req)),
        "attention_url": (reverse("attention") + page_urls.query_string(page_urls.changed(req))
                          if offers("attention") else ""),
        "ris_url": reverse("search_export_ris") + page_urls.query_string(page_urls.changed(req)),
        "bib_url": reverse("search_export_bib") + page_urls.query_string(page_urls.changed(req)),
        "feed_url": reverse("search_feed") + page_urls.query_string(
            page_urls.changed(req, sort="relevance")),
    }


def download_name(extension, extent=None):
    """archive-search-20240814-1530.csv, with how many rows it holds when known:
    archive-search-20240814-1530-all-25.csv, ...-first-10000-of-25000.csv."""
    label = f"-{extent.file_label()}" if extent is not None else ""
    return f"archive-search-{timezone.now():%Y%m%d-%H%M}{label}.{extension}"


@public_search_view(kind="text")
def export_csv(request):
    return download(request, "csv", "text/csv",
                    lambda req, rows, base, extent: exports.csv_lines(rows, base))


@public_search_view(kind="json")
def export_json(request):
    return download(request, "json", "application/json", exports.json_chunks)


def download(request, extension, content_type, render):
    """The request's search streamed as a file: at most EXPORT_MAX_ROWS rows, at most
    EXPORT_MAX_CONCURRENT files at once for the whole site (429 beyond); its name and
    X-Export-* headers say how many rows it holds of how many matches (the JSON says at
    its end, too, whether the time limit cut it)."""
    req = read_request(request)
    slot = host_slots.take("export", settings.EXPORT_MAX_CONCURRENT)
    if slot is None:
        busy = HttpResponse("Too many exports are being written at once; try again in a "
                            "minute.\n", status=429, content_type="text/plain; charset=utf-8")
        busy["Retry-After"] = "30"
        return busy
    try:
        matching, items = export_matches(engine_request(req), settings.EXPORT_MAX_ROWS)
    except BaseException:
        slot.release()
        raise
    extent = exports.Extent(matching, settings.EXPORT_MAX_ROWS)
    rows = exports.as_rows(next(items, None), items)
    body = render(req, exports.bounded(rows, extent, settings.EXPORT_MAX_SECONDS),
                  request.build_absolute_uri("/"), extent)
    response = StreamingHttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response._resource_closers.append(slot.release)     # when the response is closed
    response["Content-Disposition"] = (f'attachment; '
                                       f'filename="{download_name(extension, extent)}"')
    response["X-Export-Matching"] = str(matching)
    response["X-Export-Rows"] = str(extent.promised)
    response["X-Export-Complete"] = "true" if matching <= extent.limit else "false"
    return response


@public_search_view(kind="xml")
def search_feed(request):
    """The Atom feed of a search (feeds.py), with a Last-Modified of its newest entry, so
    a reader's If-Modified-Since (or If-None-Match, from the ETag) gets a 304."""
    req = read_request(request)
    newest = recently_changed(replace(req, sort="newest", page=1), feeds.FEED_SIZE)
    page_url = request.build_absolute_uri(reverse("search") + page_urls.query_string(
        page_urls.changed(req)))
    feed_id = settings.SITE_URL.rstrip("/") + reverse("search_feed") + page_urls.query_string(
        page_urls.changed(req, sort="relevance"))
    feed = feeds.build(req, newest, page_url, request.build_absolute_uri(request.get_full_path()),
                       request.build_absolute_uri("/"), settings.SITE_URL, feed_id)
    response = HttpResponse(feed.writeString("utf-8"),
                            content_type="application/atom+xml; charset=utf-8")
    if feed.items:
        response["Last-Modified"] = http_date(feed.latest_post_date().timestamp())
    return response


@require_safe
def opensearch(request):
    context = {"search_url": request.build_absolute_uri(reverse("search")),
               "feed_url": request.build_absolute_uri(reverse("search_feed")),
               "home_url": request.build_absolute_uri("/")}
    return render(request, "search/opensearch.xml", context,
                  content_type="application/opensearchdescription+xml; charset=utf-8")
