"""The search package: the index of the archive's paragraphs and the pages that search it.

    text/     languages, morphology, transliteration, analysis, dates: plain Python
    engine/   parse, match, score, group, count and mark: plain Python over an index's port
    index/    the Whoosh index on disk, its searchers, the change log and its drain, rebuilds
    web/      the pages, the JSON API, exports and feeds; hydrate.py reads the database
    tools/    the benchmark and the relevance measurement

The rest of the project (the archive app, its commands) uses only the functions below,
the package's public door, the plain data of search/types.py, and search/text/. Each function imports
its layer when called: this package is imported while Django loads its apps, before any
model may be.
"""


def search(request):
    """The complete SearchResponse for one page of a SearchRequest."""
    from .web.hydrate import search as search_page
    return search_page(request)


def iter_paragraphs(request):
    """(ArticleRef, ParagraphHit) for every paragraph a SearchRequest matches, in order."""
    from .web.hydrate import iter_paragraphs as every_paragraph
    return every_paragraph(request)


def article_marks(q, variants=True):
    """The words and phrases `q` marks on an article page (IndexUnavailable if it cannot)."""
    from .web.hydrate import article_marks as marks
    return marks(q, variants)


def index_status():
    """The index's health as plain data (index/status.py IndexStatus); never raises."""
    from .index.status import index_status as status
    return status()


def deferred_indexing():
    """A context manager: no index drain after each commit inside it, one catch-up at
    its end (bulk imports)."""
    from .index.outbox import deferred
    return deferred()


def read_search_parameters(params):
    """(SearchRequest, {}) for valid search parameters (a QueryDict, as the pages take
    them), else (None, {parameter: message})."""
    from .web.forms import SearchForm
    form = SearchForm(params)
    if not form.is_valid():
        return None, {name: " ".join(messages) for name, messages in form.errors.items()}
    return form.search_request(), {}


def search_parameters(request):
    """The request as the search page's query string ("?q=...", or "" for every article),
    page left out: the address of the search and the key of a saved one."""
    from dataclasses import replace
    from .web.page_urls import query_string
    return query_string(replace(request, page=1))


def newest_article():
    """The highest article id the index holds (0 when empty); IndexUnavailable if none."""
    from .web.hydrate import newest_article as newest
    return newest()
