"""A Whoosh segment writer for rebuilds: what SegmentWriter writes (the same postings and
statistics, read back alike), with less Python per posting.

Profile of a 20,000-paragraph rebuild in one process (cProfile, 22,024 documents, 1.88
million postings, 71 s): building the documents (database, analysis, signatures) took 9 s;
Whoosh's writer the other 61. Per posting it paid
- a Token object through the analyzer chain and a defaultdict per field (fields.index,
  formats.word_values: 13 s), although our text fields arrive pre-analyzed (analysis.py);
- the pool's size estimate and type checks (writing.PostingPool.add: 6 s), then a sort
  of all 1.88 million postings at the commit (2.1 s without the profiler);
- at the commit, a read of the document's field length back from the segment's length
  column on disk (whoosh3.W3PerDocReader.doc_field_length: 10 s).
This writer produces the same postings, weights, values, lengths and block statistics
(tests/test_index_bulk_writer.py compares every one with SegmentWriter's) without that
work: the terms of a pre-analyzed or keyword value are counted in one pass (and reused
while the next document repeats the value), postings are filed under their term in
docnum order so only the terms are sorted, the commit reads lengths from a dict, and
each term's whole list is written as Whoosh's blocks at once (posting_blocks.py) rather
than a posting at a time through Whoosh's field writer (a rebuild of the press releases:
14.4-15.7 s of CPU against 16.6-20.0 s; its profile 30 s against 42).
The postings file comes out smaller: a value repeated in a block is pickled once.
Each segment also gets its posting store (posting_store.py): its lists without positions,
which searches read instead of unpickling Whoosh's blocks.

Only what the schema uses (schema.py) takes the short path: a Positions field given a
pre-analyzed value, a Frequency field with Whoosh's space-separated keyword tokenizer.
Everything else goes through the field's own index(); `_boost` keywords, term vectors and
separate spelling fields are not supported (the constructor refuses such a schema).
"""
import re
from collections import defaultdict

from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .analyzer import PRE_ANALYZED
from .posting_blocks import PostFile, write_term
from .posting_store import StoreWriter, store_path

# Whoosh's SpaceSeparatedTokenizer pattern, so keyword values split exactly as it splits.
KEYWORDS = re.compile(r"[^ \t\r\n]+")


class BulkWriter(SegmentWriter):
    """SegmentWriter for documents built by documents.py; see the module docstring.

    It keeps every posting of its segment in memory until the commit (no spilling to
    disk at limitmb): the caller bounds the documents per writer (rebuild.DOCS_PER_WRITER).
    """

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"BulkWriter cannot write field {name!r} (vector or spelling)")
        self._postings_of = {name: _postings_function(field) for name, field in self.schema.items()}
        self._lengths = FieldLengths()
        self._last = {}     # field name -> (its last value, _postings() of it)
        # field name -> term bytes -> [(docnum, weight, value bytes)], in docnum order
        self._terms = defaultdict(lambda: defaultdict(list))
        self._store = StoreWriter(name for name, field in self.schema.items() if field.indexed)

    def add_document(self, **fields):
        """SegmentWriter.add_document for our documents (no `_boost` keywords)."""
        self._check_state()
        names = sorted(fields)
        self._check_fields(self.schema, names)
        perdoc, docnum = self.perdocwriter, self.docnum
        perdoc.start_doc(docnum)
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = self.schema[name]
            length = self._add_postings(name, field, value, docnum) if field.indexed else 0
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_postings(self, name, field, value, docnum):
        """File the value's postings under their terms; returns the field's length."""
        postings, length = self._postings(name, field, value)
        terms = self._terms[name]
        for tbytes, _, weight, vbytes in postings:
            terms[tbytes].append((docnum, weight, vbytes))
        if not field.scorable:
            return 0
        self._lengths.add(name, docnum, length)
        return length

    def _postings(self, name, field, value):
        """(postings, their frequencies' sum) of a field's value, kept for the next
        document: an article's paragraphs repeat its headline, authors, outlet, date."""
        last = self._last.get(name)
        if last is not None and last[0] == value:
            return last[1]
        postings = list(self._postings_of[name](field, value))
        found = postings, sum(p[1] for p in postings)
        self._last[name] = (value, found)
        return found

    def _flush_segment(self):
        """SegmentWriter._flush_segment: each field's terms in order, each term's whole
        list written as Whoosh's blocks at once (posting_blocks.py) and to the store."""
        self.perdocwriter.close()
        fieldwriter, store = self.fieldwriter, self._store
        postfile = PostFile(fieldwriter)
        for name in sorted(self._terms):
            terms = self._terms.pop(name)
            lengths = self._lengths.of(name)
            fieldwriter.start_field(name, self.schema[name])
            for tbytes in sorted(terms):
                docnums, weights, values = zip(*terms.pop(tbytes))
                if store.holds(name):
                    store.add(name, tbytes, docnums, weights)
                write_term(fieldwriter, postfile, tbytes, docnums, weights, values,
                           [lengths.get(d, 0) for d in docnums])
            fieldwriter.finish_field()
        fieldwriter.close()

    def _finalize_segment(self):
        """SegmentWriter._finalize_segment, then the segment's posting store beside its
        compound file (written after it: the compound file takes in every file named
        after the segment that exists when it is assembled)."""
        segment = super()._finalize_segment()
        self._store.write(store_path(self.storage.folder, segment.segment_id()))
        return segment


class FieldLengths:
    """Each document's field lengths as the segment's length column gives them back:
    rounded through Whoosh's one-byte encoding, 0 for an empty field."""

    def __init__(self):
        self._by_field = {}
        self._rounded = {}

    def add(self, name, docnum, length):
        if length:
            rounded = self._rounded.get(length)
            if rounded is None:
                rounded = self._rounded[length] = byte_to_length(length_to_byte(length))
            self._by_field.setdefault(name, {})[docnum] = rounded

    def of(self, fieldname):
        """docnum -> the field's length (absent: 0)."""
        return self._by_field.get(fieldname, {})


def _postings_function(field):
    """How a field's value becomes (term bytes, frequency, weight, value bytes) tuples."""
    if type(field.format) is Positions:
        return _positions_postings
    if type(field.format) is Frequency and field.analyzer == SpaceSeparatedTokenizer():
        return _keyword_postings
    return _field_postings


def _field_postings(field, value):
    return field.index(value)


def _positions_postings(field, value):
    """Positions.word_values over a pre-analyzed value (analysis.pre_analyzed)."""
    if not (isinstance(value, str) and value.startswith(PRE_ANALYZED)):
        return field.index(value)
    positions = {}
    for pos, term in enumerate(value[1:].split()):
        positions.setdefault(term, []).append(pos)
    fmt = field.format
    boost = fmt.field_boost
    return [(term.encode("utf-8"), len(found), len(found) * boost, _encoded(fmt, found))
            for term, found in positions.items()]


# position -> Positions.encode([position]): most terms occur once in a paragraph.
_ONE_POSITION = {}


def _encoded(fmt, positions):
    if len(positions) > 1:
        return fmt.encode(positions)
    found = _ONE_POSITION.get(positions[0])
    if found is None:
        found = _ONE_POSITION[positions[0]] = fmt.encode(positions)
    return found


def _keyword_postings(field, value):
    """Frequency.word_values over a space-separated keyword value."""
    if not isinstance(value, str):
        return field.index(value)
    counts = {}
    for term in KEYWORDS.findall(value):
        counts[term] = counts.get(term, 0) + 1
    boost = field.format.field_boost
    return [(term.encode("utf-8"), n, n * boost, pack_uint(n)) for term, n in counts.items()]


def commit_segments(writer, segments):
    """Commit `writer`, which added no documents, as a generation of the index's segments
    followed by `segments` (finished elsewhere, in order): what Whoosh's
    MultiSegmentWriter does with its subprocesses' segments."""
    writer._close_segment()
    writer._commit_toc(writer.segments + segments)
    writer._finish()
