"""How many web exports the whole site writes at once: a few slots shared by every worker.

Each slot is a file under the index folder locked with flock(); a worker writing an
export holds one for the life of the response. Beyond EXPORT_MAX_CONCURRENT the answer
is 429 with Retry-After (views.py), so whole-archive exports cannot take every worker.
The kernel drops a dead worker's lock itself: a killed export never keeps its slot.
"""
import fcntl
import os
from pathlib import Path

from django.conf import settings


class Slot:
    def __init__(self, fd):
        self._fd = fd

    def release(self):
        if self._fd is not None:
            os.close(self._fd)       # closing the file drops its flock
            self._fd = None


def take():
    """A free Slot, or None when EXPORT_MAX_CONCURRENT exports are being written."""
    folder = Path(settings.SEARCH_INDEX_DIR) / "export-slots"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(settings.EXPORT_MAX_CONCURRENT):
        fd = os.open(folder / f"slot-{n}", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return Slot(fd)
    return None
