"""Running a search for any caller: pages, the API, exports, feeds, saved searches, commands.

Each function asks the backend (backend.py) for ids, then reads and marks the texts
(results.py). The work budget of a request is the backend's (SEARCH_BUDGET_SECONDS).

    search(request)                  the complete SearchResponse for one page
    iter_paragraphs(request)         (ArticleRef, ParagraphHit) for every matching paragraph
    iter_matches(request)            ExportMatch for every match, with its commentary
    export_matches(request, limit)   (rows matched, the first `limit` ExportMatches)
    iter_articles(request)           ArticleRef of every matching article (references)
    recently_changed(request, size)  the matching articles last added or changed (feeds)
    attention(request, ...)          matching articles over time
    newest_article()                 the highest article id the index holds
"""
from dataclasses import replace

import numpy

from archive.models import Article

from ..types import Attention
from .backend import backend, offers
from .reference import reference
from .results import article_ref, export_batch, load_results

EXPORT_BATCH = 200          # articles loaded from the database at a time by exports
# How many of the most recently changed articles a feed looks through for its entries
# (RECENT_BATCH at a time): a search none of whose matches changed lately has a short feed
# rather than a scan of the whole table.
RECENT_BATCH = 1000
RECENT_LIMIT = 20_000


def search(request):
    """The complete response for one page of `request`."""
    held = reference()      # once: outside a web request each call reads its token
    page = as_declared(backend().page(request, held.tables))
    page.response.results = load_results(page.items, page.marks, held.outlets)
    return page.response


def as_declared(page):
    """The page without what its backend does not declare it offers (FEATURES): the
    pages show only what the backend stands behind."""
    response = page.response
    if not offers("suggestions"):
        response.suggestion = None
    if not offers("entities") and response.facets is not None:
        response.facets = replace(response.facets, people=[], places=[])
    if not offers("copies"):
        page.items = [replace(item, shown=[], copies=[]) for item in page.items]
    return page


def iter_paragraphs(request):
    """(ArticleRef, ParagraphHit) for every matching paragraph, in the request's order."""
    for match in iter_matches(request):
        if match.paragraph is not None:
            yield match.article, match.paragraph


def iter_matches(request):
    """An ExportMatch for every matching paragraph, in the request's order, and for
    each article that matched with no paragraph.

    The order is computed from the index at the start (plain integers); paragraphs are
    then read from the database EXPORT_BATCH articles at a time.
    """
    found = backend().order(request, reference().tables)
    for start in range(0, len(found.rows), EXPORT_BATCH):
        yield from export_batch(found.rows[start:start + EXPORT_BATCH], found.marks,
                                found.copies)


def export_matches(request, limit, unlimited=False):
    """(rows the search matches, an iterator of the first `limit` as ExportMatch), for
    exports: a row per matching paragraph, and one for an article matched with none.
    The order is found now, so an unreadable index is a 503 before anything streams.
    `unlimited`: without a web request's work budget (manage.py export_search)."""
    found = backend().order(request, reference().tables, unlimited=unlimited)
    matching = sum(len(pks) or 1 for _, pks in found.rows)
    return matching, _batches(first_rows(found.rows, limit), found.marks, found.copies)


def first_rows(order, limit):
    """The order cut after its first `limit` rows."""
    cut = []
    for article_id, pks in order:
        if limit <= 0:
            break
        cut.append((article_id, pks[:limit]))
        limit -= len(pks) or 1
    return cut


def _batches(order, marks, copies):
    # A file holds the whole text: its paragraphs are not highlighted (10,000 rows would
    # cost seconds), only the commentary is marked, to tell which notes the query matched.
    for start in range(0, len(order), EXPORT_BATCH):
        yield from export_batch(order[start:start + EXPORT_BATCH], marks, copies,
                                mark_text=False)


def iter_articles(request):
    """ArticleRef of every article the request matches, in its order, EXPORT_BATCH at a
    time from the database (no paragraph is read)."""
    ids = [article for article, _chunks in backend().order(request, reference().tables).rows]
    for start in range(0, len(ids), EXPORT_BATCH):
        batch = ids[start:start + EXPORT_BATCH]
        articles = Article.objects.select_related("outlet").in_bulk(batch)
        yield from (article_ref(articles[pk]) for pk in batch if pk in articles)


def recently_changed(request, size):
    """The response of `request`'s matching articles most recently added or changed,
    the last changed first, at most `size`."""
    held = reference()
    searcher = backend()
    chosen = latest_of(searcher.matching(request, held.tables), size)
    page = as_declared(searcher.chosen(request, held.tables, chosen))
    page.response.results = load_results(page.items, page.marks, held.outlets)
    return page.response


def latest_of(article_pks, size):
    """Up to `size` of `article_pks`, the last changed first (Article.updated)."""
    chosen = []
    wanted = numpy.asarray(article_pks, dtype=numpy.int64)
    newest = Article.objects.order_by("-updated", "-pk").values_list("pk", flat=True)
    for start in range(0, RECENT_LIMIT, RECENT_BATCH):
        batch = numpy.array(list(newest[start:start + RECENT_BATCH]), dtype=numpy.int64)
        if not len(batch):
            break
        chosen += batch[numpy.isin(batch, wanted)].tolist()
        if len(chosen) >= size:
            break
    return chosen[:size]


def attention(request, compare=(), interval="", normalize="count"):
    """types.Attention of `request` and the `compare` queries (IndexUnavailable if the
    index cannot be read; an empty chart from a backend without the feature)."""
    if not offers("attention"):
        return Attention(interval or "month", normalize,
                         notices=["This archive's search cannot draw attention over time."])
    return backend().attention(request, compare, interval, normalize, reference().tables)


def newest_article():
    """The highest article id the index holds (0 when empty): what a saved search has
    seen, so the next look shows only articles indexed after it."""
    return backend().newest_article()
