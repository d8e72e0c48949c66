"""Copies folded on a results page: each paragraph text shown once, each story once.

Over the ranked article groups (grouping.py), as arrays:

- an article that is a syndicated copy of a better-ranked one (the same `story`,
  copies.py) is folded into it: one entry, "also published by ...". The best-ranked
  copy (by date, the newest or oldest) stands for the story;
- within the page, a paragraph whose cluster is already shown (by an article above, or
  by the same article) is not shown again: the article's next best paragraph is, and an
  article with none left says which entry above shows it. Articles that merely share a
  paragraph (a wire paragraph, a statement quoted whole) are not folded: they are
  different articles, and different reports of one event must stay apart.

With group=paragraph, the copies of a paragraph fold into its first. Totals and facets
are not changed by folding: a copy in another outlet is that outlet's article. The page
says how many results were folded.
"""
import numpy

from .grouping import laid_end_to_end


def flat_paragraphs(groups):
    """(owner, docs): every matching paragraph of the groups, laid end to end in group
    order, and the position of the group each belongs to."""
    owner, positions = laid_end_to_end(groups.start, groups.count)
    return owner, groups.paragraphs[positions]


def first_of_key(keys):
    """For each position, the first position holding the same key (integers). Over a
    table of the keys' range when it is not much wider than the keys are many (stories
    of 100,000 articles: 2 ms, where numpy.unique took 13); else by sorting them."""
    if not len(keys):
        return numpy.zeros(0, dtype=numpy.int64)
    low, span = int(keys.min()), int(keys.max()) - int(keys.min()) + 1
    if span > 4 * len(keys) + TABLE_SLACK:
        _, first, inverse = numpy.unique(keys, return_index=True, return_inverse=True)
        return first[inverse.reshape(-1)]
    first = numpy.full(span, len(keys), dtype=numpy.int64)
    numpy.minimum.at(first, keys - low, numpy.arange(len(keys)))
    return first[keys - low]


TABLE_SLACK = 1 << 20       # a table this long costs about a millisecond, whatever the keys


def fold_stories(articles, copies):
    """By position: the position of the entry it is shown under (itself when shown), the
    first of its story (copies.py) in this order."""
    return first_of_key(story_keys(articles, copies))


def story_keys(articles, copies):
    """By position, the story (copies.py) of each article pk of `articles`: an article
    outside every story is one of its own (its pk)."""
    story = copies.story
    inside = articles < len(story)
    return numpy.where(inside, story[numpy.minimum(articles, len(story) - 1)], articles)


def distinct_keys(keys):
    """How many different keys (integers) there are: the entries left once each story
    is folded into its first, whatever the order."""
    return int(numpy.count_nonzero(first_of_key(keys) == numpy.arange(len(keys))))


def distinct_best(article, docs, scores, cluster, shown, limit):
    """(docnums, shown above): up to `limit` of an article's paragraph docnums, best first
    (grouping.py order), skipping any whose cluster is in `shown` ({cluster: article pk
    showing it}, which grows); when every one was skipped, the pk of the article above
    that shows its best paragraph (else None)."""
    ranked = docs if scores is None else sorted(docs, key=lambda d: (-scores[d], d))
    taken = []
    for d in ranked:
        key = int(cluster[d])
        if key >= 0 and key in shown:
            continue
        if key >= 0:
            shown[key] = article
        taken.append(d)
        if len(taken) == limit:
            break
    above = shown.get(int(cluster[ranked[0]])) if ranked and not taken else None
    return taken, above


def fold_flat(docs, cluster):
    """The docnums in order, each cluster's first only (paragraphs with no cluster stay)."""
    keys = numpy.where(cluster[docs] >= 0, cluster[docs], -1 - numpy.arange(len(docs)))
    first = first_of_key(keys)
    return docs[first == numpy.arange(len(docs))]
