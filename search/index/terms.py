"""A field's terms by prefix, for the engine's prefix* words and its look across scripts.

The `scripts` field of an archive of little Cyrillic text has a few hundred terms in all:
the generation keeps them in memory (few_terms), and a Latin word's keys are looked up
there instead of walking every segment's term index (two prefix walks over 17 segments
were 1.3 ms of every one-word search at a million paragraphs, 37 terms in all). Past
FEW_TERMS the reader is asked, as before; finding out costs at most about 2 ms a
generation.
"""
from bisect import bisect_left
from dataclasses import dataclass
from itertools import islice

FEW_TERMS = 2000


@dataclass(frozen=True)
class KeptTerms:
    terms: tuple | None     # the generation's terms of a field, sorted; None: too many


def few_terms(reader, fieldname):
    """KeptTerms of the field: each segment's lexicon read apart (merging the segments'
    lexicons in Whoosh's MultiReader costs 50 times as much a term), until more than
    FEW_TERMS."""
    found = set()
    for segment, _offset in reader.leaf_readers():
        found.update(islice(segment.lexicon(fieldname), FEW_TERMS + 1))
        if len(found) > FEW_TERMS:
            return KeptTerms(None)
    return KeptTerms(tuple(sorted(text(t) for t in found)))


def prefixed(reader, kept, fieldname, prefix):
    """The field's terms starting with `prefix`, in order (as reader.iter_prefix), from
    `kept` (KeptTerms) when the field has few."""
    if kept.terms is None:
        return [text(t) for t, _ in reader.iter_prefix(fieldname, prefix)]
    terms = kept.terms
    start = end = bisect_left(terms, prefix)
    while end < len(terms) and terms[end].startswith(prefix):
        end += 1
    return list(terms[start:end])


def prefix_frequencies(reader, fieldname, prefix):
    """(term, document frequency) of the field's terms starting with `prefix`, lazily."""
    if fieldname not in reader.schema:
        return
    for term, info in reader.iter_prefix(fieldname, prefix):
        yield text(term), info.doc_frequency()


def text(term):
    return term.decode("utf-8") if isinstance(term, bytes) else term
