"""A page orders only the lead of the matching articles (grouping.leading, finding.arrange):
every page, every sort, with copies folded, is what ordering every article gives, however
the tiers, scores, dates and stories fall."""
from types import SimpleNamespace

import numpy
import pytest

from search.engine.finding import Found, arrange
from search.engine.folding import fold_stories
from search.engine.grouping import Groups, leading, order_groups
from search.types import SearchRequest, SearchResponse

SORTS = ("relevance", "newest", "oldest")


def random_groups(rng, size):
    """Groups in article pk order, one paragraph each, with ties of every key."""
    articles = numpy.sort(rng.choice(3 * size + 10, size, replace=False)).astype(numpy.int64)
    ties = int(rng.integers(1, 6))       # few distinct scores and dates: ties everywhere
    scores = rng.integers(1, 2 + ties * 10, size).astype(float) / ties
    published = numpy.zeros(int(articles.max()) + 1, dtype=numpy.int32)
    published[articles] = rng.choice([0, 20220224, 20230601, 20240101, 20240815][:ties], size)
    whole = rng.choice([0, 1, 2], size, p=rng.dirichlet([1, 1, 1])).astype(numpy.int8)
    groups = Groups(articles, scores, numpy.ones(size, dtype=numpy.int64),
                    numpy.arange(size), numpy.arange(size), whole)
    info = SimpleNamespace(published_by_article=published,
                           fingerprint=numpy.ones(size, dtype=numpy.uint64))
    return groups, info


@pytest.mark.parametrize("seed", range(30))
def test_the_lead_is_the_start_of_the_whole_order(seed):
    rng = numpy.random.default_rng(seed)
    groups, info = random_groups(rng, int(rng.integers(1, 3000)))
    count = int(rng.integers(1, 400))
    for sort in SORTS:
        whole = order_groups(groups, info, sort).article
        lead = leading(groups, info, sort, count).article
        assert len(lead) >= min(count, len(groups))
        assert lead.tolist() == whole[:len(lead)].tolist()


def folded_pages(groups, info, copies, sort, page):
    """The page as ordering every article gives it: (article, folded pks) per entry."""
    ordered = order_groups(groups, info, sort)
    keeper = fold_stories(ordered.article, copies)
    kept = numpy.flatnonzero(keeper == numpy.arange(len(ordered)))
    entries = kept[(page - 1) * 10:page * 10].tolist()
    return [(int(ordered.article[i]),
             [a for a in ordered.article[keeper == i].tolist() if a != ordered.article[i]])
            for i in entries], len(ordered) - len(kept)


@pytest.mark.parametrize("seed", range(20))
def test_a_page_with_copies_folded_is_the_page_of_the_whole_order(seed):
    rng = numpy.random.default_rng(100 + seed)
    groups, info = random_groups(rng, int(rng.integers(1, 2000)))
    # half the articles copies in stories of about 30, or nearly all of them in a few of
    # hundreds (a wire report carried by many outlets): a page's lead folds away
    story = numpy.arange(int(groups.article.max()) + 1)
    share, size = ((0.5, 30), (0.95, 300))[seed % 2]
    copied = rng.choice(groups.article, int(len(groups) * share), replace=False)
    story[copied] = rng.choice(groups.article[: max(1, len(groups) // size)], len(copied))
    copies = SimpleNamespace(story=story, story_members=lambda a: [],
                             clusters=SimpleNamespace(cluster=numpy.full(len(groups), -1)))
    for sort in SORTS:
        for page in (1, 2, 5):
            found = Found(groups.paragraphs, [], None, "", [], scores=None, groups=groups,
                          copies=copies, info=info, sort=sort)
            response = SearchResponse(request=SearchRequest(page=page), interpreted="")
            shown = arrange(info, found, SearchRequest(page=page, sort=sort), response)
            expected, folded = folded_pages(groups, info, copies, sort, page)
            assert [(article, folded_pks) for article, _, _, folded_pks, _ in shown] == expected
            assert response.folded == folded
