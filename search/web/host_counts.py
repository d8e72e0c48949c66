"""Counts every worker of a host shares, current at once and cheap to keep: where the
search and export allowances count each client unless CACHE_URL names a cache (allowance.py).

Django's file cache, which held them before, replaced a file on every write (two per
search) and listed its folder to keep it under its size; while the index was being written
each replacement waited for the disk (cProfile: 20 ms of a 32 ms search page). Here a
count is a record of a fixed table in one file under the index folder (as host_slots.py's
slots): a charge rewrites one record in place under flock(), a look reads a few. The
kernel's page cache shows each write to every worker at once and writes it to the disk when
it will; nothing waits for the disk.

A key's record lies in a short run of the table picked by its hash; when every record of
the run is in use and still counting, the one that expires first gives way (that client
is then counted from nothing: a little more allowance, never less). The table holds
RECORDS keys, far more than the clients of a few minutes. Its file takes its whole size on
the disk when made, so a full disk cannot fail a later write; when the folder cannot be
written at all, a charge is lost and logged, and the page is answered.
"""
import fcntl
import hashlib
import logging
import os
import struct
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

RECORD = struct.Struct("<Qdd")       # key's hash (0: free), expires at (time.time()), count
RECORDS = 16384                      # 384 KB
RUN = 8                              # records a key may take, from where its hash points

log = logging.getLogger(__name__)


def get_many(keys, now=None):
    """{key: count} of the keys counted and not expired."""
    now = time.time() if now is None else now
    found = {}
    try:
        with table(fcntl.LOCK_SH) as fd:
            for key in keys:
                hashed, start = place(key)
                for _, (stored, expires, count) in read_run(fd, start):
                    if stored == hashed and expires > now:
                        found[key] = count
                        break
    except OSError as error:
        log.warning("a client's use could not be read: %s", error)
    return found


def add(key, units, timeout, now=None):
    """Add `units` to `key`'s count, which starts from nothing (kept `timeout` seconds) when
    it is not counted yet or has expired."""
    now = time.time() if now is None else now
    hashed, start = place(key)
    try:
        with table(fcntl.LOCK_EX) as fd:
            at, expires, count = chosen_record(read_run(fd, start), hashed, now, timeout)
            os.pwrite(fd, RECORD.pack(hashed, expires, count + units), (start + at) * RECORD.size)
    except OSError as error:
        log.warning("a client's use was not counted: %s", error)


def chosen_record(run, hashed, now, timeout):
    """(where in the run, expiry, count so far) for the key hashed `hashed`: its own record,
    else a new count in a free or expired record, else in the one that expires first."""
    for at, (stored, expires, count) in run:
        if stored == hashed and expires > now:
            return at, expires, count
    free = [at for at, (stored, expires, _) in run if stored == 0 or expires <= now]
    at = free[0] if free else min(run, key=lambda record: record[1][1])[0]
    return at, now + timeout, 0.0


def place(key):
    """(the key's 64-bit hash, never 0; the first record of its run)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    hashed = int.from_bytes(digest, "little") or 1
    return hashed, hashed % (RECORDS - RUN + 1)


def read_run(fd, start):
    data = os.pread(fd, RUN * RECORD.size, start * RECORD.size)
    data += bytes(RUN * RECORD.size - len(data))          # a new table reads as zeros
    return list(enumerate(RECORD.iter_unpack(data)))


@contextmanager
def table(lock):
    """The table's file, opened for this call (so flock() excludes this process's other
    threads too, and a forked worker shares nothing), locked `lock`."""
    folder = Path(settings.SEARCH_INDEX_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / "client-counts", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, lock)
        if lock == fcntl.LOCK_EX and os.fstat(fd).st_size < RECORDS * RECORD.size:
            os.posix_fallocate(fd, 0, RECORDS * RECORD.size)     # new: its blocks, at once
        yield fd
    finally:
        os.close(fd)            # and with it the lock
