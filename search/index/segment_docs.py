"""The documents holding a term, kept by segment across index generations.

For work over hundreds of terms at once (which articles name each person and place,
engine/entities.py): a segment's postings never change, only its deletions do, so each
segment's docnums of a term are read once (in whole blocks, as postings.py reads them)
and kept by segment id; after an edit only the new small segment is read, and the
deletions of the generation are taken out with numpy. Without this, each index change
made the next search read every term again (about 0.6 s at 50,000 paragraphs).
"""
import threading
from array import array
from collections import OrderedDict

import numpy

from .postings import blocks

KEPT = OrderedDict()        # (segment id, field, term) -> local docnums, deleted ones too
KEPT_LIMIT = 50_000         # a few MB: most names are in few articles
_lock = threading.Lock()
EMPTY = numpy.zeros(0, dtype=numpy.int32)


def _kept(key, make):
    """KEPT[key], or make() kept (least recently used out)."""
    with _lock:
        found = KEPT.get(key)
        if found is not None:
            KEPT.move_to_end(key)
            return found
    found = make()
    with _lock:
        KEPT[key] = found
        while len(KEPT) > KEPT_LIMIT:
            KEPT.popitem(last=False)
    return found


def _segment_docs(segment, fieldname, text):
    # Whoosh 2.7.4 SegmentReader's _segid: the segment's unique id
    return _kept((segment._segid, fieldname, text), lambda: _read_docs(segment, fieldname, text))


def _read_docs(segment, fieldname, text):
    ids = array("i")
    if (fieldname, text) in segment:
        fieldobj = segment.schema[fieldname]
        matcher = segment._terms.matcher(fieldname, fieldobj.to_bytes(text), fieldobj.format)
        for block_ids, _weights in blocks(matcher):
            ids.extend(block_ids)
    return numpy.array(ids, dtype=numpy.int32) if ids else EMPTY


def term_docs(reader, fieldname, text, deleted):
    """The live docnums (numpy int32, ascending) of documents holding the term.
    `deleted`: a dict kept for the generation, segment id -> its live mask."""
    return _live_docs(reader, deleted, lambda segment: _segment_docs(segment, fieldname, text))


def all_terms_docs(reader, fields, terms, deleted):
    """The live docnums of documents holding every one of `terms`, each in any of `fields`
    (a name of several words, all in one paragraph). The intersection is kept by segment
    like the terms' own docnums: after an edit only the new segment's is computed."""
    return _live_docs(reader, deleted, lambda segment: _segment_all(segment, fields, terms))


def _segment_all(segment, fields, terms):
    return _kept((segment._segid, fields, terms), lambda: _with_all(segment, fields, terms))


def _with_all(segment, fields, terms):
    found = None
    for term in terms:
        # sorted and made distinct by hand: numpy.unique hashes, ten times slower here
        docs = numpy.sort(numpy.concatenate([_segment_docs(segment, f, term) for f in fields]))
        docs = docs[numpy.r_[True, docs[1:] != docs[:-1]]] if len(docs) else docs
        found = docs if found is None else numpy.intersect1d(found, docs, assume_unique=True)
    return found


def _live_docs(reader, deleted, local_docs):
    parts = []
    for segment, offset in reader.leaf_readers():
        if not segment.doc_count_all():     # an index with no documents yet: EmptyReader
            continue
        local = local_docs(segment)
        if not len(local):
            continue
        if segment.has_deletions():
            local = local[_live_mask(segment, deleted)[local]]
        parts.append(local + offset if offset else local)
    return numpy.concatenate(parts) if parts else EMPTY


def _live_mask(segment, deleted):
    """By the segment's docnum: not deleted in this generation (kept in `deleted`: a
    lookup per docnum costs a tenth of numpy.isin against the deleted docnums)."""
    live = deleted.get(segment._segid)
    if live is None:
        live = numpy.ones(segment.doc_count_all(), dtype=bool)
        live[numpy.fromiter(segment._perdoc.deleted_docs(), dtype=numpy.int64)] = False
        live = deleted.setdefault(segment._segid, live)
    return live
