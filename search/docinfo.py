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
from array import array
from collections import OrderedDict
from dataclasses import dataclass, field

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.matching import ListMatcher
from whoosh.util.numeric import byte_to_length

# How many term posting lists a generation keeps (each at most a few hundred KB).
POSTINGS_KEPT = 256
# BM25 parameters, as Whoosh's BM25F defaults.
K1 = 1.2
B = 0.75


@dataclass
class DocInfo:
    """Facts by docnum (index into each list), for one generation of the index."""
    article: list            # article pk
    outlet: list             # outlet code: index into `outlet_slugs`
    outlet_slugs: list
    published: list          # yyyymmdd, 0 when unknown
    position: list           # paragraph position; -1 for an article's own document
    live: frozenset          # docnums not deleted
    doc_count: int
    # article pk -> (outlet code, yyyymmdd); filled from the same columns
    article_outlet: dict = field(default_factory=dict)
    article_published: dict = field(default_factory=dict)


def doc_info(searching):
    """The generation's DocInfo, built on first use."""
    info = searching.cache.get("docinfo")
    if info is None:
        info = searching.cache.setdefault("docinfo", build_doc_info(searching.searcher.reader()))
    return info


def build_doc_info(reader):
    article = _column(reader, "article")
    outlet_values = _column(reader, "outlet")
    published = _column(reader, "published")
    position = _column(reader, "position")
    slugs, codes, outlet = [], {}, []
    for value in outlet_values:
        code = codes.get(value)
        if code is None:
            code = codes[value] = len(slugs)
            slugs.append(value)
        outlet.append(code)
    live = frozenset(reader.all_doc_ids())
    info = DocInfo(article, outlet, slugs, published, position, live, reader.doc_count_all())
    for d in live:
        info.article_outlet[article[d]] = outlet[d]
        info.article_published[article[d]] = published[d]
    return info


def _column(reader, name):
    values = []
    for segment, _offset in reader.leaf_readers():
        column = segment.column_reader(name)
        values.extend(column.load() if hasattr(column, "load") else column)
    return [v.decode("utf-8") if isinstance(v, bytes) else v for v in values]


# ---------------------------------------------------------------- lengths, for BM25

def length_norms(searching, fieldname):
    """docnum -> K1 * (1 - B + B * length / average length): the BM25 length part."""
    key = ("norms", fieldname)
    norms = searching.cache.get(key)
    if norms is None:
        norms = searching.cache.setdefault(key, _build_norms(searching.searcher, fieldname))
    return norms


def _build_norms(searcher, fieldname):
    reader = searcher.reader()
    average = searcher.avg_field_length(fieldname) or 1.0
    # Whoosh stores each length as one byte; precompute the norm of each byte value.
    table = [K1 * ((1 - B) + B * byte_to_length(b) / average) for b in range(256)]
    norms = []
    for segment, _offset in reader.leaf_readers():
        # Whoosh 2.7.4 internals (pinned): the per-segment lengths column.
        lengths = segment._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        count = segment.doc_count_all()
        if lengths is None:
            norms.extend([table[0]] * count)
        else:
            norms.extend(table[b] for b in (lengths[i] for i in range(count)))
    return norms


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
    found = kept.get(key)
    if found is not None:
        kept.move_to_end(key)
        return found
    found = _read_postings(searching.searcher.reader(), fieldname, text)
    kept[key] = found
    if len(kept) > POSTINGS_KEPT:
        kept.popitem(last=False)
    return found


def _read_postings(reader, fieldname, text):
    ids, weights = array("i"), array("f")
    for segment, offset in reader.leaf_readers():
        if (fieldname, text) not in segment:
            continue
        btext = segment.schema[fieldname].to_bytes(text)
        matcher = segment._terms.matcher(fieldname, btext, segment.schema[fieldname].format)
        deleted = frozenset(segment._perdoc.deleted_docs()) if segment.has_deletions() else ()
        for block_ids, block_weights in _blocks(matcher):
            for docnum, weight in zip(block_ids, block_weights):
                if docnum not in deleted:
                    ids.append(docnum + offset)
                    weights.append(weight)
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
