"""Can this host's index keep up with the database? What /healthz (status.py) and
`sync_index --check` ask beyond "can it be read":

  disk      the file system holding the index folder is full (less than disk.NEARLY_FULL
            bytes, or no inode, free) or cannot be written (a read-only mount, the folders'
            permissions). Asked of the file system on each call (one statvfs, two access
            calls), so every process on the host says so at once, before a write fails.
  log       the index's position does not count in the change log as it is now
            (cursor.outside_log): the database was replaced, or the log pruned past it.
  attempts  this process's last attempt to bring its index up to the log failed (a drain,
            or the follower's look at the log) and changes wait. Recorded by drain.py and
            follow.py, cleared by the next attempt that succeeds. While requests come
            (load balancers' probes too) every web process looks at the log each
            INDEX_FOLLOW_INTERVAL, so each meets a failure for itself within an interval.

A failure with nothing waiting is not reported: the index then holds every change, and
the next change is attempted (and reported if it fails) within an interval.
"""
import errno
import logging
import os

from . import disk
from .cursor import outside_log
from .errors import Problem
from .folders import root
from .memo import PROCESS

log = logging.getLogger(__name__)


def problem(folder, cursor, lag):
    """The first Problem keeping the index in `folder` (its cursor, its registry.IndexLag)
    from following the database, or None."""
    found = disk_problem(folder)
    if found is None and lag.log is not None:
        found = outside_log(cursor, lag.log)
    if found is None and lag.rows_behind:
        found = failure()
    return found


def disk_problem(folder):
    """A Problem when the file system holding `folder` is full or cannot be written."""
    try:
        stats = os.statvfs(folder)
    except OSError as error:
        return Problem("cannot be written: its folder cannot be reached",
                       f"The search index folder {folder} cannot be reached: {error}.")
    free = stats.f_bavail * stats.f_frsize
    if free < disk.NEARLY_FULL or (stats.f_files and not stats.f_favail):
        return Problem("cannot be written: the disk is full", disk.full(folder, free))
    # access() answers EROFS for a read-only mount, and the folders' permissions for
    # this process's user; the writer lock and `current` live in the root.
    if not (os.access(root(), os.W_OK) and os.access(folder, os.W_OK)):
        return Problem("cannot be written: its folder is read-only", disk.read_only(folder))
    return None


def problem_of(error):
    """The Problem an exception raised while following the log stands for."""
    if isinstance(error, OSError):
        found = disk_problem(root())
        if found is not None:
            return found
        if error.errno in disk.FULL:
            return Problem("cannot be written: the disk is full", disk.explain(error, root()))
        name = errno.errorcode.get(error.errno, type(error).__name__)
        return Problem(f"cannot be written: {name}", disk.explain(error, root()))
    return Problem(f"is not following the change log: its follower failed "
                   f"({type(error).__name__})",
                   f"following the change log failed: {type(error).__name__}: {error}")


# This process's last failed attempt to follow the log ("failure" -> errors.Problem), kept
# with the process's other small state (memo.py); none after an attempt that succeeded.
LAST_ATTEMPT = "last attempt to follow the log"


def failure():
    """The Problem of this process's last attempt to follow the log, or None if it
    succeeded (or none was made)."""
    return PROCESS.memo(LAST_ATTEMPT, limit=1).get("failure")


def failed(error):
    """Record (and log, once per cause rather than once a second) a failed attempt."""
    found, before = problem_of(error), failure()
    PROCESS.memo(LAST_ATTEMPT, limit=1).put("failure", found)
    if before is not None and before.cause == found.cause:
        log.debug("the index still cannot follow the change log: %s", found.detail)
    elif isinstance(error, OSError):
        log.error("the index cannot follow the change log: %s", found.detail)
    else:       # not the disk: the traceback is what a bug report needs
        log.error("the index cannot follow the change log: %s", found.detail, exc_info=error)


def succeeded():
    recovered = failure()
    if recovered is not None:
        PROCESS.memo(LAST_ATTEMPT, limit=1).discard("failure")
        log.warning("the index follows the change log again (it %s)", recovered.cause)
