"""What one index generation keeps in memory, shared by every search of this process.

Docnums, posting lists and scores are only valid for the generation they came from, so
everything built from them lives in one GenerationCache, replaced whole when the index
changes (searcher.py). The index keeps its own values there (the columns, the spelling
lexicon, the posting lists, which segments' documents are deleted); the engine names and
sizes its own caches through `memo(name, limit, size)` (matches, scores, copies...:
search/engine/port.py), so this module knows none of them. Every memo is an LRU of
memo.py, under the process's one memory budget.

Memory at 200,000 paragraphs (about 220,000 documents): the columns about 10 MB; a
posting list at most a few hundred KB, and its BM25 contributions as much again; a
query's matches about 2 MB (a float per document, plus its groups); the rest is small.
A new cache starts from the one before it (`before`, handover()) only so that its first
searches can carry over what the engine asked to carry (`carry=True`: the copies,
engine/carried_copies.py); what is kept by segment across generations (columns, decoded
postings, people and places) is in memo.PROCESS.
"""
import logging
import threading
import time
from collections import OrderedDict

from . import threads
from .memo import Memos

log = logging.getLogger(__name__)

DOC_INFO = "doc info"       # the index's own values, made once a generation
LEXICON = "lexicon"


class GenerationCache:
    """One generation's memos, its values made once, and what it carries over."""

    def __init__(self, before=None, background=None):
        # (DocInfo, {memo name: {key: value}}) of the generation before this one, for
        # what the engine carries over; let go once a background job of this one is done
        self.before = before
        self.deleted = {}        # segment id -> which of its docnums are live (postings.py)
        self._memos = Memos()
        self._carried = set()    # names of the memos handed to the next generation
        self._made = {}
        self._lock = threading.Lock()
        self._submitted = set()
        self._background = background

    def memo(self, name, limit, size=None, carry=False):
        if carry:
            self._carried.add(name)
        return self._memos.memo(name, limit, size)

    def once(self, name, make):
        """The value `name`, made on first use by one thread (never None once made)."""
        found = self._made.get(name)
        if found is None:
            with self._lock:
                found = self._made.get(name)
                if found is None:
                    found = self._made[name] = make()
        return found

    def made(self, name):
        """The value `name` if it was made, else None."""
        return self._made.get(name)

    def earlier(self, name):
        before = self.before
        if before is None or name not in before[1]:
            return None
        return before[0], before[1][name]

    def handover(self):
        """What the next generation's cache starts from (`before`): this one's columns
        and its carried memos (None if no search here needed them)."""
        memos = self._memos.named()
        carried = {name: dict(memos[name].items()) for name in self._carried if name in memos}
        carried = {name: items for name, items in carried.items() if items}
        info = self.made(DOC_INFO)
        return (info, carried) if info is not None and carried else None

    def in_background(self, name, key, make):
        """Have `make()` kept as memo(name)[key] by the process's background thread (once
        per key); meanwhile searches use what they were carried over."""
        with self._lock:
            if (name, key) in self._submitted:
                return
            self._submitted.add((name, key))
        self._background.submit((name, key), lambda: self._finish(name, key, make))

    def _finish(self, name, key, make):
        try:
            self._memos.memo(name, limit=1).put(key, make())
        except Exception:
            # Logged here; the next search then finds it itself (no `before`), and meets
            # the error where it answers.
            log.exception("making %s in the background failed", name)
        self.before = None


class Background:
    """One thread per process making what a generation's searches were answered without
    until it is done (engine/copies.py). A job waiting for a key is replaced by a newer
    generation's: only the newest generation's copies are worth finding. And a job starts
    only once the index has been QUIET for a while (or waited MAX_WAIT): an import
    commits a generation every second or so, and each worker finding every one's copies
    afresh would keep a core busy per worker for nothing."""

    QUIET = 1.0
    MAX_WAIT = 30.0

    def __init__(self):
        self._reset()
        threads.after_fork(self._reset)     # a worker starts with none

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
                self._thread = threads.start("generation-background", self._run)

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

