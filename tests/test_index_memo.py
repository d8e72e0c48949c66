"""The process's caches: each keeps its most recently used entries, and the sized ones share
one memory budget, the least recently used going first whichever cache holds them."""
import numpy
import pytest

from search.index.drain import drain
from search.index.memo import LRU, PROCESS, MemoryBudget, Memos
from search.index.searcher import searching


def test_it_keeps_the_most_recently_used_entries():
    kept = LRU(2, budget=MemoryBudget())
    kept.put("a", 1), kept.put("b", 2)
    kept.get("a")
    kept.put("c", 3)
    assert kept.get("b") is None and kept.get("a") == 1 and kept.get("c") == 3


def test_sized_values_of_every_cache_share_one_budget_oldest_first():
    budget = MemoryBudget(max_bytes=3000)
    memos = Memos(budget)
    postings = memos.memo("postings", limit=10, size=lambda v: v.nbytes)
    scores = memos.memo("scores", limit=10, size=lambda v: v.nbytes)
    postings.put("kursk", numpy.zeros(100))         # 800 bytes each
    scores.put("kursk", numpy.zeros(100))
    postings.get("kursk")                           # used again: now the newer of the two
    scores.put("drones", numpy.zeros(200))          # 1,600 bytes: 3,200 in all
    assert scores.get("kursk") is None and postings.get("kursk") is not None
    assert budget.used() == 2400
    scores.put("everything", numpy.zeros(1000))     # larger than the budget on its own:
    assert len(postings) == 0 and list(dict(scores.items())) == ["everything"]   # kept alone


def test_a_memo_asked_for_again_is_the_same_one():
    memos = Memos(MemoryBudget())
    assert memos.memo("matches", limit=8) is memos.memo("matches", limit=8)


@pytest.mark.django_db
def test_a_query_kept_for_the_next_page_counts_against_the_budget(client, make_article):
    """Its scores by docnum are 9 MB at a million paragraphs: eight kept queries would
    hold 150 MB past the budget if they did not count."""
    make_article("Drones struck an oil depot near Kursk. " * 3)
    make_article("The oil price cap was not mentioned.")
    drain()
    assert client.get("/", {"q": "drones oil"}).status_code == 200
    with searching() as s:
        kept = s.memo("matches", limit=8)
        [(_, matched)] = kept.items()
        assert matched.scores is not None
        assert kept.bytes == matched.nbytes > matched.scores.nbytes + matched.match.docs.nbytes
    assert PROCESS.budget.used() >= kept.bytes
