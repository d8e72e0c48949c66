"""How a serving process's C allocator treats the memory it frees (glibc only).

A worker's warm-up builds its generation's columns and copies (hundreds of MB at a million
paragraphs, most of it let go at the end), and each search works on arrays by docnum
(9 MB each at a million paragraphs) while its caches grow. By default glibc gives freed
memory back to the system, so the worker's first searches take it back page by page: a
first two-word search at a million paragraphs had 3,700 to 8,200 page faults and 4 to 55
ms of system time; with the memory kept, about 300 faults and 0 to 4 ms. Timed in one
process each, alternated (`bench`'s queries on a kept archive), its first search took
91-115 ms against 106-155 ms, and the long question's 90-105 against 95-150.

So a serving process keeps what it freed, within bounds:
- arrays under MMAP_THRESHOLD come from the heap, whose free memory is reused; larger
  ones are mapped and given back when freed (glibc's own threshold moves, up to 32 MB);
- the heap is trimmed only when more than TRIM_THRESHOLD lies free at its top;
- one arena serves every thread. With one per request thread (glibc's default), each of
  gunicorn's eight threads kept its own searches' peak: after the benchmark's pages at a
  million paragraphs, the busiest worker's own memory was 737-742 MB with glibc's
  defaults and 663-665 MB with one arena. The threads take turns under the GIL anyway,
  so they seldom wait for each other here.

With the memory kept, the first searches were served from what the warm-up's copies had
freed (335 MB at their peak). The copies peak at 152 MB since (engine/copies.py: they
are found again for every new generation, and each time a worker's heap kept their
peak), and the first big searches faulted their caches' memory in again: 4,000 to 8,600
faults each, up to 119 ms of system time. So the warm-up touches what a worker's caches
will hold (fault_in, sized in warm.py) and frees it: the first two-word search had 261
faults again.
"""
import ctypes
import ctypes.util
import logging
import platform

import numpy

log = logging.getLogger(__name__)

# glibc's mallopt parameters (malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8

# High enough for the warm-up's largest arrays too: with 64 MB, the first two-word search
# still had 7,200 faults (and with a trim threshold of 256 MB, 7,100).
MMAP_THRESHOLD = 256 << 20
TRIM_THRESHOLD = 1 << 30
BLOCK = 8 << 20         # what fault_in touches at a time: the size of a search's arrays

KEPT = {"applied": False}       # whether this process keeps what it frees


def keep_freed_memory():
    """Set the allocator as the module docstring says; False where the C library is not
    glibc (the defaults stay: slower first searches, nothing else)."""
    if platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        settings = ((M_ARENA_MAX, 1), (M_MMAP_THRESHOLD, MMAP_THRESHOLD),
                    (M_TRIM_THRESHOLD, TRIM_THRESHOLD))
        applied = [libc.mallopt(parameter, value) == 1 for parameter, value in settings]
        KEPT["applied"] = all(applied)  # (each is tried: one refused leaves the others set)
        return KEPT["applied"]
    except (OSError, AttributeError) as error:
        log.info("allocator left at its defaults: %s", error)
        return False


def fault_in(size):
    """Touch, then free, `size` bytes in blocks the heap serves: kept (above), they are
    there for the caches and arrays of the worker's first searches, which would
    otherwise fault new memory in a page at a time. Nothing where freed memory is
    given back."""
    if KEPT["applied"] and size > 0:
        # all held at once: a block freed before the next is made would be reused by it
        blocks = [numpy.ones(BLOCK // 8) for _ in range(-(-size // BLOCK))]
        del blocks
