"""The backend's account of itself, and its replica following the change log.

    index_status()       types.IndexStatus: ok or why not, documents, lag; never raises
    own_lag()            this host's replica's types.IndexLag
    every_lag()          the IndexLag of every registered replica (one per host)
    lag_of(row)          the IndexLag of one search.models.IndexReplica row (the admin)
    follow_soon()        a background look at the change log (after each web request)
    deferred_indexing()  a block whose commits are indexed once, at its end (bulk imports),
                         or every `batch_seconds` too (long imports)
    database_replaced()  the whole database was replaced (a restore): every replica rebuilds
    logged(error)        an IndexUnavailable logged for the operator; its public text back
"""
import logging

from ..index.changelog import begin_anew
from ..index.registry import lag_of as registered_lag
from .backend import backend, replica

log = logging.getLogger("search.index")


def index_status():
    return backend().status()


def own_lag():
    return replica().lag()


def every_lag():
    return replica().every_lag()


def lag_of(row):
    """The lag of a registered replica (the change log and its registry are the
    archive's: every backend's replica registers there)."""
    return registered_lag(row)


def follow_soon():
    replica().follow_soon()


def deferred_indexing(batch_seconds=None):
    return replica().deferred(batch_seconds)


def database_replaced():
    """The whole database was replaced (a restored backup): the change log begins a new
    epoch and forgets the registered replicas, so each rebuilds from the database rather
    than follow on from a position in the old log (the change log is the archive's,
    whatever the backend: index/changelog.py)."""
    return begin_anew()


def logged(error):
    """Log the whole story of an IndexUnavailable for the operator; the public text back."""
    log.error("search index unavailable: %s", error)
    return error.public
