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
"""
import logging
import time

from django.conf import settings
from django.db import connection

from . import registry, threads
from .cursor import read_cursor
from .drain import LOCK_TIMEOUT, drain
from .errors import IndexUnavailable
from .folders import live_dir

log = logging.getLogger(__name__)
FOLLOWER = "index-follow"      # its thread's name (threads.py)


def behind():
    """Does the log hold changes this host's index has not applied (or not yet known final)?"""
    folder = live_dir()
    if folder is None:
        return True
    try:
        cursor = read_cursor(folder)
    except IndexUnavailable:
        return False            # damaged: nothing to follow until rebuilt (/healthz says so)
    # Its lag, kept for /healthz (registry.own_lag): the newest row after its position.
    top = registry.own_lag(cursor.position).head
    return cursor.waiting is not None or top > max(cursor.applied, default=cursor.position)


def follow_soon():
    """At most once per interval per process, look at the log in the background."""
    interval = settings.INDEX_FOLLOW_INTERVAL
    if interval <= 0:
        return
    threads.start(FOLLOWER, _look_and_drain, alone=True, every=interval)


def _look_and_drain():
    try:
        if behind():
            drain()     # this background thread may wait for the lock; no request does
    finally:
        connection.close()      # this thread's own connection


def follow_forever(interval, should_stop, report=None):
    """Drain whenever behind, every `interval` seconds, until should_stop() is true.
    `report(result)` is called after each drain that did something."""
    while not should_stop():
        if behind():
            result = drain(timeout=LOCK_TIMEOUT, build=True)
            if result is not None and report and (getattr(result, "rows", 0)
                                                   or getattr(result, "documents", 0)):
                report(result)
        time.sleep(interval)
