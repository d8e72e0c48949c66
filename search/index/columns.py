"""Per-document facts held in memory, built once per index generation.

Counting facets with Whoosh's own facet classes costs about a second at 200,000
paragraphs (and month ranges over ten); reading a few columns once into plain arrays
indexed by docnum, then counting over a query's matching docnums, costs milliseconds.
The arrays live in the generation's cache (generation.py), because docnums mean
nothing in another generation. Also here: each field's length byte per document, which
BM25 needs (engine/scoring.py turns them into norms).
"""
import os
import sys
from array import array
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.filedb.filestore import OverlayStorage

from .memo import PROCESS
from .postings import blocks
from .schema import KIND_ARTICLE
from .signatures import MINHASHES, SIGNATURE_BYTES


@dataclass
class DocInfo:
    """Facts by docnum (index into each array), for one generation of the index.

    Numpy arrays sized by what they hold (int32 pks and dates, small codes), concatenated
    from each segment's arrays (kept by segment, see SEGMENTS): at a million paragraphs a
    new generation costs a few concatenations, not a Python loop over every document."""
    article_array: numpy.ndarray     # article pk (int32)
    outlet_array: numpy.ndarray      # outlet code (int32): index into `outlet_slugs`
    outlet_slugs: list
    published_array: numpy.ndarray   # yyyymmdd (int32), 0 when unknown
    is_article_array: numpy.ndarray  # True for an article's own document
    live_mask: numpy.ndarray         # True for the docnums not deleted
    doc_count: int
    # article pk -> outlet code / yyyymmdd / language code (-1 / 0 / -1 for a pk with no
    # live article), from the article's own document (the later live one wins)
    outlet_by_article: numpy.ndarray = None
    published_by_article: numpy.ndarray = None
    lang_by_article: numpy.ndarray = None
    # language code by docnum (index into `lang_codes`, "" when not detected), and the
    # languages the live documents are in (a query word is analysed for each)
    lang_array: numpy.ndarray = None
    lang_codes: list = field(default_factory=list)
    languages: frozenset = frozenset()
    # The `copies` column (signatures.py): exact fingerprint by docnum (uint64, 0: no
    # text), and the Signatures whose MinHash rows (uint32, MINHASHES a document)
    # engine/copies.py reads
    fingerprint: numpy.ndarray = None
    signatures: object = None
    # (segment id, first docnum, documents) of each segment: a later generation keeps a
    # segment's docnums in its own place, which is how engine/carried_copies.py follows them
    segments: tuple = ()

    @cached_property
    def live_docs(self):
        """The live docnums, ascending (int32)."""
        return _frozen(numpy.flatnonzero(self.live_mask).astype(numpy.int32))


def build_doc_info(reader):
    """Concatenate the segments' columns (each read once per segment, see SEGMENTS)."""
    parts = [(segment_columns(segment), segment, offset)
             for segment, offset in reader.leaf_readers() if segment.doc_count_all()]
    slugs = sorted({slug for columns, _, _ in parts for slug in columns.outlet_slugs})
    langs = sorted({code for columns, _, _ in parts for code in columns.lang_codes})
    live = [numpy.ones(segment.doc_count_all(), dtype=bool) for _, segment, _ in parts]
    for mask, (_, segment, _) in zip(live, parts):
        if segment.has_deletions():
            mask[list(segment._perdoc.deleted_docs())] = False
    info = DocInfo(
        article_array=_joined([c.article for c, _, _ in parts], numpy.int32),
        outlet_array=_joined([_recoded(c.outlet, c.outlet_slugs, slugs) for c, _, _ in parts],
                             numpy.int32),
        outlet_slugs=slugs,
        published_array=_joined([c.published for c, _, _ in parts], numpy.int32),
        is_article_array=_joined([c.is_article for c, _, _ in parts], bool),
        live_mask=_joined(live, bool),
        doc_count=sum(segment.doc_count_all() for _, segment, _ in parts),
        lang_array=_joined([_recoded(c.lang, c.lang_codes, langs) for c, _, _ in parts],
                           numpy.int16),
        lang_codes=langs,
    )
    add_by_article(info)
    info.languages = frozenset(langs[code] for code in numpy.unique(info.lang_array[info.live_mask]))
    info.signatures = Signatures([c.copies for c, _, _ in parts])
    info.segments = tuple((segment._segid, offset, segment.doc_count_all())
                          for _, segment, offset in parts)
    info.fingerprint = info.signatures.fingerprint
    return info


class Signatures:
    """The `copies` column of a generation, left in its segments' files (SignatureRows):
    the fingerprints (8 bytes a document) are joined into one array; the MinHash rows
    (128 bytes a document: 140 MB a worker at a million paragraphs, asked only when a
    generation's copies are found afresh) are read from the files for the documents
    asked (engine/copies.py asks one per text)."""

    def __init__(self, parts):
        self.parts = [part for part in parts if part.count]
        self.starts = numpy.cumsum([0] + [part.count for part in self.parts])
        self.fingerprint = _frozen(numpy.concatenate([p.exact for p in self.parts])
                                   if self.parts else numpy.zeros(0, dtype=numpy.uint64))

    def minhash(self, docs):
        """The MinHash rows of the docnums `docs` (any order), as one array."""
        rows = numpy.zeros((len(docs), MINHASHES), dtype=numpy.uint32)
        for here, part_rows in self.minhash_parts(docs):
            rows[here] = part_rows
        return rows

    def minhash_parts(self, docs):
        """(positions, rows) a segment at a time: the MinHash rows of docs[positions],
        for the docnums `docs` (any order) in that segment."""
        segment = numpy.searchsorted(self.starts, docs, side="right") - 1
        for n, part in enumerate(self.parts):
            here = numpy.flatnonzero(segment == n)
            if len(here):
                yield here, part.minhash(docs[here] - self.starts[n])


class SignatureRows:
    """One segment's `copies` column where it lies in the segment's file (`source`, open
    with this object: a merge that deletes the file cannot take it from a generation
    still finding its copies), or its bytes (`source`, read when the file was gone
    already). Documents past the rows Whoosh wrote (it leaves trailing defaults
    unwritten) have none: zeros."""

    def __init__(self, source, at, written, count):
        self.count, self.written, self.at = count, written, at
        self._source = source                # a file, closed with the object, or bytes
        self.exact = numpy.zeros(count, dtype=numpy.uint64)
        self.exact[:written] = self._records()["exact"]

    def minhash(self, local):
        """The MinHash rows of the segment's documents `local` (an array of docnums)."""
        rows = numpy.zeros((len(local), MINHASHES), dtype=numpy.uint32)
        written = local < self.written
        rows[written] = self._records()["minhash"][local[written]]
        return rows

    def _records(self):
        if isinstance(self._source, bytes):
            return numpy.frombuffer(self._source, dtype=SIGNATURE_DTYPE)
        size = self.written * SIGNATURE_BYTES    # 9.5 MB for a rebuild segment of 70,000
        raw = os.pread(self._source.fileno(), size, self.at)
        if len(raw) != size:
            raise EOFError(f"{self._source.name} ends before byte {self.at + size}")
        return numpy.frombuffer(raw, dtype=SIGNATURE_DTYPE)


SIGNATURE_DTYPE = numpy.dtype([("exact", "<u8"), ("minhash", "<u4", MINHASHES)])


def add_by_article(info):
    """The by-article-pk arrays, from each article's own live document (the later wins)."""
    size = int(info.article_array.max(initial=0)) + 1       # every pk a document names
    own = numpy.flatnonzero(info.live_mask & info.is_article_array)
    last = own[::-1][numpy.unique(info.article_array[own[::-1]], return_index=True)[1]]
    pks = info.article_array[last]
    for name, values, missing in (("outlet_by_article", info.outlet_array, -1),
                                  ("published_by_article", info.published_array, 0),
                                  ("lang_by_article", info.lang_array, -1)):
        by_pk = numpy.full(size, missing, dtype=numpy.int32)
        by_pk[pks] = values[last]
        setattr(info, name, _frozen(by_pk))


def _recoded(codes, own, shared):
    """A segment's codes (into its own sorted values) as codes into the shared values."""
    position = {value: n for n, value in enumerate(shared)}
    return numpy.array([position[v] for v in own], dtype=numpy.int32)[codes] if own else codes


def _joined(arrays, dtype):
    return _frozen(numpy.concatenate(arrays).astype(dtype, copy=False) if arrays
                   else numpy.zeros(0, dtype=dtype))


def _frozen(array):
    array.flags.writeable = False       # shared by every search of the generation
    return array


# ---------------------------------------------------------------- per-segment columns

@dataclass
class SegmentColumns:
    article: numpy.ndarray           # int64, by the segment's docnum
    outlet: numpy.ndarray            # codes into outlet_slugs
    outlet_slugs: list               # the segment's outlet slugs, sorted
    published: numpy.ndarray
    is_article: numpy.ndarray        # bool
    lang: numpy.ndarray = None       # codes into lang_codes
    lang_codes: list = field(default_factory=list)
    copies: object = None            # SignatureRows (or EmptySignatures)
    lengths: dict = field(default_factory=dict)    # field -> array of length bytes


# A segment's stored columns never change (only its deletions do), so they are kept by
# segment id across generations: after an edit only the new small segment is read.
SEGMENTS, SEGMENTS_KEPT = "columns by segment", 64


def segment_columns(segment):
    # Whoosh 2.7.4 SegmentReader's _segid: the segment's unique id
    return PROCESS.memo(SEGMENTS, SEGMENTS_KEPT).get_or_make(
        segment._segid, lambda: _read_columns(segment))


def _read_columns(segment):
    outlet_slugs, outlet = _coded(_strings(segment, "outlet"))
    lang_codes, lang = _coded(_strings(segment, "lang"))
    found = SegmentColumns(
        article=_numbers(segment, "article"), outlet=outlet, outlet_slugs=outlet_slugs,
        published=_numbers(segment, "published"), is_article=_article_documents(segment),
        lang=lang, lang_codes=lang_codes, copies=_signatures(segment),
    )
    return found


def _coded(values):
    """(sorted distinct values, each value's index into them as an int32 array)."""
    distinct = sorted(set(values))
    index = {value: n for n, value in enumerate(distinct)}
    return distinct, numpy.fromiter((index[v] for v in values), dtype=numpy.int32,
                                    count=len(values))


def _strings(segment, name):
    """An ID column as a list of str ("" for each document of an index built before it)."""
    if name not in segment.schema or not segment.has_column(name):
        return [""] * segment.doc_count_all()
    return [v.decode("utf-8") if isinstance(v, bytes) else v
            for v in segment.column_reader(name)]


def _numbers(segment, name):
    """A NUMERIC column as an int64 array, read as one block of bytes."""
    fieldobj = segment.schema[name]
    column = segment.column_reader(name, translate=False)
    shift = (1 << (fieldobj.bits - 1)) if fieldobj.signed else 0
    numbers = numpy.array(_fixed_array(column, fieldobj.sortable_typecode), dtype=numpy.int64)
    numbers -= shift
    missing = segment.doc_count_all() - len(numbers)
    # Whoosh leaves trailing default values unwritten
    return numpy.concatenate([numbers, numpy.full(missing, column._default - shift)]) \
        if missing > 0 else numbers


def _article_documents(segment):
    """True for each document of kind "article" (deleted ones too: deletions change)."""
    flags = numpy.zeros(segment.doc_count_all(), dtype=bool)
    fieldobj = segment.schema["kind"]
    if ("kind", KIND_ARTICLE) in segment:
        matcher = segment._terms.matcher("kind", fieldobj.to_bytes(KIND_ARTICLE), fieldobj.format)
        for ids, _weights in blocks(matcher):
            flags[list(ids)] = True
    return flags


def _signatures(segment):
    """The SignatureRows of the `copies` column: where Whoosh 2.7.4 put it in the
    segment's files (its compound file, or a file of its own); none for an index built
    before the column existed (no copies found)."""
    count = segment.doc_count_all()
    if "copies" not in segment.schema or not segment.has_column("copies"):
        return EmptySignatures(count)
    column = segment.column_reader("copies", translate=False)
    name = segment._segment.make_filename(".copies.col")
    storage = segment._storage
    if isinstance(storage, OverlayStorage):       # a compound segment: a range of its file
        offset = storage.a.range(name)[0]
        path = Path(storage.b.folder) / segment._segment.make_filename(".seg")
    else:
        offset, path = 0, Path(storage.folder) / name
    try:
        source = open(path, "rb", buffering=0)
    except FileNotFoundError:
        # merged away since this process opened the segment (Whoosh reads it through the
        # file it holds open): the rows are read from there now, and kept
        source = column._dbfile.get(column._basepos, column._count * SIGNATURE_BYTES)
    return SignatureRows(source, offset + column._basepos, column._count, count)


class EmptySignatures:
    """The signatures of a segment without the column: every document has none."""

    def __init__(self, count):
        self.count, self.exact = count, numpy.zeros(count, dtype=numpy.uint64)

    def minhash(self, local):
        return numpy.zeros((len(local), MINHASHES), dtype=numpy.uint32)


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
