"""Copies folded on a results page: each paragraph text shown once, each story once.

Over the ranked article groups (grouping.py), as arrays:

- an article that is a syndicated copy of a better-ranked one (the same `story`,
  copies.py) is folded into it: one entry, "also published by ...";
- an article whose best matching paragraph (its lead) is in the same cluster as a
  better-ranked article's lead is folded into that one: the paragraph is shown once,
  "also in N articles" under it;
- within the page, a paragraph whose cluster is already shown (by an article above, or
  by the same article) is not shown again; the article's next best paragraph is.

The first entry of each fold is the best-ranked (or, by date, the newest/oldest). Totals
and facets are not changed by folding: a copy in another outlet is that outlet's
article. The page says how many entries were folded.
"""
import numpy


def flat_paragraphs(groups):
    """(owner, docs): every matching paragraph of the groups, laid end to end in group
    order, and the position of the group each belongs to."""
    counts = groups.count
    owner = numpy.repeat(numpy.arange(len(groups)), counts)
    offsets = numpy.arange(int(counts.sum())) - numpy.repeat(numpy.cumsum(counts) - counts, counts)
    return owner, groups.paragraphs[groups.start[owner] + offsets]


def lead_paragraphs(groups, scores):
    """By group position: the docnum of its best paragraph (the first shown), -1 for none."""
    owner, docs = flat_paragraphs(groups)
    leads = numpy.full(len(groups), -1, dtype=numpy.int64)
    if not len(docs):
        return leads
    if scores is not None:
        order = numpy.lexsort((docs, -scores[docs], owner))
        owner, docs = owner[order], docs[order]
    first = numpy.r_[True, owner[1:] != owner[:-1]]
    leads[owner[first]] = docs[first]
    return leads


def first_of_key(keys):
    """For each position, the first position holding the same key."""
    _, first, inverse = numpy.unique(keys, return_index=True, return_inverse=True)
    return first[inverse.reshape(-1)]


def fold_articles(articles, leads, copies):
    """(keeper, syndicated): by position, the position of the entry it is shown under
    (itself when shown), and whether it was folded as a copy of the whole article."""
    n = len(articles)
    positions = numpy.arange(n)
    story = copies.story
    inside = articles < len(story)
    stories = numpy.where(inside, story[numpy.minimum(articles, len(story) - 1)], articles)
    keeper = first_of_key(stories)
    survivors = numpy.flatnonzero(keeper == positions)
    lead_cluster = copies.clusters.cluster[numpy.maximum(leads, 0)]
    lead_keys = numpy.where((leads >= 0) & (lead_cluster >= 0), lead_cluster, -1 - articles)
    by_lead = positions.copy()
    by_lead[survivors] = survivors[first_of_key(lead_keys[survivors])]
    return by_lead[keeper], keeper != positions


def distinct_best(docs, scores, cluster, shown, limit):
    """Up to `limit` of an article's paragraph docnums, best first (grouping.py order),
    skipping any whose cluster is in `shown` or already taken; `shown` grows."""
    ranked = docs if scores is None else sorted(docs, key=lambda d: (-scores[d], d))
    taken = []
    for d in ranked:
        key = int(cluster[d])
        if key >= 0 and key in shown:
            continue
        if key >= 0:
            shown.add(key)
        taken.append(d)
        if len(taken) == limit:
            break
    return taken


def fold_flat(docs, cluster):
    """The docnums in order, each cluster's first only (paragraphs with no cluster stay)."""
    keys = numpy.where(cluster[docs] >= 0, cluster[docs], -1 - numpy.arange(len(docs)))
    first = first_of_key(keys)
    return docs[first == numpy.arange(len(docs))]
