"""Slots shared by every worker of a host: a few of a kind, taken without waiting.

Each slot is a file under the index folder locked with flock(); a worker doing the work
holds one for as long as it lasts (an export: the life of its response). Two kinds:
"export" (EXPORT_MAX_CONCURRENT web exports written at once, views.py) and "costly"
(SEARCH_COSTLY_CONCURRENT exports and searches of clients past their light share at once,
admission.py). The kernel drops a dead worker's lock itself: a killed worker never keeps
its slot. A slot may also be left to rest: its file then holds the time it is free again.
"""
import fcntl
import os
import struct
import time
from pathlib import Path

from django.conf import settings

RESTING = struct.Struct("d")     # time.time() until which the slot rests


class Slot:
    def __init__(self, fd):
        self._fd = fd

    def release(self, rest=0.0):
        """Free the slot, or after `rest` seconds more (no one takes it meanwhile)."""
        if self._fd is not None:
            os.pwrite(self._fd, RESTING.pack(time.time() + rest), 0)
            os.close(self._fd)       # closing the file drops its flock
            self._fd = None


def take(kind, count):
    """A free Slot of `kind`, or None when all `count` of them are held on this host."""
    folder = Path(settings.SEARCH_INDEX_DIR) / f"{kind}-slots"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        fd = os.open(folder / f"slot-{n}", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        if resting(fd):
            os.close(fd)
            continue
        return Slot(fd)
    return None


def resting(fd):
    stored = os.pread(fd, RESTING.size, 0)
    return len(stored) == RESTING.size and RESTING.unpack(stored)[0] > time.time()
