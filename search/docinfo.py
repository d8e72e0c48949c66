"""Per-document facts held in memory, built once per index generation.

Counting facets with Whoosh's own facet classes costs about a second at 200,000
paragraphs (and month ranges over ten); reading a few columns once into plain arrays
indexed by docnum, then counting over a query's matching docnums, costs milliseconds.
The arrays live in the searcher's per-generation cache (search/searcher.py), because
docnums mean nothing in another generation.

Also here: the posting lists of the terms a query uses (docnums and term weights),
read in whole blocks and kept for the generation in a small LRU, since the same words
come back in search after search (the facet links of one query, the pages of another).
"""
import sys
import threading
from array import array
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.matching import ListMatcher
from whoosh.util.numeric import byte_to_length

from .schema import KIND_ARTICLE

# How many term posting lists a generation keeps (each at most a few hundred KB).
POSTINGS_KEPT = 256
# BM25 parameters: B as Whoosh's default; K1 2.0 rather than 1.2, since a word repeated
# in a paragraph is evidence of its subject (Cranfield nDCG@10 +0.003, search/scoring.py).
K1 = 2.0
B = 0.75


@dataclass
class DocInfo:
    """Facts by docnum (index into each list), for one generation of the index."""
    article: list            # article pk
    outlet: list             # outlet code: index into `outlet_slugs`
    outlet_slugs: list
    published: list          # yyyymmdd, 0 when unknown
    is_article: bytearray    # 1 for an article's own document, 0 for a paragraph
    live: frozenset          # docnums not deleted
    doc_count: int
    # article pk -> (outlet code, yyyymmdd); filled from the same columns
    article_outlet: dict = field(default_factory=dict)
    article_published: dict = field(default_factory=dict)
    # The same columns as numpy arrays, for work over many docnums at once (grouping)
    article_array: numpy.ndarray = None
    is_article_array: numpy.ndarray = None
    # article pk -> outlet code / yyyymmdd (-1 / 0 for a pk with no live article)
    outlet_by_article: numpy.ndarray = None
    published_by_article: numpy.ndarray = None


def doc_info(searching):
    """The generation's DocInfo, built on first use."""
    info = searching.cache.get("docinfo")
    if info is None:
        info = searching.cache.setdefault("docinfo", build_doc_info(searching.searcher.reader()))
    return info


def build_doc_info(reader):
    """Concatenate the segments' columns (each read once per segment, see SEGMENTS)."""
    article, outlet_values, published, deleted = [], [], [], set()
    is_article = bytearray()
    for segment, offset in reader.leaf_readers():
        columns = segment_columns(segment)
        article += columns.article
        outlet_values += columns.outlet
        published += columns.published
        is_article += columns.is_article
        if segment.has_deletions():
            deleted.update(offset + d for d in segment._perdoc.deleted_docs())
    slugs = sorted(set(outlet_values))
    codes = {slug: code for code, slug in enumerate(slugs)}
    outlet = [codes[v] for v in outlet_values]
    live = frozenset(range(len(article))) - deleted
    info = DocInfo(article, outlet, slugs, published, is_article, live, len(article))
    info.article_array = numpy.array(article, dtype=numpy.int64)
    info.is_article_array = numpy.frombuffer(bytes(is_article), dtype=bool)
    # One entry per article, from its own document; the later (live) one wins.
    for d in sorted(d for d in live if is_article[d]):
        info.article_outlet[article[d]] = outlet[d]
        info.article_published[article[d]] = published[d]
    size = max(article, default=0) + 1       # every pk a document names
    info.outlet_by_article = _by_article(info.article_outlet, size, -1)
    info.published_by_article = _by_article(info.article_published, size, 0)
    return info


def _by_article(values, size, missing):
    """A dict keyed by article pk as an array indexed by pk (pks are dense enough)."""
    by_pk = numpy.full(size, missing, dtype=numpy.int64)
    by_pk[numpy.fromiter(values, dtype=numpy.int64, count=len(values))] = \
        numpy.fromiter(values.values(), dtype=numpy.int64, count=len(values))
    return by_pk


# ---------------------------------------------------------------- per-segment columns

@dataclass
class SegmentColumns:
    article: list
    outlet: list
    published: list
    is_article: bytearray
    lengths: dict = field(default_factory=dict)    # field -> array of length bytes


# A segment's stored columns never change (only its deletions do), so they are kept by
# segment id across generations: after an edit only the new small segment is read.
SEGMENTS = OrderedDict()
SEGMENTS_KEPT = 64
_segments_lock = threading.Lock()


def segment_columns(segment):
    key = segment._segid     # Whoosh 2.7.4 SegmentReader: the segment's unique id
    with _segments_lock:
        found = SEGMENTS.get(key)
        if found is not None:
            SEGMENTS.move_to_end(key)
            return found
    found = SegmentColumns(
        article=_numbers(segment, "article"),
        outlet=[v.decode("utf-8") if isinstance(v, bytes) else v
                for v in segment.column_reader("outlet")],
        published=_numbers(segment, "published"),
        is_article=_article_documents(segment),
    )
    with _segments_lock:
        SEGMENTS[key] = found
        while len(SEGMENTS) > SEGMENTS_KEPT:
            SEGMENTS.popitem(last=False)
    return found


def _numbers(segment, name):
    """A NUMERIC column as a list of ints, read as one block of bytes."""
    fieldobj = segment.schema[name]
    column = segment.column_reader(name, translate=False)
    values = _fixed_array(column, fieldobj.sortable_typecode)
    shift = (1 << (fieldobj.bits - 1)) if fieldobj.signed else 0
    count = segment.doc_count_all()
    numbers = [v - shift for v in values]
    if len(numbers) < count:    # Whoosh leaves trailing default values unwritten
        numbers += [column._default - shift] * (count - len(numbers))
    return numbers


def _article_documents(segment):
    """1 for each document of kind "article" (deleted ones too: deletions change)."""
    flags = bytearray(segment.doc_count_all())
    fieldobj = segment.schema["kind"]
    if ("kind", KIND_ARTICLE) in segment:
        matcher = segment._terms.matcher("kind", fieldobj.to_bytes(KIND_ARTICLE), fieldobj.format)
        for ids, _weights in _blocks(matcher):
            for d in ids:
                flags[d] = 1
    return flags


def _fixed_array(column, typecode):
    """The raw values of a fixed-width column (Whoosh 2.7.4 FixedBytesColumn.Reader)."""
    values = array(typecode)
    values.frombytes(column._dbfile.get(column._basepos, column._count * column._fixedlen))
    if sys.byteorder == "little" and values.itemsize > 1:
        values.byteswap()     # Whoosh writes columns big-endian
    return values


# ---------------------------------------------------------------- lengths, for BM25

@dataclass(frozen=True)
class FieldNorms:
    lengths: numpy.ndarray   # docnum -> the field's length, as Whoosh's one-byte code
    table: numpy.ndarray     # length code -> K1 * (1 - B + B * length / average length)
    having: int              # documents that have the field


def length_norms(searching, fieldname):
    """The field's FieldNorms for BM25, built once per generation."""
    key = ("norms", fieldname)
    norms = searching.cache.get(key)
    if norms is None:
        norms = searching.cache.setdefault(key, _build_norms(searching.searcher, fieldname))
    return norms


def _build_norms(searcher, fieldname):
    lengths = array("B")
    for segment, _offset in searcher.reader().leaf_readers():
        lengths += _segment_lengths(segment, fieldname)
    lengths = numpy.frombuffer(bytes(lengths), dtype=numpy.uint8)
    # As Lucene does: the average over the documents that have the field at all. An
    # article's own document has no text and most paragraphs no commentary; counting
    # them would make every real paragraph look long.
    having = max(int(numpy.count_nonzero(lengths)), 1)
    average = searcher.field_length(fieldname) / having or 1.0
    # Whoosh stores each length as one byte; precompute the norm of each byte value.
    table = numpy.array([K1 * ((1 - B) + B * byte_to_length(b) / average) for b in range(256)])
    return FieldNorms(lengths, table, having)


def _segment_lengths(segment, fieldname):
    columns = segment_columns(segment)
    found = columns.lengths.get(fieldname)
    if found is None:
        count = segment.doc_count_all()
        # Whoosh 2.7.4 internals (pinned): the per-segment lengths column, one byte a doc.
        column = segment._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        found = _fixed_array(column, "B") if column is not None else array("B")
        found += array("B", bytes(count - len(found)))
        columns.lengths[fieldname] = found
    return found


# ---------------------------------------------------------------- posting lists

@dataclass(frozen=True)
class Postings:
    ids: array               # docnums, ascending, deleted documents left out
    weights: array           # the term's weight (frequency x field boost) in each


EMPTY = Postings(array("i"), array("f"))


def postings(searching, fieldname, text):
    """The term's posting list for this generation (cached, least recently used out)."""
    kept = searching.cache.get("postings")
    if kept is None:
        kept = searching.cache.setdefault("postings", OrderedDict())
    key = (fieldname, text)
    found = lru_get(kept, key)
    if found is None:
        found = _read_postings(searching.searcher.reader(), fieldname, text)
        lru_put(kept, key, found, POSTINGS_KEPT)
    return found


_lru_lock = threading.Lock()


def lru_get(kept, key):
    """From an OrderedDict kept least-recently-used first (threads may share it)."""
    with _lru_lock:
        found = kept.get(key)
        if found is not None:
            kept.move_to_end(key)
        return found


def lru_put(kept, key, value, limit):
    with _lru_lock:
        kept[key] = value
        while len(kept) > limit:
            kept.popitem(last=False)


def _read_postings(reader, fieldname, text):
    ids, weights = array("i"), array("f")
    for segment, offset in reader.leaf_readers():
        if (fieldname, text) not in segment:
            continue
        btext = segment.schema[fieldname].to_bytes(text)
        matcher = segment._terms.matcher(fieldname, btext, segment.schema[fieldname].format)
        deleted = frozenset(segment._perdoc.deleted_docs()) if segment.has_deletions() else ()
        for block_ids, block_weights in _blocks(matcher):
            if deleted:
                pairs = [(d, w) for d, w in zip(block_ids, block_weights) if d not in deleted]
                block_ids, block_weights = [d for d, _ in pairs], [w for _, w in pairs]
            ids.extend(block_ids if not offset else [d + offset for d in block_ids])
            weights.extend(block_weights)
    return Postings(ids, weights) if ids else EMPTY


def _blocks(matcher):
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
