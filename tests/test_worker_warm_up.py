"""A new worker's warm-up (gunicorn.conf.py post_worker_init, search/service/warm.py) leaves
the first search nothing of the generation's to build, and never fails a worker."""
import gc

import pytest

from search.engine.copies import copies_for
from search.index.generation import DOC_INFO
from search.index.searcher import POOL, searching
from search.service import warm_up, warm_up_to_serve
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
