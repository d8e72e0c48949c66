"""A new gunicorn worker's warm-up (gunicorn.conf.py, post_worker_init).

A worker starts with nothing in memory, and is replaced every GUNICORN_MAX_REQUESTS
requests. Without a warm-up its first requests pay what every later one reuses: the
language detector's model (half a second, on the first saved edit), the English
stemmer (0.4 s, on the first search or edit), the searcher, the
generation's columns and its copies (seconds at a million paragraphs, on the first
search). A thread does it while the worker already answers: a request that comes first
would do part of the same work itself, while holding its worker's one search slot: the
searches behind it then waited seconds in the queue or were refused, and the admission
charged its client for the process's loading. So a search waits for the warm-up first
(wait_for_warm_up, search/web/admission.py). Django's development server warms up the
same way (search/apps.py).
"""
import gc
import logging

from django.db import DatabaseError, connection

from ..index import threads
from ..index.memo import MEMORY_BYTES
from ..types import IndexUnavailable
from .allocator import fault_in, keep_freed_memory
from .backend import backend
from .reference import reference

log = logging.getLogger(__name__)

# What a worker's caches come to hold, a document of the archive: the last queries'
# scores and masks by docnum (memo "matches": about 20 bytes a document each, 8 kept)
# and their terms' scores; at most the process's budget for them (MEMORY_BYTES).
CACHE_BYTES_PER_DOCUMENT = 200


def start_warm_up():
    keep_freed_memory()     # before the thread: the arena it fills is the one requests use
    threads.start("warm-up", warm_up_to_serve, alone=True)


def warm_up_to_serve():
    """A serving process's warm-up: warm_up(), then what it loaded set aside from the
    garbage collector (gc.freeze): the language models, lexicons and dictionaries are
    170,000 objects that live as long as the process, and each full collection walked
    them again: 80 to 120 ms, on whichever request was running (300 different search
    pages in one process at a million paragraphs: the slowest 1% took 140-146 ms
    before, 79-87 after, and the collector half the time). An object frozen here and
    let go later is still freed by its reference count: the first generation's
    searcher and caches go when the next one replaces them."""
    warm_up()
    gc.collect()        # nothing already garbage is frozen with the rest
    gc.freeze()


def wait_for_warm_up(timeout):
    """True once this process is warm (at once when no warm-up runs), False when it is still
    warming up after `timeout` seconds."""
    thread = threads.running("warm-up")
    if thread is not None:
        thread.join(timeout)
    return threads.running("warm-up") is None


def warm_up():
    """Load what a worker's first requests would: never raises (nothing to warm is fine)."""
    try:
        documents = backend().warm(reference().tables)    # searcher, columns, copies
        fault_in(min(MEMORY_BYTES, CACHE_BYTES_PER_DOCUMENT * documents))
    except (IndexUnavailable, DatabaseError) as error:
        log.info("worker warm-up stopped: %s", error)
    finally:
        connection.close()             # this thread's own connection
