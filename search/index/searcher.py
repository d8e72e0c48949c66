"""Long-lived Whoosh searchers, refreshed when the index changes, safe across threads.

Use:

    from search.index.searcher import searching

    with searching() as s:
        s.searcher          # a whoosh.searching.Searcher, up to date when handed out
        s.info              # the generation's per-document columns (columns.DocInfo)
        s.postings(f, t)    # a term's posting list (postings.Postings), kept
        s.positions(f, t, docs)  # the term's positions in those docnums, not kept
        s.field_lengths(f)  # a field's length byte per document
        s.cache             # the generation's GenerationCache (generation.py)
        s.lexicon           # the generation's spelling.Lexicon (did you mean, word~N)
        s.live_count(f, t)  # how many live documents have the term
        s.has_live(f, t)    # whether any has it (the posting list read only if needed)
        s.generation        # (generation folder, Whoosh TOC generation): the cache key

A new GenerationCache replaces the old one whenever the index changes (a drain commits,
a rebuild switches generation): docnums are only valid for one generation, which is why
everything built from them lives there. The search engine (search/engine/) is handed a
Searching and reads the index only through it.

How it stays fast and safe: opening a searcher on 200,000 paragraphs costs ~200 ms,
`refresh()` 3-6 ms. A searcher is handed to ONE thread at a time (Whoosh readers keep
file positions and `refresh()` closes segment readers it no longer needs, so sharing one
between threads is unsafe). Idle searchers wait in a small pool; one taken from the pool
is refreshed if the index has a newer generation, then lent out; on return it goes back
to the pool (or is closed if the live generation changed meanwhile). With gunicorn's threaded
workers the pool holds one searcher per busy thread; runserver's threads get one each.
Never keep `s.searcher` (or results/hits from it) after the `with` block.
"""
import pickle
import struct
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass

from whoosh.filedb.filetables import FileFormatError
from whoosh.reading import ReaderClosed

from .columns import build_doc_info, field_lengths
from .errors import IndexUnavailable
from .folders import UNREADABLE, live_dir, open_live_index
from . import integrity
from .generation import GenerationCache
from .postings import read_positions, read_postings
from .spelling import build_lexicon
from .segment_docs import all_terms_docs, term_docs

# What reading a damaged segment raises in the middle of a search (a posting block that
# does not decompress or unpack, a sub-file whose header is garbage, a file cut short or
# gone).
READ_ERRORS = (zlib.error, struct.error, EOFError, OSError, pickle.UnpicklingError,
               FileFormatError)
MAYBE_DAMAGE = (ValueError, KeyError, IndexError, TypeError, AttributeError)
MAX_IDLE = 8    # as many as a gunicorn worker's threads (gunicorn.conf.py)


@dataclass
class Searching:
    searcher: object
    cache: GenerationCache
    generation: tuple

    @property
    def info(self):
        """The generation's DocInfo, built on first use."""
        return self.cache.doc_info_or_make(lambda: build_doc_info(self.searcher.reader()))

    def postings(self, fieldname, text):
        """The term's posting list for this generation (kept, least recently used out)."""
        return self.cache.postings.get_or_make((fieldname, text),
                                               lambda: self._read(fieldname, text))

    def _read(self, fieldname, text):
        return read_postings(self.searcher.reader(), self.generation[0], fieldname, text,
                             self.cache.deleted)

    def positions(self, fieldname, text, docs):
        """{docnum: [positions]} of the term in the field, for the docnums `docs`
        (ascending) that hold it: read for a phrase's candidates only, never kept."""
        return read_positions(self.searcher.reader(), fieldname, text, docs)

    @property
    def lexicon(self):
        """The generation's spelling lexicon, built on first use."""
        return self.cache.lexicon_or_make(lambda: build_lexicon(self.searcher.reader()))

    def live_count(self, fieldname, text):
        """Live documents with the term, read afresh: the spelling lexicon asks this of
        many near words, which must not push a query's lists out of `postings`."""
        return len(self._read(fieldname, text).ids)

    def has_live(self, fieldname, text):
        """Whether a live document has the term. Its document frequency answers unless
        as many documents are deleted (theirs count in it): a known word's posting list
        is then never read (at a million paragraphs "ukraine" is in 100,000 articles)."""
        reader = self.searcher.reader()
        frequency = reader.doc_frequency(fieldname, text)
        if not frequency:
            return False
        if frequency > reader.doc_count_all() - reader.doc_count():
            return True
        return self.live_count(fieldname, text) > 0

    def term_docs(self, fieldname, text):
        """The docnums (numpy int32) of the documents holding the term, read through
        segment_docs.py: for work over hundreds of terms per generation (people and
        places), kept by segment, apart from the searches' own postings."""
        return term_docs(self.searcher.reader(), self.generation[0], fieldname, text,
                         self.cache.deleted)

    def all_terms_docs(self, fields, terms):
        """The live docnums of documents holding every one of `terms` (a tuple), each in
        any of `fields`: kept by segment like term_docs."""
        return all_terms_docs(self.searcher.reader(), self.generation[0], fields, tuple(terms),
                              self.cache.deleted)

    def field_lengths(self, fieldname):
        return field_lengths(self.searcher.reader(), fieldname)


class SearcherPool:
    def __init__(self):
        self._lock = threading.Lock()
        self._location = None   # folder of the live generation the pool serves
        self._index = None
        self._idle = []
        self._cache_key = None
        self._cache = GenerationCache()

    def acquire(self):
        with self._lock:
            self._follow_live_generation()
            index = self._index
            searcher = self._idle.pop() if self._idle else None
        try:
            if searcher is None:
                searcher = index.searcher()
            elif not searcher.up_to_date():
                searcher = _refreshed(index, searcher)
        except UNREADABLE + READ_ERRORS as error:
            integrity.confirm_damage(index.storage.folder, error)
            raise IndexUnavailable(f"The search index cannot be read ({error}).") from error
        generation = searcher.reader().generation()
        key = (index.storage.folder, -1 if generation is None else generation)
        return Searching(searcher, self._cache_for(key), key)

    def release(self, searching):
        searcher = searching.searcher
        with self._lock:
            if searcher._ix is self._index and len(self._idle) < MAX_IDLE:
                self._idle.append(searcher)
                return
        searcher.close()

    def reset(self):
        """Close everything (tests call this between tests; also after a fork)."""
        with self._lock:
            for searcher in self._idle:
                searcher.close()
            self._idle, self._index, self._location = [], None, None
            self._cache_key, self._cache = None, GenerationCache()

    def _follow_live_generation(self):
        """Called with the lock held: open the live generation if it changed."""
        location = live_dir()
        if location == self._location and self._index is not None:
            return
        index = open_live_index()
        for searcher in self._idle:
            searcher.close()
        self._idle, self._index, self._location = [], index, location

    def _cache_for(self, key):
        with self._lock:
            if key == self._cache_key:
                return self._cache
            live = self._location is not None and key[0] == str(self._location)
            if live and (self._cache_key is None or self._cache_key[0] != key[0]
                         or key[1] > self._cache_key[1]):
                before = self._cache.handover()
                self._cache_key, self._cache = key, GenerationCache(before=before)
                return self._cache
        return GenerationCache()   # an older generation still in use by a late thread


def _refreshed(index, searcher):
    """searcher.refresh(), or a new searcher when Whoosh 2.7.4's refresh trips on itself:
    if a segment file vanishes mid-refresh (a concurrent drain merged it away), Index.reader()
    retries, but its first try already closed the readers it meant to reuse, so the retry
    raises ReaderClosed. The old searcher is unusable either way; a fresh one is correct."""
    try:
        return searcher.refresh()
    except ReaderClosed:
        return index.searcher()


POOL = SearcherPool()


@contextmanager
def searching():
    """Lend an up-to-date searcher and its generation's cache for the `with` block.
    A read error inside it marks the generation damaged (integrity.py) for every
    process's /healthz and becomes IndexUnavailable (a 503), never a 500."""
    lent = POOL.acquire()
    try:
        yield lent
    except READ_ERRORS as error:
        integrity.confirm_damage(lent.generation[0], error)
        raise _damaged(lent, error) from error
    except MAYBE_DAMAGE as error:
        # Garbage decoded as data fails anyhow; only the checksums tell damage from a bug.
        if not integrity.confirm_damage(lent.generation[0], error):
            raise
        raise _damaged(lent, error) from error
    finally:
        POOL.release(lent)


def _damaged(lent, error):
    return IndexUnavailable(f"The search index in {lent.generation[0]} is damaged "
                            f"({type(error).__name__}: {error}).")
