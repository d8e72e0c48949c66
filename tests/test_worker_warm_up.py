"""A new worker's warm-up (gunicorn.conf.py post_worker_init, search/service/warm.py) leaves
the first search nothing of the generation's to build, and never fails a worker."""
import gc
import platform
import resource
import subprocess
import sys

import pytest

from search.engine.copies import copies_for
from search.index.generation import DOC_INFO
from search.index.searcher import POOL, searching
from search.service import allocator, warm_up, warm_up_to_serve
from tests.search_archive import article, index

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_builds_the_columns_and_copies_a_first_search_needs():
    article("Drones over Kursk", "Drones struck a fuel depot near Kursk on Tuesday.")
    index()
    POOL.reset()                       # a new worker: nothing in memory
    warm_up()
    with searching() as s:
        assert s.cache.made(DOC_INFO) is not None
        assert s.memo("copies", limit=8).get(frozenset()) is copies_for(s)


def test_it_is_quiet_when_there_is_no_index_yet():
    POOL.reset()
    warm_up()                          # an empty archive: nothing to warm, no error


def test_a_serving_process_sets_what_it_loaded_aside_from_the_garbage_collector():
    """Each full collection walked the lexicons and models again (80 to 120 ms on a
    request); after a worker's warm-up it walks only what came after."""
    article("Drones over Kursk", "Drones struck a fuel depot near Kursk on Tuesday.")
    index()
    POOL.reset()
    try:
        warm_up_to_serve()
        assert gc.get_freeze_count() > 10 * len(gc.get_objects())
        with searching() as s:          # and the warm-up's generation is the one searched
            assert s.cache.made(DOC_INFO) is not None
    finally:
        gc.unfreeze()                   # (this test process is not a worker)


# Each of these runs in a process of its own: it loads allocator.py (argv[1]), follows the
# mode (argv[2]), and prints how much more memory the process holds after its last lines,
# in MB (argv[3]: the page size).
MEASURED = """
import importlib.util, sys
import numpy
spec = importlib.util.spec_from_file_location("allocator", sys.argv[1])
allocator = importlib.util.module_from_spec(spec)
spec.loader.exec_module(allocator)
PAGE = int(sys.argv[3])
def resident():
    return int(open("/proc/self/statm").read().split()[1]) * PAGE
{setup}
before = resident()
{measured}
print((resident() - before) / 2**20)
"""
# It fills and frees an array of 40 MB (above the size glibc maps and returns by default).
HELD_AFTER_FREE = MEASURED.format(
    setup='if sys.argv[2] == "kept":\n    assert allocator.keep_freed_memory()',
    measured="numpy.ones((40 << 20) // 8)")
# It keeps what it frees, touches 64 MB first or not, then fills eight arrays of 8 MB (a
# search's arrays by docnum at a million paragraphs).
GROWTH_WHILE_FILLING = MEASURED.format(
    setup='assert allocator.keep_freed_memory()\nif sys.argv[2] == "faulted in":\n'
          '    allocator.fault_in(64 << 20)',
    measured="arrays = [numpy.ones((8 << 20) // 8) for _ in range(8)]")


def growth_mb(script, mode):
    run = subprocess.run([sys.executable, "-c", script, allocator.__file__, mode,
                          str(resource.getpagesize())],
                         capture_output=True, text=True, check=True)
    return float(run.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the allocator settings are glibc's")
def test_a_serving_process_keeps_the_memory_a_search_freed_for_the_next_one():
    """A first two-word search at a million paragraphs spent up to 55 ms of system time
    taking back memory the warm-up and the previous searches had given back
    (search/service/allocator.py)."""
    assert growth_mb(HELD_AFTER_FREE, "default") < 10   # given back to the system when freed
    assert growth_mb(HELD_AFTER_FREE, "kept") > 35      # kept, ready for the next array


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the allocator settings are glibc's")
def test_a_new_worker_has_its_first_searches_memory_ready():
    """A new worker's first searches at a million paragraphs grew its caches into new
    memory, thousands of page faults each (up to 119 ms of system time for the first
    two-word search): the warm-up touches what the caches will hold first
    (search/service/warm.py), and the searches find it ready."""
    assert growth_mb(GROWTH_WHILE_FILLING, "not faulted in") > 56   # taken as each is filled
    assert growth_mb(GROWTH_WHILE_FILLING, "faulted in") < 8        # already there
