"""A generation's copies carried over from the generation before it, in milliseconds.

An edit commits a new generation that keeps the earlier segments (some of their
documents deleted) and adds a small one; a segment a merge rewrote is a new one here,
its paragraphs placed by their exact texts. Finding its copies afresh (copies.py) costs
seconds at a million paragraphs, so until that is done in the background its searches
use the earlier copies carried over:

- a kept segment's paragraphs keep their cluster, boilerplate flags and order, moved to
  the segment's place in the new generation; deleted ones leave their clusters;
- a new paragraph whose exact text (its fingerprint) the earlier generation had joins
  that text's cluster, and is boilerplate where that cluster was its outlet's;
- a new text is a cluster of its own, even when it is nearly the same as an earlier
  one, and an article's story is the one it had.

So a re-saved article's paragraphs fold as before, and the only difference from the
exact copies (for the seconds until they come) is in what the edit itself changed.
"""
from dataclasses import replace

import numpy


def carry(before, copies, info):
    """The Copies of the generation whose DocInfo is `info`, from the `copies` of the
    generation `before` (a DocInfo)."""
    moved, covered = docnum_map(before, info)
    clusters, new = _carried_clusters(copies.clusters, moved, covered, info)
    codes = _outlet_codes(before, info)
    boilerplate, detected = (
        _flags(moved, clusters.cluster, new, _flagged(before, copies.clusters, mask, codes, info),
               mask, info)
        for mask in (copies.boilerplate, copies.detected))
    return replace(copies, clusters=clusters, boilerplate=boilerplate, detected=detected,
                   story=_stories(copies.story, info))


def _carried_clusters(old, moved, covered, info):
    """(the Clusters carried over, the docnums of the new paragraphs)."""
    texts = info.live_mask & ~info.is_article_array & (info.fingerprint != 0)
    cluster = _moved(moved, old.cluster, info.doc_count, -1)
    cluster[~texts] = -1
    new = numpy.flatnonzero(texts & ~covered)
    found = _text_clusters(old, info.fingerprint[new])
    unknown = found < 0                   # a new text: a cluster of its own, numbered on
    fresh, fresh_number = numpy.unique(info.fingerprint[new[unknown]], return_inverse=True)
    found[unknown] = len(old.key) + fresh_number
    cluster[new] = found
    order = _order(moved, old, cluster, new)
    key = numpy.concatenate([old.key, fresh])
    at = numpy.searchsorted(old.texts, fresh)
    numbers = len(old.key) + numpy.arange(len(fresh))
    return replace(old, cluster=cluster, key=key, order=order,
                   start=numpy.searchsorted(cluster[order], numpy.arange(len(key))),
                   texts=numpy.insert(old.texts, at, fresh),
                   text_cluster=numpy.insert(old.text_cluster, at, numbers)), new


def docnum_map(before, info):
    """(by earlier docnum: its docnum now, -1 when its segment is gone; by docnum now:
    whether its segment was in the earlier generation)."""
    earlier = {segment: offset for segment, offset, _count in before.segments}
    moved = numpy.full(before.doc_count, -1, dtype=numpy.int64)
    covered = numpy.zeros(info.doc_count, dtype=bool)
    for segment, offset, count in info.segments:
        if segment in earlier:
            start = earlier[segment]
            moved[start:start + count] = numpy.arange(offset, offset + count)
            covered[offset:offset + count] = True
    return moved, covered


def _moved(moved, values, size, missing):
    """By docnum now: the earlier generation's `values`, `missing` for new documents."""
    kept = numpy.flatnonzero(moved >= 0)
    result = numpy.full(size, missing, dtype=values.dtype)
    result[moved[kept]] = values[kept]
    return result


def _text_clusters(clusters, fingerprints):
    """By fingerprint: the cluster of that exact text in `clusters`, -1 when it had none."""
    texts = clusters.texts
    if not len(texts):
        return numpy.full(len(fingerprints), -1, dtype=numpy.int64)
    at = numpy.minimum(numpy.searchsorted(texts, fingerprints), len(texts) - 1)
    return numpy.where(texts[at] == fingerprints, clusters.text_cluster[at], -1)


def _outlet_codes(before, info):
    """By earlier outlet code: the code of the same outlet now (-1 for one gone)."""
    now = {slug: code for code, slug in enumerate(info.outlet_slugs)}
    return numpy.array([now.get(slug, -1) for slug in before.outlet_slugs] or [-1],
                       dtype=numpy.int64)


def _cluster_outlets(cluster, codes, info):
    """One number for each (cluster, outlet code now) pair; code -1 (an outlet gone) too."""
    return cluster * (len(info.outlet_slugs) + 1) + codes + 1


def _flagged(before, clusters, mask, codes, info):
    """The (cluster, outlet) numbers (_cluster_outlets) of the earlier paragraphs
    flagged in `mask`."""
    docs = numpy.flatnonzero(mask)
    return _cluster_outlets(clusters.cluster[docs], codes[before.outlet_array[docs]], info)


def _flags(moved, cluster, new, flagged, mask, info):
    """The boilerplate `mask` moved over; a new paragraph flagged where its cluster
    was flagged for its outlet."""
    flags = _moved(moved, mask, info.doc_count, False)
    flags[cluster < 0] = False
    flags[new] = numpy.isin(_cluster_outlets(cluster[new], info.outlet_array[new], info),
                            flagged)
    return flags


def _order(moved, clusters, cluster, new):
    """The docnums with a cluster sorted by cluster, in index order within one: the
    earlier order moved (still sorted but for the new paragraphs, which are sorted in:
    nearly sorted keys cost numpy's stable sort one pass)."""
    docs = moved[clusters.order]
    docs = docs[docs >= 0]
    docs = numpy.concatenate([docs[cluster[docs] >= 0], new])
    keys = numpy.sort(cluster[docs] * len(cluster) + docs, kind="stable")
    return keys % len(cluster)


def _stories(story, info):
    """The earlier stories, over the article pks now: a new pk is its own story, and
    one with no live article a story no pk has (never a copy of the story it was in)."""
    size = len(info.outlet_by_article)
    stories = numpy.arange(size, dtype=story.dtype)
    common = min(size, len(story))
    stories[:common] = story[:common]
    gone = numpy.flatnonzero(info.outlet_by_article < 0)
    stories[gone] = -1 - gone
    return stories
