"""Matching paragraphs gathered into articles, ranked, and cut into one page.

An article ranks by its best paragraph's score, lifted a little by how many of its
paragraphs match (a long report that keeps returning to the subject beats a passing
mention of equal strength), or by date for newest/oldest. Ties fall back to the newer
article, then the higher id, so the same request always gives the same pages.
"""
import math
from dataclasses import dataclass

import numpy

# How much each doubling of matching paragraphs lifts an article: lightly.
COUNT_BOOST = 0.08
SHOWN_PARAGRAPHS = 3


@dataclass(frozen=True)
class Groups:
    """The matching articles of a search as parallel arrays, one entry per article.

    A common word matches tens of thousands of articles, and a search shows ten of them:
    ranking, filtering and counting work on whole arrays (in C), and only the page's
    articles ever become Python objects (`docs`)."""
    article: numpy.ndarray      # article pk
    score: numpy.ndarray        # best paragraph's score, lifted by the count
    count: numpy.ndarray        # its matching paragraphs
    start: numpy.ndarray        # where its paragraphs begin in `paragraphs`
    paragraphs: numpy.ndarray   # matching paragraph docnums, each article's together,
                                # in index order (shared by every reordering)
    whole: numpy.ndarray        # its tier (relaxing.py): 2 a paragraph has every word,
                                # 1 the article has them, 0 some (all 2 when not graded)

    def __len__(self):
        return len(self.article)

    def take(self, index):
        """The groups at `index` (positions, or a boolean mask), in that order."""
        return Groups(self.article[index], self.score[index], self.count[index],
                      self.start[index], self.paragraphs, self.whole[index])

    def docs(self, i):
        """The matching paragraph docnums of entry `i`, in index order."""
        start = int(self.start[i])
        return self.paragraphs[start:start + int(self.count[i])].tolist()


EMPTY = numpy.zeros(0, dtype=numpy.int64)
NO_GROUPS = Groups(EMPTY, numpy.zeros(0), EMPTY, EMPTY, EMPTY, numpy.zeros(0, dtype=numpy.int8))
EVERY_WORD = 2      # relaxing.PARAGRAPH: the tier of every article of a query not graded


def build_groups(docs, info, scores, body=None, whole=None, drop=None):
    """The Groups of the matching documents (a docset, docsets.py), in article pk order.

    Only paragraphs marked in `body` (those whose own text or commentary matched, a
    boolean array by docnum, when given)
    count as the article's matching paragraphs: the headline is indexed on every
    paragraph, and a word found only there says nothing about the paragraph. An
    article's own document (headline, commentary on the whole article) makes it match
    with no paragraph. `whole` (by docnum) gives each document's tier in a graded query
    (relaxing.py); an article takes its best document's. Documents marked in `drop` (by docnum: outlets' boilerplate,
    engine/copies.py) neither match, rank nor count; an article left with no paragraph
    goes with them (its headline was the boilerplate's: a result with nothing to show)."""
    if not len(docs):
        return NO_GROUPS
    # (take() and compress() are indexing without its checks and copies: a third less
    # time on a common word's 400,000 documents at a million paragraphs)
    found = docs.astype(numpy.int64)      # a docset (docsets.py): sorted already
    emptied = EMPTY
    if drop is not None:
        dropped = drop.take(found)
        emptied = info.article_array.take(found.compress(dropped))
        found = found.compress(~dropped)
        if not len(found):
            return NO_GROUPS
    articles = info.article_array.take(found)
    order = numpy.argsort(articles, kind="stable")      # by article, docnum order within
    found, articles = found.take(order), articles.take(order)
    starts = numpy.flatnonzero(numpy.r_[True, articles[1:] != articles[:-1]])
    best = numpy.maximum.reduceat(
        scores.take(found) if scores is not None else numpy.zeros(len(found)), starts)
    own = info.is_article_array.take(found)
    in_body = body.take(found) if body is not None else None
    keep = ~own if body is None else ~own & in_body
    counts = numpy.add.reduceat(keep, starts)
    if body is not None:
        opened = openings_of_headline_matches(counts, own, starts, found, info.fingerprint)
        keep[opened] = True
        counts[numpy.searchsorted(starts, opened, side="right") - 1] = 1
    # the best paragraph, lifted lightly by the count of matching paragraphs
    best *= 1 + COUNT_BOOST * numpy.log2(numpy.maximum(counts, 1))
    paragraphs = found.compress(keep)  # still by article, so each article's run is a slice
    begins = numpy.cumsum(counts) - counts
    has_whole = numpy.maximum.reduceat(whole.take(found), starts) if whole is not None \
        else numpy.full(len(starts), EVERY_WORD, dtype=numpy.int8)
    groups = Groups(articles.take(starts), best, counts.astype(numpy.int64), begins,
                    paragraphs, has_whole)
    if not len(emptied):
        return groups
    noted = own & in_body if body is not None else numpy.zeros(len(found), dtype=bool)
    return without_boilerplate_only(groups, emptied, starts, noted)


def without_boilerplate_only(groups, emptied, starts, noted):
    """The groups but those left with no paragraph after their boilerplate was dropped
    (`emptied`: article pks that lost one), unless their commentary matched (`noted`, by
    position among the found docs, whose runs begin at `starts`). Only the articles with
    no paragraph are looked at: a few hundred of a common word's 100,000."""
    bare = numpy.flatnonzero(groups.count == 0)
    bare = bare[numpy.isin(groups.article[bare], emptied)]
    run, positions = runs_at(starts, len(noted), bare)
    bare = numpy.setdiff1d(bare, bare[run[noted[positions]]])
    if not len(bare):
        return groups
    kept = numpy.ones(len(groups), dtype=bool)
    kept[bare] = False
    return groups.take(kept)


def runs_at(starts, total, which):
    """laid_end_to_end of the runs `which` (indexes into `starts`, the runs' first
    positions in an array of `total`): for each of their elements, the index into
    `which` of its run, and its position."""
    return laid_end_to_end(starts[which], numpy.r_[starts[1:], total][which] - starts[which])


def laid_end_to_end(starts, lengths):
    """(owner, positions) of runs laid end to end: run i covers the positions from
    starts[i] on, lengths[i] of them, and `owner` says which run each position is in."""
    owner = numpy.repeat(numpy.arange(len(starts)), lengths)
    offsets = numpy.cumsum(lengths) - lengths
    return owner, numpy.repeat(starts - offsets, lengths) + numpy.arange(int(lengths.sum()))


def openings_of_headline_matches(counts, own, starts, found, fingerprint):
    """For each article none of whose paragraphs matched on their own (`counts` 0: the
    headline alone matched, and it is indexed on every paragraph), the position among the
    found docs of its first matched paragraph in index order, which is reading order: the
    article's opening stands for it, so it is shown, counted and exported like any match.
    A paragraph without words (no `fingerprint`: a row of emoji, a lone dash) never
    stands for it; an article with no other paragraph (an empty body) gets none.

    Only those articles' documents are read: a few hundred of a common word's 100,000
    articles (reading every found document's fingerprint was 5 ms a search at a million
    paragraphs)."""
    run, positions = runs_at(starts, len(own), numpy.flatnonzero(counts == 0))
    stands = ~own[positions] & (fingerprint[found[positions]] != 0)
    positions, run = positions[stands], run[stands]
    return positions[numpy.flatnonzero(numpy.r_[True, run[1:] != run[:-1]])] if len(run) \
        else EMPTY


UNDATED_LAST = 99999999    # oldest first: an unknown date (0) after every known one


def order_groups(groups, info, sort):
    """The Groups in page order: by tier (relaxing.py: every word in a paragraph, in the
    article, some of them), then by score (then newer first), newest, or oldest.

    Sorted by numpy.lexsort over one array per key (last key first), which is stable:
    the groups come in ascending article pk (build_groups), so what ties on every key
    stays in pk order, as if the pk were the last key (a fourth key took a fifth of the
    sort's 27 ms over 100,000 articles). Reversed, ties go newest pk first."""
    published = _dates(groups, info, sort)
    if sort == "relevance":
        order = numpy.lexsort((published, groups.score, groups.whole))[::-1]
    elif sort == "oldest":
        order = numpy.lexsort((published, -groups.whole))
    else:
        order = numpy.lexsort((published, groups.whole))[::-1]
    return groups.take(order)


def leading(groups, info, sort, count):
    """The first `count` groups or more in page order (order_groups), without ordering
    the rest: every group ranking at or above the count-th, by tier and then score (or
    date), ordered; ties with it are all in, so this is a prefix of the whole order.
    Ordering 100,000 matching articles for a page of ten took 15 ms at a million
    paragraphs; choosing them, about one."""
    count = max(count, 1)
    if len(groups) <= count:
        return order_groups(groups, info, sort)
    value = _rank_value(groups, info, sort)
    tiers = numpy.bincount(groups.whole, minlength=EVERY_WORD + 1)
    above = 0
    for tier in range(EVERY_WORD, -1, -1):      # the tier the count-th group is in
        if above + tiers[tier] >= count:
            break
        above += tiers[tier]
    in_tier = groups.whole == tier
    values = value[in_tier]
    at = len(values) - (count - above)          # the count-th best of the whole order
    kth = numpy.partition(values, at)[at]
    chosen = (groups.whole > tier) | (in_tier & (value >= kth))
    return order_groups(groups.take(numpy.flatnonzero(chosen)), info, sort)


def _rank_value(groups, info, sort):
    """By group, what ranks it within its tier in order_groups, the larger first."""
    if sort == "relevance":
        return groups.score
    published = _dates(groups, info, sort)
    return -published if sort == "oldest" else published


def _dates(groups, info, sort):
    """Each group's yyyymmdd as `sort` reads it: oldest first puts unknown dates (0) last."""
    published = info.published_by_article[groups.article]
    return numpy.where(published == 0, UNDATED_LAST, published) if sort == "oldest" else published


def best_paragraphs(docs, scores, limit=SHOWN_PARAGRAPHS):
    """The paragraph docnums to show of an article's `docs`: highest score first, then
    index order (an article's paragraphs are indexed together, in the database's order)."""
    if scores is None:
        return docs[:limit]
    return sorted(docs, key=lambda d: (-scores[d], d))[:limit]


def page_slice(count, page, per_page):
    """(start, end, pages) for a 1-based page; a page past the end is empty."""
    pages = math.ceil(count / per_page) if count else 0
    start = (page - 1) * per_page
    return start, min(start + per_page, count), pages


