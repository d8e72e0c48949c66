"""A new gunicorn worker's warm-up (gunicorn.conf.py, post_worker_init).

A worker starts with nothing in memory, and is replaced every GUNICORN_MAX_REQUESTS
requests. Without a warm-up its first requests pay what every later one reuses: the
language detector's model (half a second, on the first saved edit), the English
stemmer (0.4 s, on the first search or edit), the searcher, the
generation's columns and its copies (seconds at a million paragraphs, on the first
search). A thread does it while the worker already answers: a request that comes first
simply does part of the same work itself.
"""
import logging

from django.db import DatabaseError, connection

from ..types import IndexUnavailable
from .backend import backend
from .reference import reference

log = logging.getLogger(__name__)


def warm_up():
    """Load what a worker's first requests would: never raises (nothing to warm is fine)."""
    try:
        backend().warm(reference().tables)    # the newest articles: searcher, columns, copies
    except (IndexUnavailable, DatabaseError) as error:
        log.info("worker warm-up stopped: %s", error)
    finally:
        connection.close()             # this thread's own connection
