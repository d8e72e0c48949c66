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
while the next document repeats the value), the commit reads lengths from memory, and
each term's whole list is written as Whoosh's blocks at once (posting_blocks.py) rather
than a posting at a time through Whoosh's field writer (a rebuild of the press releases:
14.4-15.7 s of CPU against 16.6-20.0 s; its profile 30 s against 42).
Each document's postings are kept as it gave them (Postings: three lists) and put in
term order at the commit with numpy, a field at a time (FieldPostings): filing each
posting under its term as it came (a tuple appended to the term's list) and taking the
tuples apart again at the commit cost 4.6 s of a 21 s rebuild of 30,000 paragraphs,
3 to 4 µs a posting, in Python and in cache misses over tuples strewn across memory.
The postings file comes out smaller: a value repeated in a block is pickled once.
Each segment also gets its posting store (posting_store.py): its lists without positions,
which searches read instead of unpickling Whoosh's blocks.

Only what the schema uses (schema.py) takes the short path: a Positions field given a
pre-analyzed value, a Frequency field with Whoosh's space-separated keyword tokenizer.
Everything else goes through the field's own index(); `_boost` keywords, term vectors and
separate spelling fields are not supported (the constructor refuses such a schema).
"""
import re
from collections import Counter
from itertools import chain

import numpy

from whoosh.analysis import IDTokenizer, SpaceSeparatedTokenizer
from whoosh.fields import ID, NUMERIC
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .analyzer import PRE_ANALYZED
from .posting_blocks import TermWriter, write_term
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
        # field name -> ([docnum], [its Postings]) of the documents with terms in it
        self._postings_by_field = {}
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
        """Keep the value's postings for the commit; returns the field's length."""
        postings = self._postings(name, field, value)
        # every field given a value is started at the commit, terms or not, so fields
        # keep the numbers this writer gave them in the term index before
        docnums, lists = self._postings_by_field.setdefault(name, ([], []))
        if postings.terms:
            docnums.append(docnum)
            lists.append(postings)
        if not field.scorable:
            return 0
        self._lengths.add(name, docnum, postings.length)
        return postings.length

    def _postings(self, name, field, value):
        """The Postings of a field's value, kept for the next document: an article's
        paragraphs repeat its headline, authors, outlet, date."""
        last = self._last.get(name)
        if last is not None and last[0] == value:
            return last[1]
        found = self._postings_of[name](field, value)
        self._last[name] = (value, found)
        return found

    def _flush_segment(self):
        """SegmentWriter._flush_segment: each field's terms in order, each term's whole
        list written as Whoosh's blocks at once (posting_blocks.py) and to the store."""
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        terms = TermWriter(fieldwriter)
        for name in sorted(self._postings_by_field):
            found = FieldPostings(*self._postings_by_field.pop(name),
                                  self._lengths.array(name, self.docnum))
            if self._store.holds(name):
                self._store.add(name, found.terms, found.starts, found.docnums, found.weights)
            fieldwriter.start_field(name, self.schema[name])
            for term in found.each_term():
                write_term(terms, *term)
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

    def array(self, fieldname, documents):
        """The field's length of each of the first `documents` docnums (absent: 0)."""
        lengths = numpy.zeros(documents, dtype=numpy.int64)
        found = self._by_field.get(fieldname, {})
        lengths[list(found)] = list(found.values())
        return lengths


class Postings:
    """One field value's postings, term by term: what Whoosh's Format.word_values gives
    as (term bytes, frequency, weight, value bytes) tuples, as three lists, and the
    frequencies' sum (the field's length)."""

    __slots__ = ("terms", "weights", "values", "length")

    def __init__(self, terms, weights, values, length):
        self.terms, self.weights, self.values, self.length = terms, weights, values, length

    @classmethod
    def of(cls, word_values):
        word_values = list(word_values)
        terms, frequencies, weights, values = zip(*word_values) if word_values else ((),) * 4
        return cls(list(terms), list(weights), list(values), sum(frequencies))


class FieldPostings:
    """A field's postings in term order, each term's in docnum order, as write_term
    takes them: built from each document's Postings (documents in docnum order), with
    the field's lengths by docnum."""

    def __init__(self, docnums, lists, lengths):
        counts = numpy.fromiter(map(len, (p.terms for p in lists)), numpy.int64, len(lists))
        terms = list(chain.from_iterable(p.terms for p in lists))
        self.terms = sorted(set(terms))
        rank = dict(zip(self.terms, range(len(self.terms))))
        ranks = numpy.fromiter(map(rank.__getitem__, terms), numpy.int64, len(terms))
        order = numpy.argsort(ranks, kind="stable")      # stable: docnums stay ascending
        self.starts = numpy.searchsorted(ranks[order], numpy.arange(len(self.terms) + 1))
        self.docnums = numpy.repeat(numpy.array(docnums, dtype=numpy.int64), counts)[order]
        self.weights = numpy.fromiter(chain.from_iterable(p.weights for p in lists),
                                      numpy.float64, len(terms))[order]
        values = numpy.empty(len(terms), dtype=object)
        values[:] = list(chain.from_iterable(p.values for p in lists))
        self._values = values[order].tolist()
        self._lengths = lengths[self.docnums]

    def each_term(self):
        """(term bytes, docnums, weights, value bytes, field lengths) of each term, in
        order; Python lists, which Whoosh's pickled blocks are made of."""
        docnums, weights = self.docnums.tolist(), self.weights.tolist()
        lengths, values, starts = self._lengths.tolist(), self._values, self.starts.tolist()
        for n, term in enumerate(self.terms):
            at, end = starts[n], starts[n + 1]
            yield (term, docnums[at:end], weights[at:end], values[at:end], lengths[at:end])


def _postings_function(field):
    """How a field's value becomes its Postings (for one writer: a numeric field's are
    kept by value while it writes its segment)."""
    if isinstance(field, NUMERIC):
        return _kept_by_value(_field_postings)
    if type(field.format) is Positions:
        return _positions_postings
    if type(field.format) is Frequency and field.analyzer == SpaceSeparatedTokenizer():
        return _keyword_postings
    if type(field) is ID and field.analyzer == IDTokenizer():     # not lowercased
        return _id_postings
    return _field_postings


def _kept_by_value(postings_of):
    """`postings_of`, each value's Postings made once: a paragraph's position repeats
    across articles, and Whoosh's NUMERIC.index cost 18 us a value (5.7% of a rebuild)."""
    known = {}

    def postings(field, value):
        found = known.get(value)
        if found is None:
            found = known[value] = postings_of(field, value)
        return found
    return postings


def _field_postings(field, value):
    return Postings.of(field.index(value))


def _id_postings(field, value):
    """Existence.word_values over an ID field's value (the whole value one term): the
    `id` field's value differs in every document, and Whoosh's analyzer, Token and
    generators cost it 15 us a document."""
    if not isinstance(value, str):
        return _field_postings(field, value)
    return Postings([value.encode("utf-8")], [field.format.field_boost], [b""], 1)


def _positions_postings(field, value):
    """Positions.word_values over a pre-analyzed value (analysis.pre_analyzed)."""
    if not (isinstance(value, str) and value.startswith(PRE_ANALYZED)):
        return _field_postings(field, value)
    positions = {}
    words = value[1:].split()
    for pos, term in enumerate(words):
        positions.setdefault(term, []).append(pos)
    fmt = field.format
    boost = fmt.field_boost
    return Postings([term.encode("utf-8") for term in positions],
                    [len(found) * boost for found in positions.values()],
                    [_encoded(fmt, found) for found in positions.values()], len(words))


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
        return _field_postings(field, value)
    keywords = KEYWORDS.findall(value)
    boost = field.format.field_boost
    if len(set(keywords)) == len(keywords):     # each once: `spell` always, `pairs` mostly
        return Postings([term.encode("utf-8") for term in keywords], [1 * boost] * len(keywords),
                        [_ONCE] * len(keywords), len(keywords))
    counts = Counter(keywords)
    return Postings([term.encode("utf-8") for term in counts],
                    [n * boost for n in counts.values()],
                    [pack_uint(n) for n in counts.values()], len(keywords))


_ONCE = pack_uint(1)


def commit_segments(writer, segments):
    """Commit `writer`, which added no documents, as a generation of the index's segments
    followed by `segments` (finished elsewhere, in order): what Whoosh's
    MultiSegmentWriter does with its subprocesses' segments."""
    writer._close_segment()
    writer._commit_toc(writer.segments + segments)
    writer._finish()
