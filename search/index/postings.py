"""The posting lists of the terms a query uses: docnums and term weights.

Read in whole blocks, without decoding positions, and kept for the generation
(generation.py), since the same words come back in search after search (the facet
links of one query, the pages of another).
"""
from array import array
from dataclasses import dataclass

from whoosh.matching import ListMatcher


@dataclass(frozen=True)
class Postings:
    ids: array               # docnums, ascending, deleted documents left out
    weights: array           # the term's weight (frequency x field boost) in each


EMPTY = Postings(array("i"), array("f"))


def read_postings(reader, fieldname, text):
    ids, weights = array("i"), array("f")
    for segment, offset in reader.leaf_readers():
        if (fieldname, text) not in segment:
            continue
        btext = segment.schema[fieldname].to_bytes(text)
        matcher = segment._terms.matcher(fieldname, btext, segment.schema[fieldname].format)
        deleted = frozenset(segment._perdoc.deleted_docs()) if segment.has_deletions() else ()
        for block_ids, block_weights in blocks(matcher):
            if deleted:
                pairs = [(d, w) for d, w in zip(block_ids, block_weights) if d not in deleted]
                block_ids, block_weights = [d for d, _ in pairs], [w for _, w in pairs]
            ids.extend(block_ids if not offset else [d + offset for d in block_ids])
            weights.extend(block_weights)
    return Postings(ids, weights) if ids else EMPTY


def blocks(matcher):
    """(ids, weights) a block at a time, without decoding positions (Whoosh 2.7.4 W3)."""
    if isinstance(matcher, ListMatcher):
        yield matcher._ids, [matcher._weights[i] if matcher._weights else 1.0
                             for i in range(len(matcher._ids))]
        return
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield matcher._ids, matcher._weights
        matcher._next_block()
