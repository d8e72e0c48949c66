"""A Whoosh segment writer for rebuilds: the very segment SegmentWriter writes, with less
Python per posting.

Profile of a 20,000-paragraph rebuild in one process (cProfile, 22,024 documents, 1.88
million postings, 71 s): building the documents (database, analysis, signatures) took 9 s;
Whoosh's writer the other 61. Per posting it paid
- a Token object through the analyzer chain and a defaultdict per field (fields.index,
  formats.word_values: 13 s), although our text fields arrive pre-analyzed (analysis.py);
- the pool's size estimate and type checks (writing.PostingPool.add: 6 s);
- at the commit, a read of the document's field length back from the segment's length
  column on disk (whoosh3.W3PerDocReader.doc_field_length: 10 s).
This writer produces the same postings, weights, values and lengths (tests/
test_index_rebuild.py compares every one with SegmentWriter's) without that work: the
terms of a pre-analyzed or keyword value are counted in one pass, postings go straight
into the pool's list, and the commit reads lengths from a dict kept while adding.

Only what the schema uses (schema.py) takes the short path: a Positions field given a
pre-analyzed value, a Frequency field with Whoosh's space-separated keyword tokenizer.
Everything else goes through the field's own index(); `_boost` keywords, term vectors and
separate spelling fields are not supported (the constructor refuses such a schema).
"""
import re

from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from ..engine.analysis import PRE_ANALYZED

# Whoosh's SpaceSeparatedTokenizer pattern, so keyword values split exactly as it splits.
KEYWORDS = re.compile(r"[^ \t\r\n]+")
# PostingPool.add's size estimate of one posting, less its term and value bytes.
POSTING_OVERHEAD = 48 + 21 + 26 + 18 + 16 + 21


class BulkWriter(SegmentWriter):
    """SegmentWriter for documents built by documents.py; see the module docstring."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"BulkWriter cannot write field {name!r} (vector or spelling)")
        self._postings_of = {name: _postings_function(field) for name, field in self.schema.items()}
        self._lengths = FieldLengths()

    def add_document(self, **fields):
        """SegmentWriter.add_document for our documents (no `_boost` keywords)."""
        self._check_state()
        names = sorted(fields)
        self._check_fields(self.schema, names)
        perdoc, docnum = self.perdocwriter, self.docnum
        perdoc.start_doc(docnum)
        size = 0
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = self.schema[name]
            length = 0
            if field.indexed:
                length, added = self._add_postings(name, field, value, docnum)
                size += added
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1
        self._account(size)

    def _add_postings(self, name, field, value, docnum):
        """Put the value's postings in the pool; (field length, pool bytes estimate)."""
        append = self.pool.current.append
        length = size = 0
        for tbytes, freq, weight, vbytes in self._postings_of[name](field, value):
            append((name, tbytes, docnum, weight, vbytes))
            length += freq
            size += POSTING_OVERHEAD + len(name) + 2 * len(tbytes) + len(vbytes or b"")
        if size:
            self.pool.fieldnames.add(name)
        if not field.scorable:
            return 0, size
        self._lengths.add(name, docnum, length)
        return length, size

    def _account(self, size):
        """The pool spills to a sorted run on disk past limitmb, as PostingPool.add does."""
        pool = self.pool
        pool.currentsize += size
        if pool.currentsize > pool.limit:
            pool.save()

    def _flush_segment(self):
        """SegmentWriter._flush_segment, with the field lengths from memory."""
        self.perdocwriter.close()
        self.fieldwriter.add_postings(self.schema, self._lengths, self.pool.iter_postings())
        self.fieldwriter.close()


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

    def doc_field_length(self, docnum, fieldname):
        return self._by_field.get(fieldname, {}).get(docnum, 0)


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
    return [(term.encode("utf-8"), len(found), len(found) * boost, fmt.encode(found))
            for term, found in positions.items()]


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
