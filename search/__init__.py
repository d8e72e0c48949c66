"""The search package: the index of the archive's paragraphs and the pages that search it.

    service/  the one door: every caller's search goes through it (search/service/)
    index/    the local backend: the Whoosh index on disk, its searchers, the change log
    engine/   parse, match, score, group, count and mark: plain Python over an index's port
    text/     languages, morphology, transliteration, analysis, dates: plain Python
    web/      the pages, the JSON API, exports and feeds: HTTP only
    tools/    the benchmark and the relevance measurement

The rest of the project (the archive app, its commands) uses search through the
functions below, which hand on to the service, the plain data of search/types.py, and
search/text/. Each imports the service when called: this package is imported while
Django loads its apps, before any model may be.
"""


def search(request):
    """The complete SearchResponse for one page of a SearchRequest."""
    from .service import search as search_page
    return search_page(request)


def iter_paragraphs(request):
    """(ArticleRef, ParagraphHit) for every paragraph a SearchRequest matches, in order."""
    from .service import iter_paragraphs as every_paragraph
    return every_paragraph(request)


def article_marks(q, variants=True):
    """The words and phrases `q` marks on an article page (IndexUnavailable if it cannot)."""
    from .service import article_marks as marks
    return marks(q, variants)


def index_status():
    """The index's health as plain data (types.IndexStatus); never raises."""
    from .service import index_status as status
    return status()


def database_replaced():
    """Say that the whole database was replaced (a restored backup): the change log
    begins a new epoch, so every host's copy of the index, which holds the old database's
    contents, rebuilds itself from the database instead of following on."""
    from .service import database_replaced as replaced
    return replaced()


def deferred_indexing(batch_seconds=None):
    """A context manager: no index catch-up after each commit inside it, one at its end
    (bulk imports); with `batch_seconds`, also one after the first commit past each such
    interval (long imports: edits made meanwhile are searchable within seconds)."""
    from .service import deferred_indexing as deferred
    return deferred(batch_seconds)


def read_search_parameters(params):
    """(SearchRequest, {}) for valid search parameters (a QueryDict, as the pages take
    them), else (None, {parameter: message})."""
    from .service import read_parameters
    return read_parameters(params)


def stored_search(request):
    """The request as the text a saved search keeps (versioned; service/stored.py)."""
    from .service.stored import encode
    return encode(request)


def restored_search(text):
    """(SearchRequest, {}) of a kept text that still validates, else (None, problems)."""
    from .service.stored import restore
    return restore(text)


def stored_search_parameters(text):
    """The search page's query string of a kept search ("?q=...", "" for everything)."""
    from .service.stored import page_parameters
    return page_parameters(text)


def newest_article():
    """The highest article id the index holds (0 when empty); IndexUnavailable if none."""
    from .service import newest_article as newest
    return newest()
