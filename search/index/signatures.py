"""Each paragraph's copy signature: an exact fingerprint and a MinHash of its word shingles.

Stored in the `copies` column of every paragraph document (schema.py), 136 bytes:

    bytes 0-7     exact fingerprint: blake2b of the paragraph's normalised text, its
                  analysed terms (search/engine/analysis.py) joined by one space: blind
                  to punctuation, quotes, spacing, case, accents, stop words and
                  inflection; zeros for a paragraph without words (and article documents)
    bytes 8-135   MINHASHES little-endian uint32 minima of the analysed text's 3-term
                  shingles (stems, stop words out: "said on Tuesday" and "said
                  Tuesday" shingle alike), one per hash function

The engine (search/engine/copies.py) groups paragraphs into near-duplicate clusters
from these columns for each index generation, so an edit or an import changes only the
signatures of what it re-indexes, and clusters follow without a rebuild.

Why MinHash, not SimHash: paragraphs are short (20 to 80 words). SimHash's Hamming
threshold (3 of 64 bits, tuned for web pages of thousands of features) misses a
paragraph with one word changed (about 10 of 64 bits differ then), while MinHash
estimates the shingles' Jaccard similarity directly at any length. Why our own and not
datasketch's MinHash: the signature must be written into the index with each
document, and the clustering run over numpy columns (datasketch's LSH index keeps its
state in memory or Redis, not in our index generations); and its MinHash costs 9 times
more: on 10,000 press-release paragraphs (their analysed terms, 3-term shingles, 32
hash functions), 212 us a paragraph with datasketch 2.0.0 (MinHash.update_batch)
against 24 us here, exact fingerprint included: 10 s more per 50,000 paragraphs, on a
rebuild budget of a fifth (about 10 s then). Ours is the same hashing in 20 lines.
"""
import hashlib
import zlib
from functools import lru_cache

import numpy

from ..text.analysis import analyze

MINHASHES = 32
SHINGLE = 3
SIGNATURE_BYTES = 8 + 4 * MINHASHES

# Multiply-shift hashing (Dietzfelbinger et al.): h(x) = (a*x + b) mod 2^64 >> 32 with a
# odd is a universal family; fixed seeds so every process computes the same signature.
_random = numpy.random.default_rng(20240814)
_A = _random.integers(1, 2**63, size=MINHASHES, dtype=numpy.uint64) * 2 + 1
_B = _random.integers(0, 2**63, size=MINHASHES, dtype=numpy.uint64)
# Mixing constants for three term hashes into one shingle hash (odd 64-bit numbers).
_MIX = numpy.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9],
                   dtype=numpy.uint64)
EMPTY = bytes(SIGNATURE_BYTES)
BATCH = 2000            # paragraphs whose shingles are hashed together (a few MB of arrays)


def exact_fingerprint(terms):
    """The paragraph's analysed terms as an 8-byte hash (zeros when it has none)."""
    if not terms:
        return bytes(8)
    return hashlib.blake2b(" ".join(terms).encode("utf-8"), digest_size=8).digest()


def fingerprint_number(text):
    """The exact fingerprint of a paragraph of `text` as the engine's columns read it
    (a little-endian uint64; 0 for a text without words)."""
    return int.from_bytes(exact_fingerprint(analyze(text)[0]), "little")


def signature(terms):
    """The 136 bytes of the `copies` column of a paragraph analysed as `terms`."""
    if not terms:
        return EMPTY
    return exact_fingerprint(terms) + minhash(terms).tobytes()


def signatures(term_lists):
    """signature() of each of `term_lists`, computed together: numpy's fixed cost per
    call, not the arithmetic, was most of a paragraph's 21 us (0.6 s of a 30,000-paragraph
    rebuild), so a batch pays it once."""
    found = [EMPTY] * len(term_lists)
    present = [n for n, terms in enumerate(term_lists) if terms]
    for start in range(0, len(present), BATCH):
        batch = present[start:start + BATCH]
        rows = minhashes([term_lists[n] for n in batch])
        for n, row in zip(batch, rows):
            found[n] = exact_fingerprint(term_lists[n]) + row.tobytes()
    return found


def minhashes(term_lists):
    """minhash() of each of `term_lists` (none empty), as the rows of one array."""
    # each list's term hashes, padded with zeros to SHINGLE terms, one after another;
    # a list's shingles start at each of its positions but the last SHINGLE - 1
    hashed, firsts = [], []
    for terms in term_lists:
        firsts.append(len(hashed))
        hashed += map(_term_hash, terms)
        hashed += [0] * (SHINGLE - len(terms))
    hashed = numpy.array(hashed, dtype=numpy.uint64)
    count = len(hashed) - SHINGLE + 1
    shingles = numpy.zeros(count, dtype=numpy.uint64)
    for i in range(SHINGLE):
        shingles ^= hashed[i:i + count] * _MIX[i]
    starts = numpy.array(firsts, dtype=numpy.int64)
    ends = numpy.append(starts[1:], len(hashed)) - SHINGLE + 1
    inside = numpy.zeros(count + 1, dtype=numpy.int64)     # +1 at a list's start, -1 past it
    inside[starts] += 1
    inside[ends] -= 1
    shingles = shingles[numpy.cumsum(inside[:-1]) > 0]
    offsets = numpy.cumsum(ends - starts) - (ends - starts)
    rows = numpy.empty((len(term_lists), MINHASHES), dtype="<u4")
    for i in range(MINHASHES):
        values = (shingles * _A[i] + _B[i]) >> numpy.uint64(32)
        rows[:, i] = numpy.minimum.reduceat(values, offsets)
    return rows


def minhash(terms):
    """MINHASHES uint32 minima over the hashes of the terms' shingles (all of them as one
    shingle when there are fewer than SHINGLE, none at all: a signature of zeros)."""
    if not terms:
        return numpy.zeros(MINHASHES, dtype="<u4")
    hashed = numpy.array([_term_hash(t) for t in terms], dtype=numpy.uint64)
    if len(hashed) < SHINGLE:
        hashed = numpy.r_[hashed, numpy.zeros(SHINGLE - len(hashed), dtype=numpy.uint64)]
    count = len(hashed) - SHINGLE + 1
    shingles = numpy.zeros(count, dtype=numpy.uint64)
    for i in range(SHINGLE):
        shingles ^= hashed[i:i + count] * _MIX[i]
    values = (shingles[None, :] * _A[:, None] + _B[:, None]) >> numpy.uint64(32)
    return values.min(axis=1).astype("<u4")


@lru_cache(maxsize=200_000)      # news repeats its terms
def _term_hash(term):
    """The term's crc32 (stable across processes, unlike hash())."""
    return zlib.crc32(term.encode("utf-8")) or 1
