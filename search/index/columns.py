"""Per-document facts held in memory, built once per index generation.

Counting facets with Whoosh's own facet classes costs about a second at 200,000
paragraphs (and month ranges over ten); reading a few columns once into plain arrays
indexed by docnum, then counting over a query's matching docnums, costs milliseconds.
The arrays live in the generation's cache (generation.py), because docnums mean
nothing in another generation. Also here: each field's length byte per document, which
BM25 needs (engine/scoring.py turns them into norms).
"""
import sys
import threading
from array import array
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

from .postings import blocks
from .schema import KIND_ARTICLE
from .signatures import MINHASHES, SIGNATURE_BYTES


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
    # language code by docnum (index into `lang_codes`, "" when not detected); the
    # languages the live documents are in (a query word is analysed for each); and the
    # article's language code by article pk (-1 for a pk with no live article)
    lang: list = field(default_factory=list)
    lang_codes: list = field(default_factory=list)
    languages: frozenset = frozenset()
    lang_by_article: numpy.ndarray = None
    # The `copies` column (signatures.py): exact fingerprint (uint64, 0: no text) and
    # MinHash rows (uint32, MINHASHES a document), for engine/copies.py
    fingerprint: numpy.ndarray = None
    minhash: numpy.ndarray = None
    # For matching over whole docsets (engine/docsets.py): the live docnums, sorted,
    # and the outlet code and yyyymmdd by docnum, as int32 arrays
    live_docs: numpy.ndarray = None
    outlet_array: numpy.ndarray = None
    published_array: numpy.ndarray = None


def build_doc_info(reader):
    """Concatenate the segments' columns (each read once per segment, see SEGMENTS)."""
    article, outlet_values, published, deleted = [], [], [], set()
    lang_values = []
    is_article, copies = bytearray(), bytearray()
    for segment, offset in reader.leaf_readers():
        if not segment.doc_count_all():     # an index with no documents yet: EmptyReader
            continue
        columns = segment_columns(segment)
        article += columns.article
        outlet_values += columns.outlet
        lang_values += columns.lang
        published += columns.published
        is_article += columns.is_article
        copies += columns.copies
        if segment.has_deletions():
            deleted.update(offset + d for d in segment._perdoc.deleted_docs())
    slugs = sorted(set(outlet_values))
    codes = {slug: code for code, slug in enumerate(slugs)}
    outlet = [codes[v] for v in outlet_values]
    live = frozenset(range(len(article))) - deleted
    info = DocInfo(article, outlet, slugs, published, is_article, live, len(article))
    info.article_array = numpy.array(article, dtype=numpy.int64)
    add_docset_columns(info)
    info.is_article_array = numpy.frombuffer(bytes(is_article), dtype=bool)
    # One entry per article, from its own document; the later (live) one wins.
    for d in sorted(d for d in live if is_article[d]):
        info.article_outlet[article[d]] = outlet[d]
        info.article_published[article[d]] = published[d]
    size = max(article, default=0) + 1       # every pk a document names
    info.outlet_by_article = _by_article(info.article_outlet, size, -1)
    info.published_by_article = _by_article(info.article_published, size, 0)
    add_languages(info, lang_values, size)
    signatures = numpy.frombuffer(bytes(copies), dtype=SIGNATURE_DTYPE)
    info.fingerprint, info.minhash = signatures["exact"], signatures["minhash"]
    return info


def add_docset_columns(info):
    info.live_docs = numpy.fromiter(sorted(info.live), dtype=numpy.int32, count=len(info.live))
    info.outlet_array = numpy.array(info.outlet, dtype=numpy.int32)
    info.published_array = numpy.array(info.published, dtype=numpy.int32)
    for column in (info.live_docs, info.outlet_array, info.published_array):
        column.flags.writeable = False      # shared by every search of the generation


SIGNATURE_DTYPE = numpy.dtype([("exact", "<u8"), ("minhash", "<u4", MINHASHES)])


def add_languages(info, lang_values, size):
    info.lang_codes = sorted(set(lang_values))
    codes = {code: n for n, code in enumerate(info.lang_codes)}
    info.lang = [codes[v] for v in lang_values]
    info.languages = frozenset(lang_values[d] for d in info.live)
    by_article = {info.article[d]: info.lang[d] for d in sorted(info.live)
                  if info.is_article[d]}
    info.lang_by_article = _by_article(by_article, size, -1)


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
    lang: list = field(default_factory=list)
    copies: bytes = b""                            # SIGNATURE_BYTES a document
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
        lang=_strings(segment, "lang"),
        copies=_signatures(segment),
    )
    with _segments_lock:
        SEGMENTS[key] = found
        while len(SEGMENTS) > SEGMENTS_KEPT:
            SEGMENTS.popitem(last=False)
    return found


def _strings(segment, name):
    """An ID column as a list of str ("" for each document of an index built before it)."""
    if name not in segment.schema or not segment.has_column(name):
        return [""] * segment.doc_count_all()
    return [v.decode("utf-8") if isinstance(v, bytes) else v
            for v in segment.column_reader(name)]


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
        for ids, _weights in blocks(matcher):
            for d in ids:
                flags[d] = 1
    return flags


def _signatures(segment):
    """The raw `copies` column, padded with zeros (Whoosh leaves trailing defaults
    unwritten; an index built before the column existed has none: no copies found)."""
    count = segment.doc_count_all()
    if "copies" not in segment.schema or not segment.has_column("copies"):
        return bytes(count * SIGNATURE_BYTES)
    column = segment.column_reader("copies", translate=False)
    found = column._dbfile.get(column._basepos, column._count * SIGNATURE_BYTES)
    return found + bytes((count - column._count) * SIGNATURE_BYTES)


def _fixed_array(column, typecode):
    """The raw values of a fixed-width column (Whoosh 2.7.4 FixedBytesColumn.Reader)."""
    values = array(typecode)
    values.frombytes(column._dbfile.get(column._basepos, column._count * column._fixedlen))
    if sys.byteorder == "little" and values.itemsize > 1:
        values.byteswap()     # Whoosh writes columns big-endian
    return values


# ---------------------------------------------------------------- field lengths

def field_lengths(reader, fieldname):
    """docnum -> the field's length as Whoosh's one-byte code (numpy uint8; 0: no field)."""
    lengths = array("B")
    for segment, _offset in reader.leaf_readers():
        if segment.doc_count_all():
            lengths += _segment_lengths(segment, fieldname)
    return numpy.frombuffer(bytes(lengths), dtype=numpy.uint8)


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
