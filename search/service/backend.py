"""The seam under the service: what any search backend offers, and which one answers.

A `SearchBackend` answers the read side: a page of a request, the order of every match
(exports), what a query marks, attention over time, copies, stories, people and places,
the indexed languages and its status. A `Replica` keeps it following the archive's change
log (search/index/changelog.py): its position and lag, catching up, rebuilding.

Only plain data crosses the seam: SearchRequest in, search/types.py dataclasses, ids,
dicts and lists out; the reference tables go in as ReferenceTables rows. Never a docnum,
an object of an index library or a model instance: the service reads the texts of the
ids it gets from the database itself (results.py).

A backend declares in `features` what it offers beyond the core (FEATURES below); the
service answers "nothing" for a feature it lacks and the pages hide it.

SEARCH_BACKEND and SEARCH_REPLICA (settings) name the classes, by dotted path; the default
is this host's Whoosh index (search/index/backend.py). tests/test_search_backend.py is the
conformance suite any backend must pass.
"""
from functools import lru_cache
from typing import ContextManager, Iterable, Protocol, runtime_checkable

from django.conf import settings
from django.utils.module_loading import import_string

from ..types import (ArticleCopies, Attention, EntityRef, Gloss, IdPage, IndexLag, IndexStatus,
                     Marks, MatchOrder, ReferenceTables, SearchRequest)

# What a backend may offer beyond searching, paging, ordering, facets and marks.
FEATURES = {
    "copies": "copies of a paragraph and syndicated copies of an article",
    "boilerplate": "outlets' repeated paragraphs, detected, with the archivists' verdicts",
    "related": "other outlets' articles on the same story",
    "entities": "people and places: facets, filters and an article's mentions",
    "suggestions": "did you mean: a corrected query",
    "attention": "matching articles over time",
}


@runtime_checkable
class SearchBackend(Protocol):
    """The read side of a search backend."""

    features: frozenset          # names of FEATURES it offers

    def page(self, request: SearchRequest, tables: ReferenceTables) -> IdPage:
        """One page of `request`: the response with its totals, facets, notices and
        suggestion (results empty), the page's items as ids, and the query's marks."""

    def order(self, request: SearchRequest, tables: ReferenceTables,
              unlimited: bool = False) -> MatchOrder:
        """Every match in the request's order: (article id, [chunk ids in reading order]);
        `unlimited`: without the work budget of a web request (a command's export)."""

    def matching(self, request: SearchRequest, tables: ReferenceTables) -> list:
        """The ids of every article the request matches, after its filters."""

    def chosen(self, request: SearchRequest, tables: ReferenceTables,
               article_ids: list) -> IdPage:
        """A page of those of `article_ids` that match, in that order (feeds)."""

    def marks(self, q: str, variants: bool, tables: ReferenceTables,
              translate: bool = True) -> Marks:
        """What `q` marks in a text (an article page's highlights)."""

    def highlight(self, text: str, marks: Marks, max_chars: int = ...) -> str:
        """`text` HTML-escaped, `marks` in <mark>, trimmed around the first to
        `max_chars`: the only markup that ever comes out is <mark>."""

    def glosses(self, texts: list, marks: Marks) -> list[Gloss]:
        """The translated terms of `marks` found in `texts` (a result's shown paragraphs),
        each with its English meaning: дрон = drone."""

    def attention(self, request: SearchRequest, compare: tuple, interval: str,
                  normalize: str, tables: ReferenceTables) -> Attention:
        """Matching articles over time, by outlet or per compared query."""

    def paragraph_copies(self, chunk: int, tables: ReferenceTables) -> list:
        """[(article id, chunk id)] of the other copies of paragraph `chunk`."""

    def article_copies(self, article: int, tables: ReferenceTables) -> ArticleCopies:
        """Each paragraph's copies, and the article's syndicated copies."""

    def boilerplate(self, tables: ReferenceTables) -> list:
        """BoilerplateBlocks: every outlet's repeated text, the widest first."""

    def fingerprint(self, text: str) -> int:
        """The exact fingerprint of a paragraph's text (what a verdict names)."""

    def related(self, article: int, texts: list, published, outlet: str,
                skip: Iterable = (), window_days=...) -> list:
        """Ids of other outlets' articles on the same story, best first."""

    def entities(self, tables: ReferenceTables) -> list[EntityRef]:
        """The whole gazetteer (its own table and the archivists' rows)."""

    def mentions(self, headline: str, paragraphs: list, tables: ReferenceTables,
                 language: str = "") -> list:
        """EntityRefs of the people and places a text names. `paragraphs`: texts, or
        (text, ISO 639 code) pairs; `language`: the headline's and any paragraph's given
        without one ("": read in each language the archive analyses)."""

    def languages(self) -> list:
        """ISO 639-1 codes of the languages the indexed articles are in."""

    def newest_article(self) -> int:
        """The highest article id indexed (0 when none)."""

    def status(self) -> IndexStatus:
        """Its health as plain data; never raises."""

    def warm(self, tables: ReferenceTables) -> int:
        """Load what a new worker's first searches would; the number of documents a
        search works over (its caches' arrays by document are that long)."""


@runtime_checkable
class Replica(Protocol):
    """The write side: a backend's copy of the archive following the change log."""

    def position(self) -> int:
        """The last change-log row it has applied."""

    def lag(self) -> IndexLag:
        """How far it is behind the log (rows and seconds)."""

    def every_lag(self) -> list:
        """IndexLag of every registered copy (one per host)."""

    def catch_up(self, timeout: float = ..., build: bool = False):
        """Apply the log rows after its position (the article ids they name), building
        from the database when it must and `build` allows; None when its writer is busy."""

    def follow_soon(self) -> None:
        """Look at the log in the background, at most once an interval (web requests)."""

    def follow(self, interval: float, should_stop, report=None) -> None:
        """Catch up every `interval` seconds until should_stop() (a service)."""

    def rebuild(self, progress=None, procs: int = ...):
        """Build a fresh copy from the database and switch to it in one step."""

    def deferred(self, batch_seconds: float | None = None) -> ContextManager:
        """A block whose commits wait for one catch-up at its end (bulk imports), and, with
        `batch_seconds`, for one after the first commit past each such interval."""


@lru_cache(maxsize=4)
def _instance(path):
    return import_string(path)()


def backend() -> SearchBackend:
    """The process's SearchBackend (settings.SEARCH_BACKEND)."""
    return _instance(settings.SEARCH_BACKEND)


def replica() -> Replica:
    """The process's Replica (settings.SEARCH_REPLICA)."""
    return _instance(settings.SEARCH_REPLICA)


def offers(feature):
    """Whether the backend offers `feature` (a name of FEATURES)."""
    return feature in backend().features
