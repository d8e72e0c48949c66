"""The one index writer lock, shared by every process on this host.

`write.lock` in the index folder is fcntl.flock'ed by whoever writes (an outbox drain or
a rebuild); the kernel releases it if that process dies, so a crash never wedges writes.
"""
import errno
import fcntl
import time
from contextlib import contextmanager

from .folders import root


@contextmanager
def writer_lock(timeout):
    """Hold the cross-process index writer lock; yields False if busy after `timeout` s."""
    root().mkdir(parents=True, exist_ok=True)
    with open(root() / "write.lock", "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.02)
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
