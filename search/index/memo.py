"""The process's caches: named LRUs under one memory budget.

Every cache of the search (what a generation keeps for the engine, what the index keeps
by segment across generations) is an LRU made here: it keeps its `limit` most recently
used entries, and the entries whose values can say their size (`size(value)`: posting
lists, scores, decoded blocks) count against ONE budget for the whole process. When a
put takes the process past it, the least recently used sized entries of the process go
first, whichever cache holds them (the one just put stays, whatever its size). So a
worker's memory for search is bounded by one number, not by a limit per cache that
adds up to more than the machine has.

All the LRUs of a budget share its lock: an eviction may reach into another cache, and
one lock cannot deadlock. Each operation is a few dictionary steps; values are made
outside the lock (`get_or_make`: two threads may both make one, which is the same value).
"""
import itertools
import threading
import weakref
from collections import OrderedDict

# What the process's sized entries may hold in all. It was 128 MB of a generation's
# posting lists plus 64 MB of decoded segment blocks; the posting lists' BM25 scores,
# as large again, were not counted at all (256 of a common word's at a million
# paragraphs: 300 MB). 256 of a worker's 1 GB.
MEMORY_BYTES = 256 << 20


class MemoryBudget:
    def __init__(self, max_bytes=MEMORY_BYTES):
        self.max_bytes = max_bytes
        self.lock = threading.RLock()
        self._sized = weakref.WeakSet()       # the LRUs with sized values (a cache let go
        self._ticks = itertools.count()       # with its generation leaves by itself)

    def used(self):
        with self.lock:
            return sum(lru.bytes for lru in self._sized)

    def register(self, lru):
        with self.lock:
            self._sized.add(lru)

    def tick(self):
        return next(self._ticks)

    def make_room(self, keep):
        """Called with the lock held after a put: evict the process's least recently used
        sized entries until it fits (never `keep`, the LRU's entry just put)."""
        used = sum(lru.bytes for lru in self._sized)
        while used > self.max_bytes:
            candidates = [lru for lru in self._sized if lru.evictable(keep)]
            if not candidates:
                return
            oldest = min(candidates, key=lambda lru: lru.oldest_tick())
            used -= oldest.evict_oldest()


class LRU:
    """A dict that keeps its `limit` most recently used entries; threads may share it.
    Given `size(value)` (its bytes), its values also count against `budget`."""

    def __init__(self, limit, size=None, budget=None):
        self.limit, self._size = limit, size
        self.budget = budget if budget is not None else PROCESS.budget
        self._lock = self.budget.lock
        self._entries = OrderedDict()          # key -> (value, tick of its last use)
        self.bytes = 0
        if size is not None:
            self.budget.register(self)

    def get(self, key):
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries[key] = (found[0], self.budget.tick())
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key, value):
        with self._lock:
            self._drop(key)
            self._entries[key] = (value, self.budget.tick())
            self.bytes += self._bytes(value)
            while len(self._entries) > self.limit:
                self._drop(next(iter(self._entries)))
            if self._size is not None:
                self.budget.make_room(keep=(self, key))
        return value

    def get_or_make(self, key, make):
        """The kept value, or make() kept (two threads may both make it: same value)."""
        found = self.get(key)
        return found if found is not None else self.put(key, make())

    def discard(self, key):
        with self._lock:
            self._drop(key)

    def items(self):
        with self._lock:
            return [(key, value) for key, (value, _) in self._entries.items()]

    def clear(self):
        with self._lock:
            self._entries.clear()
            self.bytes = 0

    def __len__(self):
        return len(self._entries)

    # ---- for the budget, its lock held
    def evictable(self, keep):
        if not self._entries:
            return False
        return keep != (self, next(iter(self._entries)))

    def oldest_tick(self):
        return next(iter(self._entries.values()))[1]

    def evict_oldest(self):
        """Drop the least recently used entry; the bytes it freed."""
        before = self.bytes
        self._drop(next(iter(self._entries)))
        return before - self.bytes

    def _drop(self, key):
        if key in self._entries:
            self.bytes -= self._bytes(self._entries.pop(key)[0])

    def _bytes(self, value):
        return self._size(value) if self._size is not None else 0


class Memos:
    """Named LRUs, made on first ask: `memos.memo("name", limit=8)` is the same LRU
    every time (the first ask's limit and size stand)."""

    def __init__(self, budget=None):
        self.budget = budget if budget is not None else PROCESS.budget
        self._memos = {}

    def memo(self, name, limit, size=None):
        found = self._memos.get(name)
        if found is None:
            with self.budget.lock:
                found = self._memos.get(name)
                if found is None:
                    found = self._memos[name] = LRU(limit, size, self.budget)
        return found

    def named(self):
        """{name: LRU} of the memos made so far."""
        with self.budget.lock:
            return dict(self._memos)

    def clear(self):
        with self.budget.lock:
            for lru in self._memos.values():
                lru.clear()


# The process's caches that outlive a generation (what a segment holds never changes, only
# its deletions do: its columns, decoded postings, posting stores, documents of a term),
# and its few small ones (file hashes, its last look at the change log); its budget is the
# one every generation's memos share.
PROCESS = Memos(MemoryBudget())
