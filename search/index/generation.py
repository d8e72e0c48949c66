"""What one index generation keeps in memory, shared by every search of this process.

Docnums, posting lists and scores are only valid for the generation they came from, so
everything built from them lives in one GenerationCache, replaced whole when the index
changes (searcher.py). Each field says what it holds and how many entries it may keep;
every bounded one is an LRU, the least recently used entry going first.

Memory at 200,000 paragraphs (about 220,000 documents): the columns about 10 MB; a
posting list at most a few hundred KB, and its BM25 contributions as much again; a
query's matches about 2 MB (a float per document, plus its groups); the rest is small.
"""
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

# What the posting lists kept for a generation may hold: 256 lists of a common word at a
# million paragraphs (2.4 MB each) would be 600 MB of a worker's 1 GB; ten queries of
# the bench's kinds keep 14 MB there.
POSTINGS_BYTES = 128 << 20


class LRU:
    """A dict that keeps its `limit` most recently used entries; threads may share it.
    Given `max_bytes` and `size(value)` (its bytes), it also keeps at most that many
    bytes of values (the one most recently put stays, whatever its size)."""

    def __init__(self, limit, max_bytes=None, size=None):
        self.limit, self.max_bytes, self._size = limit, max_bytes, size
        self._entries = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0

    def get(self, key):
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key, value):
        with self._lock:
            self._drop(key)
            self._entries[key] = value
            self.bytes += self._bytes(value)
            while len(self._entries) > self.limit or (
                    self.max_bytes is not None and self.bytes > self.max_bytes
                    and len(self._entries) > 1):
                self._drop(next(iter(self._entries)))
        return value

    def _drop(self, key):
        if key in self._entries:
            self.bytes -= self._bytes(self._entries.pop(key))

    def _bytes(self, value):
        return self._size(value) if self._size is not None else 0

    def get_or_make(self, key, make):
        """The kept value, or make() kept (two threads may both make it: same value)."""
        found = self.get(key)
        return found if found is not None else self.put(key, make())

    def __len__(self):
        return len(self._entries)


@dataclass
class GenerationCache:
    doc_info: object = None                 # columns.DocInfo: facts by docnum, built once
    lexicon: object = None                  # spelling.Lexicon of the `spell` field, built once
    # field -> the BM25 length norms of the field (engine/scoring.py)
    norms: LRU = field(default_factory=lambda: LRU(8))
    # (field, term) -> postings.Postings: docnums and weights, at most POSTINGS_BYTES of
    # them (their segments' parts are views of mapped files, or kept in postings.DECODED:
    # a list that falls out is joined again in a millisecond or so, not decoded again)
    postings: LRU = field(default_factory=lambda: LRU(
        256, max_bytes=POSTINGS_BYTES, size=lambda p: p.ids.nbytes + p.weights.nbytes))
    # (field, term) -> (docnums, BM25 scores) of the term (engine/scoring.py)
    contributions: LRU = field(default_factory=lambda: LRU(256))
    # term -> how many paragraphs have it (engine/feedback.py)
    doc_frequency: LRU = field(default_factory=lambda: LRU(50_000))
    # query -> its matches, scores and ranked groups (engine/finding.py)
    matches: LRU = field(default_factory=lambda: LRU(8))
    # typed text -> the did-you-mean correction, or None (engine/suggestions.py)
    suggestions: LRU = field(default_factory=lambda: LRU(64))
    # "clusters" -> engine/copies.Clusters; ("copies", verdicts) -> engine/copies.Copies
    copies: LRU = field(default_factory=lambda: LRU(8))
    # gazetteer -> which articles mention each of its people and places (engine/entities.py)
    entities: LRU = field(default_factory=lambda: LRU(2))
    # segment id -> its deleted docnums (segment_docs.py)
    deleted: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def doc_info_or_make(self, make):
        if self.doc_info is None:
            with self._lock:
                if self.doc_info is None:
                    self.doc_info = make()
        return self.doc_info

    def lexicon_or_make(self, make):
        if self.lexicon is None:
            with self._lock:
                if self.lexicon is None:
                    self.lexicon = make()
        return self.lexicon
