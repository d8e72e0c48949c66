"""The best-scored paragraphs a relaxed query re-reads (scoring.top): exactly the best,
ties to the lower docnum, however the scores fall, at any size of archive."""
import numpy
import pytest

from search.engine.scoring import top


def sorted_best(scores, count):
    positive = numpy.flatnonzero(scores > 0)
    return positive[numpy.lexsort((positive, -scores[positive]))][:count].tolist()


@pytest.mark.parametrize("seed", range(40))
def test_it_finds_the_best_scores_as_a_full_sort_would(seed):
    rng = numpy.random.default_rng(seed)
    size = int(rng.integers(1, 200_000))
    scores = numpy.zeros(size)
    chosen = rng.choice(size, int(rng.integers(0, size + 1)), replace=False)
    spread = seed % 4
    if spread == 0:                          # every score its own
        scores[chosen] = rng.random(len(chosen))
    elif spread == 1:                        # a few distinct scores: ties everywhere
        scores[chosen] = rng.integers(1, 4, len(chosen)).astype(float)
    elif spread == 2:                        # a handful of matches in a large archive
        scores[chosen[:30]] = 1.0
    else:                                    # matches bunched at one end
        scores[: len(chosen) // 50] = rng.random(len(chosen) // 50)
    count = int(rng.integers(1, 150))
    assert top(scores, count) == sorted_best(scores, count)


def test_no_positive_score_gives_nothing():
    assert top(numpy.zeros(5000), 100) == []
    assert top(numpy.full(10, -1.0), 3) == []
