"""Which documents have a phrase's words in order, from their positions there.

A phrase with a word that is not common is not in the `pairs` field (analysis.is_paired),
so its words' positions are checked. Whoosh's own Phrase query does that by stepping
through the words' posting lists in Python, field by field, over the whole index:
"humanitarian aid to ukraine" cost 21 ms at 50,000 paragraphs, ten times a phrase of
paired words, and it grows with the commonest word's list. Here the candidates are the
intersection of the words' posting arrays in the field (docsets.py, from lists already
read to match the words), and positions are read only for them (Searching.positions).

The test is Whoosh 2.7.4's own (query.Phrase -> SpanNear2, ordered, mindist 1), written
over (start, end) pairs instead of its Span objects, so a phrase finds exactly the
documents it found before.
"""
from bisect import bisect_right

import numpy


def phrase_docs(candidates, positions_of, words, slop):
    """The docnums of `candidates` (a docset) in which the `words` words stand in order,
    each at most `slop` positions after the span of the words before it (Whoosh's slop:
    1 means side by side). `positions_of(i, docs)` gives {docnum: positions} of word i
    in the docnums `docs`: each word's positions are read only for the documents where
    the words before it already stand in order, so a common last word ("humanitarian
    aid to ukraine") is read for few."""
    spans = {d: [(p, p) for p in found] for d, found in positions_of(0, candidates).items()}
    for i in range(1, words):
        if not spans:
            break
        following = positions_of(i, numpy.array(sorted(spans), dtype=candidates.dtype))
        joined_spans = ((d, joined(s, following[d], slop)) for d, s in spans.items())
        spans = {d: sorted(s) for d, s in joined_spans if s}
    return sorted(spans)


def joined(spans, following, slop):
    """SpanNear2Matcher._get_spans's step (ordered, mindist 1): each (start, end) span of
    the words so far joined to each position of the next word (`following`, ascending)
    that stands 1 to `slop` after its end, as the span (start, that position)."""
    found = set()
    for start, end in spans:
        first, last = bisect_right(following, end), bisect_right(following, end + slop)
        found.update((start, position) for position in following[first:last])
    return found
