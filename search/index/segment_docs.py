"""The documents holding a term, kept by segment across index generations.

For work over hundreds of terms at once (which articles name each person and place,
engine/entities.py): a segment's postings never change, only its deletions do, so each
segment's docnums of a term are read once (postings.segment_postings: its posting store,
or its Whoosh blocks) and kept by segment id; after an edit only the new small segment
is read, and the deletions of the generation are taken out with numpy (postings.live_parts).
Without this, each index change made the next search read every term again (about 0.6 s
at 50,000 paragraphs).
"""
import numpy

from .memo import PROCESS
from .postings import live_parts, segment_postings

# (segment id, field, term) or (segment id, fields, terms) -> local docnums, deleted ones
# too; a few MB: most names are in few articles
KEPT, KEPT_LIMIT = "documents of a term by segment", 50_000
EMPTY = numpy.zeros(0, dtype=numpy.int32)


def _segment_docs(folder, segment, fieldname, text):
    # Whoosh 2.7.4 SegmentReader's _segid: the segment's unique id
    return PROCESS.memo(KEPT, KEPT_LIMIT).get_or_make((segment._segid, fieldname, text),
                            lambda: segment_postings(folder, segment, fieldname, text)[0])


def term_docs(reader, folder, fieldname, text, deleted):
    """The live docnums (numpy int32, ascending) of documents holding the term, in the
    generation in `folder`. `deleted`: a dict kept for the generation, segment id -> its
    live mask (postings.live_mask)."""
    return _live_docs(reader, deleted,
                      lambda segment: _segment_docs(folder, segment, fieldname, text))


def all_terms_docs(reader, folder, fields, terms, deleted):
    """The live docnums of documents holding every one of `terms`, each in any of `fields`
    (a name of several words, all in one paragraph). The intersection is kept by segment
    like the terms' own docnums: after an edit only the new segment's is computed."""
    return _live_docs(reader, deleted,
                      lambda segment: _segment_all(folder, segment, fields, terms))


def _segment_all(folder, segment, fields, terms):
    return PROCESS.memo(KEPT, KEPT_LIMIT).get_or_make((segment._segid, fields, terms),
                            lambda: _with_all(folder, segment, fields, terms))


def _with_all(folder, segment, fields, terms):
    found = None
    for term in terms:
        # sorted and made distinct by hand: numpy.unique hashes, ten times slower here
        docs = numpy.sort(numpy.concatenate([_segment_docs(folder, segment, f, term)
                                             for f in fields]))
        docs = docs[numpy.r_[True, docs[1:] != docs[:-1]]] if len(docs) else docs
        found = docs if found is None else numpy.intersect1d(found, docs, assume_unique=True)
    return found


def _live_docs(reader, deleted, local_docs):
    parts = [ids for ids, _ in live_parts(reader, deleted, lambda segment: (local_docs(segment),))]
    return numpy.concatenate(parts) if parts else EMPTY
