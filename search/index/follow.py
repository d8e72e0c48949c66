"""Following changes made on other hosts: a cheap look at the log's head, a drain when behind.

A commit on this host drains this host's index straight after (outbox.py). A commit on
another host reaches this one by either of:

  follow_soon()    called on every request (web/middleware.py); at most once per
                   INDEX_FOLLOW_INTERVAL seconds per process it starts a background thread
                   that compares the log's head with this index's cursor (one indexed query,
                   one small file) and drains when behind. The request never waits for
                   it, nor for the writer lock (the thread waits up to LOCK_TIMEOUT; a
                   drain holding it reads the head again before it lets go).
  follow_forever() `manage.py sync_index --follow`, a service that does the same every
                   interval whether or not the site is in use, and builds the index when
                   the folder is empty however large the archive.

A look that fails (a full disk, a read-only folder, the database gone) is recorded for
/healthz (upkeep.failed) and logged once per cause; the next look tries again.
"""
import logging
import time

from django.conf import settings
from django.db import connection

from . import registry, threads, upkeep
from .cursor import outside_log, read_cursor
from .drain import LOCK_TIMEOUT, drain
from .errors import IndexUnavailable
from .folders import live_dir

log = logging.getLogger(__name__)
FOLLOWER = "index-follow"      # its thread's name (threads.py)


def behind():
    """Does the log hold changes this host's index has not applied (or not yet known final),
    or must the index be built (none yet, or its position outside the log as it is now)?"""
    folder = live_dir()
    if folder is None:
        return True
    try:
        cursor = read_cursor(folder)
    except IndexUnavailable:
        return False            # damaged: nothing to follow until rebuilt (/healthz says so)
    # Its lag, kept for /healthz (registry.own_lag): the rows after its position, the
    # log's end and epoch.
    lag = registry.own_lag(cursor.position)
    if outside_log(cursor, lag.log):
        return True             # the drain builds the index anew (or says what to run)
    return cursor.waiting is not None or lag.head > max(cursor.applied, default=cursor.position)


def follow_soon():
    """At most once per interval per process, look at the log in the background."""
    interval = settings.INDEX_FOLLOW_INTERVAL
    if interval <= 0:
        return
    threads.start(FOLLOWER, _look_and_drain, alone=True, every=interval)


def _look_and_drain():
    try:
        look()
    except Exception as error:      # recorded for /healthz and logged once, not a traceback
        upkeep.failed(error)       # a second from every worker
    finally:
        connection.close()      # this thread's own connection


def look(timeout=LOCK_TIMEOUT, build=False):
    """One look at the log: drain when behind (this background thread may wait for the
    lock; no request does). Returns what drain() returned, or None."""
    if behind():
        return drain(timeout=timeout, build=build)     # which records its own outcome
    upkeep.succeeded()
    return None


def follow_forever(interval, should_stop, report=None):
    """Drain whenever behind, every `interval` seconds, until should_stop() is true.
    `report(result)` is called after each drain that did something. A look that fails
    (a full disk, the database gone) is logged and tried again an interval later."""
    while not should_stop():
        try:
            result = look(timeout=LOCK_TIMEOUT, build=True)
        except Exception as error:
            upkeep.failed(error)
            result = None
        if result is not None and report and (getattr(result, "rows", 0)
                                               or getattr(result, "documents", 0)):
            report(result)
        time.sleep(interval)
