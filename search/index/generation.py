"""What one index generation keeps in memory, shared by every search of this process.

Docnums, posting lists and scores are only valid for the generation they came from, so
everything built from them lives in one GenerationCache, replaced whole when the index
changes (searcher.py). Each field says what it holds and how many entries it may keep;
every bounded one is an LRU, the least recently used entry going first.

Memory at 200,000 paragraphs (about 220,000 documents): the columns about 10 MB; a
posting list at most a few hundred KB, and its BM25 contributions as much again; a
query's matches about 2 MB (a float per document, plus its groups); the rest is small.
A new cache starts from the one before it (`before`, handover()) only so that its first
searches can carry the copies over (engine/carried_copies.py); what is kept by segment
across generations (columns, decoded postings, people and places) lives in the modules
that read it (columns.SEGMENTS, postings.DECODED, segment_docs.KEPT).
"""
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

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

    def discard(self, key):
        with self._lock:
            self._drop(key)

    def items(self):
        with self._lock:
            return list(self._entries.items())

    def clear(self):
        with self._lock:
            self._entries.clear()
            self.bytes = 0

    def __len__(self):
        return len(self._entries)


@dataclass
class GenerationCache:
    doc_info: object = None                 # columns.DocInfo: facts by docnum, built once
    lexicon: object = None                  # spelling.Lexicon of the `spell` field, built once
    script_terms: object = None             # engine/scripts.py KeptTerms, built once
    # field -> the BM25 length norms of the field (engine/scoring.py)
    norms: LRU = field(default_factory=lambda: LRU(8))
    # (field, term) -> postings.Postings: docnums and weights, at most POSTINGS_BYTES of
    # them (their segments' parts are read from posting stores, or kept in postings.DECODED:
    # a list that falls out is joined again in a few milliseconds, not decoded again)
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
    # (DocInfo, {("copies", verdicts): Copies}) of the generation before this one, for
    # engine/carried_copies.py; let go once this generation's own copies are found
    before: tuple = None
    # ("copies", verdicts) -> the Copies carried over until the exact ones are found
    carried: LRU = field(default_factory=lambda: LRU(2))
    # gazetteer -> which articles mention each of its people and places (engine/entities.py)
    entities: LRU = field(default_factory=lambda: LRU(2))
    # segment id -> which of its docnums are live (postings.live_mask)
    deleted: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _submitted: set = field(default_factory=set, repr=False)

    def doc_info_or_make(self, make):
        return self._once("doc_info", make)

    def lexicon_or_make(self, make):
        return self._once("lexicon", make)

    def script_terms_or_make(self, make):
        return self._once("script_terms", make)

    def _once(self, name, make):
        """The field `name`, made on first use by one thread (never None once made)."""
        if getattr(self, name) is None:
            with self._lock:
                if getattr(self, name) is None:
                    setattr(self, name, make())
        return getattr(self, name)

    def handover(self):
        """What the next generation's cache starts from (`before`): this one's columns
        and copies, exact or carried (None if no search here needed them)."""
        copies = dict(self.carried.items())
        copies.update((key, value) for key, value in self.copies.items()
                      if isinstance(key, tuple) and key[0] == "copies")
        return (self.doc_info, copies) if self.doc_info is not None and copies else None

    def in_background(self, key, make):
        """Have `make()` kept as copies[key] by the process's background thread (once
        per key); meanwhile searches use what they were carried over."""
        with self._lock:
            if key in self._submitted:
                return
            self._submitted.add(key)
        BACKGROUND.submit(key, lambda: self._finish(key, make))

    def _finish(self, key, make):
        try:
            self.copies.put(key, make())
            self.carried.discard(key)
        except Exception:
            # Logged here; the next search then finds the copies itself (no `before`),
            # and meets the error where it answers.
            log.exception("finding the copies in the background failed")
        self.before = None


class Background:
    """One thread per process making what a generation's searches were answered without
    until it is done (copies.py). A job waiting for a key is replaced by a newer
    generation's: only the newest generation's copies are worth finding. And a job starts
    only once the index has been QUIET for a while (or waited MAX_WAIT): an import
    commits a generation every second or so, and each worker finding every one's copies
    afresh would keep a core busy per worker for nothing."""

    QUIET = 1.0
    MAX_WAIT = 30.0

    def __init__(self):
        self._reset()
        os.register_at_fork(after_in_child=self._reset)    # a worker starts with none

    def _reset(self):
        self._lock = threading.Lock()
        self._waiting = OrderedDict()         # key -> (job, when the key began to wait)
        self._latest = 0.0                    # when the last job came
        self._thread = None

    def submit(self, key, job):
        with self._lock:
            now = time.monotonic()
            _, since = self._waiting.pop(key, (None, now))
            self._waiting[key] = (job, since)
            self._latest = now
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name="generation-background")
                self._thread.start()

    def _run(self):
        while True:
            job = self._next()
            if job is False:
                return
            if job is None:
                time.sleep(0.05)
            else:
                job()

    def _next(self):
        """The job to run now, None to wait a little, False when there is none left."""
        with self._lock:
            if not self._waiting:
                self._thread = None
                return False
            now = time.monotonic()
            key, (job, since) = next(iter(self._waiting.items()))
            if now - self._latest < self.QUIET and now - since < self.MAX_WAIT:
                return None
            del self._waiting[key]
            return job

    def wait(self, timeout=30.0):
        """Until no job is waiting or running (tests and the benchmark)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._thread is None and not self._waiting:
                    return True
            time.sleep(0.01)
        return False


BACKGROUND = Background()
