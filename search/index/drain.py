"""Applying the change log to this host's index: the rows after its own position.

`drain()` takes the writer lock (lock.writer_lock) for at most LOCK_TIMEOUT seconds; if
another process holds it, the rows simply wait for the next drain. Holding the lock it
applies the rows after the live generation's cursor (apply_log.py). A process dying
anywhere in between leaves the old cursor, and the next drain (or `manage.py
sync_index`) applies the rows again.

With no index yet, or an index whose position does not count in the log as it is now
(behind its pruned part, or of a replaced database: cursor.outside_log), a drain builds
the index from the database instead (rebuild.py), when the archive is small enough to do
so in a web process; `manage.py sync_index` always does.
"""
import logging

from archive.models import Article

from . import folders, upkeep
from .apply_log import DrainResult, drain_locked
from .changelog import state_after
from .cursor import outside_log, read_cursor
from .errors import IndexUnavailable
from .lock import writer_lock
from .rebuild import rebuild_locked

log = logging.getLogger(__name__)

LOCK_TIMEOUT = 0.5          # a web request waits this long at most for the writer lock
BUILD_IN_PROCESS = 1000     # at most this many articles are built by a drain (else sync_index)


def drain(timeout=LOCK_TIMEOUT, build=False):
    """Apply the log to this host's index. Returns a DrainResult (or the RebuildResult of
    a build when it had to build), or None if the lock was busy. `build`: build a missing
    or outdated index whatever the archive's size. Its outcome is recorded for /healthz
    (upkeep.failed); an error is raised on to the caller."""
    try:
        result = _drain(timeout, build)
    except Exception as error:
        upkeep.failed(error)
        raise
    if result is not None:
        upkeep.succeeded()
    return result


def _drain(timeout, build):
    with writer_lock(timeout) as locked:
        if not locked:
            log.info("index writer busy: log rows wait for the next drain")
            return None
        reason = rebuild_reason()
        if reason is None:
            return drain_locked()
        if not build and Article.objects.count() > BUILD_IN_PROCESS:
            log.warning("not draining: %s; run `manage.py sync_index`", reason)
            return DrainResult()
        log.warning("building the index from the database: %s", reason)
        return rebuild_locked(procs=1)


def rebuild_reason():
    """Why this host's index must be built from the database, or None."""
    folder = folders.live_dir()
    if folder is None:
        return f"there is no index in {folders.root()} yet"
    try:
        cursor = read_cursor(folder)
    except IndexUnavailable:
        return None             # damaged: drain_locked says so; a rebuild is the operator's
    outside = outside_log(cursor, state_after(cursor.position))
    return outside.detail if outside else None
