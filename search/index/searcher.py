"""Long-lived Whoosh searchers, refreshed when the index changes, safe across threads.

Use:

    from search.index.searcher import searching

    with searching() as s:
        s.searcher          # a whoosh.searching.Searcher, up to date when handed out
        s.cache             # the generation's GenerationCache (generation.py)
        s.generation        # (generation folder, Whoosh TOC generation): the cache key
        ...                 # and the engine's port (search/engine/port.py): s.info,
                            # s.postings(f, t), s.chunk_of(docnum), s.memo(name, limit)...

A new GenerationCache replaces the old one whenever the index changes (a drain commits,
a rebuild switches generation): docnums are only valid for one generation, which is why
everything built from them lives there. The search engine (search/engine/) is handed a
Searching and reads the index only through the port it implements.

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
from whoosh.util.numeric import byte_to_length

from .columns import build_doc_info, field_lengths
from .errors import IndexUnavailable
from .folders import UNREADABLE, live_dir, open_live_index
from . import integrity
from .generation import DOC_INFO, LEXICON, Background, GenerationCache
from .postings import read_positions, read_postings, stored_terms
from .spelling import build_lexicon
from .segment_docs import all_terms_docs, term_docs
from .terms import few_terms, prefix_frequencies, prefixed

# What reading a damaged segment raises in the middle of a search (a posting block that
# does not decompress or unpack, a sub-file whose header is garbage, a file cut short or
# gone).
READ_ERRORS = (zlib.error, struct.error, EOFError, OSError, pickle.UnpicklingError,
               FileFormatError)
MAYBE_DAMAGE = (ValueError, KeyError, IndexError, TypeError, AttributeError)
MAX_IDLE = 8    # as many as a gunicorn worker's threads (gunicorn.conf.py)
# What each one-byte length code of a field stands for (Whoosh 2.7.4's encoding).
LENGTH_CODES = tuple(byte_to_length(code) for code in range(256))
# (field, term) -> postings.Postings: docnums and weights, sized in the process's budget
# (their segments' parts are read from posting stores, or kept in memo.PROCESS: a list
# that falls out is joined again in a few milliseconds, not decoded again)
POSTINGS, POSTINGS_KEPT = "postings", 256
STORED_TERMS = "terms of the posting stores"


@dataclass
class Searching:
    searcher: object
    cache: GenerationCache
    generation: tuple

    @property
    def info(self):
        """The generation's DocInfo, built on first use."""
        return self.cache.once(DOC_INFO, lambda: build_doc_info(self.searcher.reader()))

    def postings(self, fieldname, text):
        """The term's posting list for this generation (kept, least recently used out)."""
        kept = self.cache.memo(POSTINGS, POSTINGS_KEPT, size=_postings_bytes)
        return kept.get_or_make((fieldname, text), lambda: self._read(fieldname, text))

    def _read(self, fieldname, text):
        reader, folder = self.searcher.reader(), self.generation[0]
        stored = self.cache.once(STORED_TERMS, lambda: stored_terms(reader, folder))
        return read_postings(reader, folder, fieldname, text, self.cache.deleted, stored)

    def positions(self, fieldname, text, docs):
        """{docnum: [positions]} of the term in the field, for the docnums `docs`
        (ascending) that hold it: read for a phrase's candidates only, never kept."""
        return read_positions(self.searcher.reader(), fieldname, text, docs)

    @property
    def lexicon(self):
        """The generation's spelling lexicon, built on first use."""
        return self.cache.once(LEXICON, lambda: build_lexicon(self.searcher.reader()))

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

    def length_codes(self):
        return LENGTH_CODES

    def total_length(self, fieldname):
        return self.searcher.field_length(fieldname)

    def doc_frequency(self, fieldname, text):
        return self.searcher.doc_frequency(fieldname, text)

    def has_term(self, fieldname, text):
        return (fieldname, text) in self.searcher.reader()

    def prefix_terms(self, fieldname, prefix):
        reader = self.searcher.reader()
        if fieldname not in reader.schema:          # an index built before the field
            return []
        kept = self.cache.once(("few terms", fieldname), lambda: few_terms(reader, fieldname))
        return prefixed(reader, kept, fieldname, prefix)

    def prefix_frequencies(self, fieldname, prefix):
        return prefix_frequencies(self.searcher.reader(), fieldname, prefix)

    def near_words(self, word, edits, limit):
        """From the generation's spelling lexicon (spelling.py), each checked live."""
        return self.lexicon.near(word, edits, limit, lambda w: self.live_count("spell", w))

    def chunk_of(self, docnum):
        """The chunk pk a paragraph document stores. Read from its segment's own stored
        fields (Whoosh 2.7.4 internals, pinned): the reader's stored_fields() rebuilds
        the dict of every stored field checked against the schema, half of a page's
        reading of its 30 paragraphs."""
        reader = self.searcher.reader()
        if not reader.is_atomic():
            number, docnum = reader._segment_and_docnum(docnum)
            reader = reader.readers[number]
        return (reader._perdoc.stored_fields(docnum) or {}).get("chunk")

    def docnum_of_chunk(self, chunk):
        return self.searcher.document_number(id=f"c{chunk}")      # schema.py: paragraph ids

    def memo(self, name, limit, size=None, carry=False):
        return self.cache.memo(name, limit, size, carry)

    def once(self, name, make):
        return self.cache.once(name, make)

    def earlier(self, name):
        return self.cache.earlier(name)

    def in_background(self, name, key, make):
        self.cache.in_background(name, key, make)


def _postings_bytes(postings):
    return postings.ids.nbytes + postings.weights.nbytes


class SearcherPool:
    def __init__(self):
        self._lock = threading.Lock()
        self._location = None   # folder of the live generation the pool serves
        self._index = None
        self._idle = []
        self._cache_key = None
        self.background = Background()     # one thread making what generations carry over
        self._cache = self._new_cache()

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
            self._cache_key, self._cache = None, self._new_cache()

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
                self._cache_key, self._cache = key, self._new_cache(before)
                return self._cache
        return self._new_cache()   # an older generation still in use by a late thread

    def _new_cache(self, before=None):
        return GenerationCache(before, self.background)


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
