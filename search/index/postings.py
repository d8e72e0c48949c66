"""The posting lists of the terms a query uses: docnums and term weights.

A generation's list of a term is its segments' parts, each less its deleted documents
and moved to the segment's first docnum. A segment's part is read from its posting
store (posting_store.py: read into arrays, nothing decoded) when the rebuild wrote
one, else from Whoosh's blocks, decoded once and kept by segment (DECODED): a segment's
postings never change, only its deletions do, so after an edit (a drain commits a small
new segment) only that segment is read, not every list again. The whole list is kept for
the generation too (generation.py), since the same words come back in search after
search (the facet links of one query, the pages of another).

Whoosh 2.7.4 pickles each block of 128 postings with its positions, so unpickling and
inflating blocks is what decoding a list costs (linear in its length: ~250 ms for a
common word at a million paragraphs); a phrase's positions are read only for the
documents it may match (read_positions), from Whoosh's blocks.
"""
from dataclasses import dataclass

import numpy
from whoosh.matching import ListMatcher

from .memo import PROCESS
from .posting_store import PostingStore, hashed, store_path


@dataclass(frozen=True)
class Postings:
    ids: numpy.ndarray       # docnums (int32), ascending, deleted documents left out
    weights: numpy.ndarray   # the term's weight (frequency x field boost) in each (float32)


def _frozen(values):
    values.flags.writeable = False      # shared by every search of the generation
    return values


EMPTY = Postings(_frozen(numpy.zeros(0, dtype=numpy.int32)),
                 _frozen(numpy.zeros(0, dtype=numpy.float32)))

# (generation folder, segment id) -> its PostingStore, or NO_STORE. Each one holds its
# file open: 64 is several generations of segments (a million paragraphs is 17).
STORES, STORES_KEPT = "posting stores", 64
NO_STORE = object()
# (segment id, field, term) -> the part decoded from Whoosh's blocks, for segments with
# no store: those drains write (small: an edit's articles), merges of them, and whole
# indexes built before posting stores. Sized in the process's memory budget (memo.py),
# which holds a common word's whole list at a million paragraphs (2.4 MB) many times
# over; a store-less million-paragraph index then decodes again what falls out.
DECODED, DECODED_KEPT = "decoded postings", 100_000
# (generation folder, ids of its segments with a store) -> their StoredTerms. An edit's
# drain adds a segment without a store, so every generation an edit makes shares one.
STORED, STORED_KEPT = "terms of the posting stores", 2


def _part_bytes(part):
    return part[0].nbytes + part[1].nbytes


@dataclass(frozen=True)
class StoredTerms:
    """The term hashes of a generation's posting stores, all merged (2 MB at a million
    paragraphs): a term none of them holds is looked for only in the segments without
    a store. A query looks up many such terms (the commentary field, which few
    documents have; forms of its translations and spellings the archive never uses),
    and each cost a lookup in every segment: 0.1 ms a term over 23 segments, 13 ms of
    a long question's first search that was translated into 131 absent terms."""
    hashes: numpy.ndarray       # sorted, unique (posting_store.hashed)
    fields: frozenset           # the fields every store holds
    segments: frozenset         # the ids of the segments with a store

    def lacks(self, schema, fieldname, text):
        """True when no store holds the term, in a field they all hold (`schema`: the
        index's, which spells the term as bytes)."""
        if fieldname not in self.fields or fieldname not in schema:
            return False
        wanted = hashed(fieldname, schema[fieldname].to_bytes(text))[1]
        i = int(numpy.searchsorted(self.hashes, wanted))
        return i == len(self.hashes) or self.hashes[i] != wanted


NO_STORED_TERMS = StoredTerms(numpy.zeros(0, dtype=numpy.uint64), frozenset(), frozenset())


def stored_terms(reader, folder):
    """The StoredTerms of the generation in `folder` (merged once per set of stores)."""
    stores = {}
    for segment, _ in reader.leaf_readers():
        if segment.doc_count_all():         # (not an EmptyReader, which has no id)
            store = _store(folder, segment._segid)
            if store is not None:
                stores[segment._segid] = store
    if not stores:
        return NO_STORED_TERMS
    return PROCESS.memo(STORED, STORED_KEPT).get_or_make(
        (folder, tuple(sorted(stores))), lambda: StoredTerms(
            numpy.unique(numpy.concatenate([store.hashes for store in stores.values()])),
            frozenset.intersection(*(store.fields for store in stores.values())),
            frozenset(stores)))


def read_postings(reader, folder, fieldname, text, deleted, stored=NO_STORED_TERMS):
    """The term's Postings over every segment of the generation in `folder`: each
    segment's part (segment_postings), less its deleted documents, from its offset on.
    `deleted`: a dict kept for the generation, segment id -> its live mask; `stored`:
    its StoredTerms, which spare the segments whose store lacks the term."""
    skipped = stored.segments if stored.lacks(reader.schema, fieldname, text) else frozenset()
    parts = list(live_parts(reader, deleted,
                            lambda segment: segment_postings(folder, segment, fieldname, text),
                            skipped))
    if not parts:
        return EMPTY
    ids = numpy.concatenate([ids for ids, _ in parts])
    weights = numpy.concatenate([weights for _, (weights,) in parts])
    return Postings(_frozen(ids.astype(numpy.int32, copy=False)),
                    _frozen(weights.astype(numpy.float32, copy=False)))


def live_parts(reader, deleted, part_of, skipped=frozenset()):
    """(docnums, [values]) of each segment holding something, its deleted documents
    taken out and its docnums moved to the segment's offset: `part_of(segment)` gives
    (local docnums, *values aligned with them), deleted documents included. The
    segments whose ids are in `skipped` are known to hold nothing."""
    for segment, offset in reader.leaf_readers():
        # (no documents: an index with none yet, an EmptyReader)
        if not segment.doc_count_all() or segment._segid in skipped:
            continue
        ids, *values = part_of(segment)
        if not len(ids):
            continue
        if segment.has_deletions():
            live = live_mask(segment, deleted)[ids]
            ids, values = ids[live], [v[live] for v in values]
        if len(ids):
            yield (ids + offset if offset else ids), values


def live_mask(segment, deleted):
    """By the segment's docnum: not deleted in this generation (kept in `deleted`: a
    lookup per docnum costs a tenth of numpy.isin against the deleted docnums)."""
    live = deleted.get(segment._segid)     # Whoosh 2.7.4 SegmentReader: its unique id
    if live is None:
        live = numpy.ones(segment.doc_count_all(), dtype=bool)
        live[numpy.fromiter(segment._perdoc.deleted_docs(), dtype=numpy.int64)] = False
        live = deleted.setdefault(segment._segid, live)
    return live


def segment_postings(folder, segment, fieldname, text):
    """(local docnums, weights) of the term in one segment, deleted documents included:
    read from the segment's posting store when it has one (posting_store.py), else its
    Whoosh blocks decoded once and kept by segment id (DECODED), since a segment's
    postings never change: after an edit only the new small segment is read."""
    if fieldname not in segment.schema:
        return EMPTY.ids, EMPTY.weights
    store = _store(folder, segment._segid)
    tbytes = segment.schema[fieldname].to_bytes(text)
    found = store.lookup(fieldname, tbytes) if store is not None else None
    if found is not None:
        return found
    if (fieldname, tbytes) not in segment._terms:    # not kept: asking is cheap
        return EMPTY.ids, EMPTY.weights
    decoded = PROCESS.memo(DECODED, DECODED_KEPT, size=_part_bytes)
    return decoded.get_or_make((segment._segid, fieldname, text),
                               lambda: _decoded(segment, fieldname, tbytes))


def _decoded(segment, fieldname, tbytes):
    matcher = segment._terms.matcher(fieldname, tbytes, segment.schema[fieldname].format)
    ids, weights = whole_list(matcher)
    return _frozen(ids.astype(numpy.int32)), _frozen(weights)


def _store(folder, segment_id):
    """The segment's PostingStore, or None when it has none. Kept for the process (a
    segment listed by a generation never gains or loses its store: BulkWriter writes it
    before the commit that lists the segment), least recently used out."""
    stores = PROCESS.memo(STORES, STORES_KEPT)
    found = stores.get((folder, segment_id))     # not a Path: making one costs 5 µs
    if found is None:
        path = store_path(folder, segment_id)
        found = stores.put((folder, segment_id),
                           PostingStore(path) if path.exists() else NO_STORE)
    return None if found is NO_STORE else found


def whole_list(matcher):
    """(ids, weights) of one segment's posting list as numpy arrays (Whoosh 2.7.4 W3:
    each block a pickled (id deltas from 0, weights, values) tuple; weights None when
    all 1.0, one float when all equal)."""
    if isinstance(matcher, ListMatcher):
        ids = numpy.array(matcher._ids, dtype=numpy.int64)
        weights = numpy.array(matcher._weights, dtype=numpy.float32) if matcher._weights \
            else numpy.ones(len(ids), dtype=numpy.float32)
        return ids, weights
    deltas, weights, lengths = [], [], []
    while matcher.is_active():
        matcher._read_data()
        block_ids, block_weights = matcher._data[0], matcher._data[1]
        count = len(block_ids)
        deltas.append(block_ids)    # (byteids, ids kept as they are, is for term vectors)
        weights.append(_block_weights(block_weights, count))
        lengths.append(count)
        matcher._next_block()
    return _undelta(deltas, lengths), numpy.concatenate(weights)


def _block_weights(stored, count):
    if stored is None:
        return numpy.ones(count, dtype=numpy.float32)
    if isinstance(stored, float):
        return numpy.full(count, stored, dtype=numpy.float32)
    return numpy.asarray(stored, dtype=numpy.float32)


def _undelta(deltas, lengths):
    """The docnums of blocks of deltas, each block counted from 0: one running sum,
    less the sum at the end of the block before."""
    running = numpy.cumsum(numpy.concatenate([numpy.asarray(d, dtype=numpy.int64)
                                              for d in deltas]))
    ends = numpy.cumsum(lengths)
    before = numpy.concatenate(([0], running[ends[:-1] - 1]))
    return running - numpy.repeat(before, lengths)


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


def read_positions(reader, fieldname, text, docs):
    """{docnum: [positions]} of the term in the field, for those of the docnums `docs`
    (ascending, an int array) that hold it. Only the posting blocks that may hold one
    of `docs` are decoded, so a phrase's common word costs what its rare partner finds,
    not what it matches."""
    found = {}
    decode = reader.schema[fieldname].format.decoder("positions")
    for segment, offset in reader.leaf_readers():
        local = docs[(docs >= offset) & (docs < offset + segment.doc_count_all())] - offset
        if not len(local) or (fieldname, text) not in segment:
            continue
        btext = segment.schema[fieldname].to_bytes(text)
        matcher = segment._terms.matcher(fieldname, btext, segment.schema[fieldname].format)
        for d, value in values_at(matcher, local):
            found[d + offset] = decode(value)
    return found


def values_at(matcher, wanted):
    """(docnum, stored value) of the posting list for each of the docnums `wanted`
    (ascending) it holds, skipping the blocks whose last docnum is before the next one
    wanted (Whoosh 2.7.4 W3: a block's header says its last docnum)."""
    if isinstance(matcher, ListMatcher):
        yield from _values_in(numpy.array(matcher._ids, dtype=numpy.int64), matcher._values,
                              wanted)
        return
    start = 0
    while matcher.is_active() and start < len(wanted):
        if matcher._maxid >= wanted[start]:
            matcher._read_data()
            ids = _undelta([matcher._data[0]], [len(matcher._data[0])])
            stop = int(numpy.searchsorted(wanted, matcher._maxid, side="right"))
            yield from _values_in(ids, matcher._data[2], wanted[start:stop])
            start = stop
        matcher._next_block()


def _values_in(ids, values, wanted):
    at = numpy.searchsorted(ids, wanted)
    at[at == len(ids)] = 0
    for d, i in zip(wanted[ids[at] == wanted].tolist(), at[ids[at] == wanted].tolist()):
        yield d, values[i]
