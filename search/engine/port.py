"""What the engine asks of an index: the one port through which it reads one.

The engine is handed an object with these methods (the local index's Searching,
search/index/, implements them over a Whoosh generation) and reads the index through
nothing else: only plain types cross (numpy arrays, ints, strings, the plain
dataclasses below), never an object of the index's library.

A docnum is a document's number in the index generation the engine is handed (0 to
info.doc_count - 1): valid for that generation only, which is why whatever the engine
builds from docnums it keeps in the generation's own memos (`memo`, `once`).
"""
from typing import Callable, Hashable, Iterator, Protocol

import numpy


class TermPostings(Protocol):
    """A term's posting list in one field: docnums and the term's weight in each."""
    ids: numpy.ndarray          # docnums (int32), ascending, deleted documents left out
    weights: numpy.ndarray      # frequency x field boost in each (float32)


class Memo(Protocol):
    """A bounded cache of the generation (least recently used entries go first)."""

    def get(self, key: Hashable): ...

    def put(self, key: Hashable, value): ...

    def get_or_make(self, key: Hashable, make: Callable): ...

    def discard(self, key: Hashable) -> None: ...


class IndexPort(Protocol):
    # ---- per-document columns
    @property
    def info(self):
        """The generation's per-document columns, numpy arrays by docnum (article pk,
        outlet code, date, language, fingerprint...: search/index/columns.py DocInfo)."""

    # ---- terms and the documents that hold them
    def postings(self, field: str, text: str) -> TermPostings:
        """The term's posting list (kept by the index for the generation)."""

    def positions(self, field: str, text: str, docs: numpy.ndarray) -> dict:
        """{docnum: [positions, ascending]} of the term in the docnums `docs` that hold it."""

    def term_docs(self, field: str, text: str) -> numpy.ndarray:
        """The live docnums (int32) holding the term: for work over hundreds of terms a
        generation (people and places), kept apart from the searches' postings."""

    def all_terms_docs(self, fields: tuple, terms: tuple) -> numpy.ndarray:
        """The live docnums holding every one of `terms`, each in any of `fields`."""

    def doc_frequency(self, field: str, text: str) -> int:
        """Documents with the term, deleted ones included (cheap: no posting list read)."""

    def live_count(self, field: str, text: str) -> int:
        """Live documents with the term."""

    def has_live(self, field: str, text: str) -> bool:
        """Whether a live document has the term."""

    def has_term(self, field: str, text: str) -> bool:
        """Whether the field's lexicon holds the term (deleted documents' included)."""

    def prefix_terms(self, field: str, prefix: str) -> list:
        """The field's terms starting with `prefix`, in order ([] for a field the index
        lacks: an index built before it)."""

    def prefix_frequencies(self, field: str, prefix: str) -> Iterator[tuple]:
        """(term, doc_frequency) of the field's terms starting with `prefix`, in order,
        read lazily (a caller may stop early)."""

    def near_words(self, word: str, edits: int, limit: int) -> list:
        """[(word, edits, live documents)] of the `spell` field: at most `limit` live
        words within `edits` of `word`, nearest then commonest first."""

    # ---- field lengths, for BM25
    def field_lengths(self, field: str) -> numpy.ndarray:
        """docnum -> the field's length as a one-byte code (uint8; 0: no such field)."""

    def length_codes(self) -> list:
        """code -> the length it stands for (256 numbers), to decode field_lengths."""

    def total_length(self, field: str) -> int:
        """The summed length of the field over the generation's documents."""

    # ---- what a document stores
    def chunk_of(self, docnum: int):
        """The paragraph (chunk pk) a document indexes; None for an article's own."""

    def docnum_of_chunk(self, chunk: int):
        """The live docnum of the paragraph `chunk`, None when the index lacks it."""

    # ---- the generation's memory: what the engine keeps, it names and sizes here
    def memo(self, name: str, limit: int, size: Callable = None, carry: bool = False) -> Memo:
        """The generation's memo `name` (made on first ask, holding at most `limit`
        entries; `size(value)` in bytes counts against the process's memory budget).
        `carry`: the next generation is handed its entries (`earlier`)."""

    def once(self, name: str, make: Callable):
        """The generation's value `name`, made by make() on first ask by one thread."""

    def earlier(self, name: str):
        """(info, {key: value}) of the generation before this one, with what its `carry`
        memo `name` held; None when this process kept nothing of it."""

    def in_background(self, name: str, key: Hashable, make: Callable) -> None:
        """Have make() put in memo `name` under `key` by the process's background thread
        (once per key); the earlier generation is let go when it is done."""
