"""Sets of docnums as sorted numpy int32 arrays, and the set operations a query needs.

A common word matches a quarter of the archive: at a million paragraphs, building a
Python set of its 250,000 docnums costs about 17 ms and intersecting two such sets 8 ms,
every search. The same work over sorted arrays runs in C in one or two milliseconds
(measured on this machine: 250,000 against 250,000 docnums, a boolean table 2.1 ms, a
set intersection 8.1 ms, numpy.intersect1d 18 ms, numpy.union1d 288 ms). A posting
list's docnums (search/index/postings.py) are already such an array, so a word's match
is a view over its postings, not a copy.

Every array here is sorted, holds each docnum once and is never changed in place (the
operations return new arrays), so an array may be shared between matches and the
generation's cache. Each operation picks between a binary search of the smaller side
in the larger (when one side is much smaller: a rare word, a short filter) and a
boolean table over the docnums (when both are large); a union, between sorting the
docsets together and the table.
"""
import numpy

DTYPE = numpy.int32
EMPTY = numpy.zeros(0, dtype=DTYPE)
EMPTY.flags.writeable = False
# Below this ratio of sizes, the smaller side is looked up by binary search; a table
# costs a pass over every docnum up to the largest, a search log2(n) steps per element.
SEARCH_RATIO = 32
SMALL = 4096       # both sides this small: binary search, whatever the ratio
# A union of docsets holding fewer docnums than 1/SORT_RATIO of the largest is sorted
# (1M docnums, three docsets of 60k, 30k and 15k: sort 0.61 ms, table 0.81 ms; of 5k,
# 2.5k and 1.2k: 0.03 and 0.28 ms; numpy.unique 15 and 0.7 ms: numpy 2.4 hashes first).
SORT_RATIO = 8


def of(values):
    """The docset of an array of ascending unique docnums (a posting list's ids), not
    copied when it is int32 already, or of any iterable of docnums."""
    if isinstance(values, numpy.ndarray):
        found = values.astype(DTYPE, copy=False)
    else:
        found = numpy.unique(numpy.fromiter(values, dtype=DTYPE))
    return frozen(found)


def index(docs):
    """`docs` as numpy's own index type, to index an array with: numpy converts an int32
    index array in a slow path (marking 450,000 docnums in a table: 1.3 ms, against
    0.07 ms to convert them first and 0.44 ms to mark)."""
    return docs.astype(numpy.intp)


def frozen(docs):
    """`docs`, marked read-only (a shared array changed in place is a silent bug)."""
    if docs.flags.writeable:
        docs = docs.view()
        docs.flags.writeable = False
    return docs


def contains(docs, wanted):
    """A boolean array: which elements of `docs` are in `wanted` (both docsets)."""
    if not len(docs) or not len(wanted):
        return numpy.zeros(len(docs), dtype=bool)
    if len(docs) * SEARCH_RATIO < len(wanted) or len(docs) + len(wanted) < SMALL:
        at = numpy.searchsorted(wanted, docs)
        at[at == len(wanted)] = 0
        return wanted[at] == docs
    table = numpy.zeros(int(max(docs[-1], wanted[-1])) + 1, dtype=bool)
    table[index(wanted)] = True
    return table.take(docs)


def intersect(first, *others):
    """The docnums in every docset given (smallest first is fastest, any order works)."""
    result = first
    for other in sorted(others, key=len):
        if len(other) < len(result):
            result, other = other, result
        result = result[contains(result, other)]
        if not len(result):
            return EMPTY
    return frozen(result)


def minus(docs, removed):
    """The docnums of `docs` that are not in `removed`."""
    if not len(docs) or not len(removed):
        return docs
    return frozen(docs[~contains(docs, removed)])


def union(*docsets):
    """The docnums in any of the docsets."""
    given = [d for d in docsets if len(d)]
    if len(given) <= 1:
        return given[0] if given else EMPTY
    total = sum(len(d) for d in given)
    top = int(max(d[-1] for d in given))
    if spread_wide(total, top):         # few docnums spread wide: merge the sorted runs
        merged = numpy.concatenate(given)
        merged.sort(kind="stable")      # (timsort: each docset is a sorted run)
        return frozen(merged[numpy.r_[True, merged[1:] != merged[:-1]]])
    table = numpy.zeros(top + 1, dtype=bool)
    for docs in given:
        table[index(docs)] = True
    return frozen(numpy.flatnonzero(table).astype(DTYPE))


def spread_wide(count, size):
    """True when `count` docnums among `size` are few enough to sort together rather
    than mark in a table of `size` (SORT_RATIO)."""
    return count * SORT_RATIO < size


def where(docs, keep):
    """The docnums of `docs` for which the boolean array `keep` (one per doc) is True."""
    return frozen(docs[keep])
