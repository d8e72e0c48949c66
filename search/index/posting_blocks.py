"""A term's posting list written as Whoosh 2.7.4's W3 codec writes it, a term at a time.

Whoosh's field writer takes postings one at a time (FieldWriter.add_postings: a generator
of (field, term, docnum, weight, value) tuples, type checks and statistics per posting,
then a pickled, compressed block per 128). The rebuild's writer (bulk_writer.py) already
holds each term's whole list, so here a block is made from slices of it: the same bytes
(tests/test_index_bulk_writer.py compares every posting, block statistic and term
statistic with SegmentWriter's), for a third of the CPU a posting (profile of a rebuild
of the press releases: Whoosh's per-posting path was a third of the rebuild's time).

What it follows of whoosh/codec/whoosh3.py (pinned 2.7.4): W3PostingsWriter's
start_postings / add_posting / _write_block / finish_postings, and W3FieldWriter's
start_term / finish_term. A term is never inlined (the codec's inline limit is 1).

Two departures, invisible to readers (each block's info says whether its data is
compressed, and zlib.decompress reads a stream of any window size):
- a block whose pickle is under PLAIN_BELOW bytes is written uncompressed: zlib only adds
  its frame to so little (Whoosh meant to skip blocks under 20 bytes, but its code
  compresses them anyway), and most terms are rare: one or two postings;
- the others are compressed at the codec's level with a smaller deflate state (BLOCK_WBITS,
  BLOCK_MEMLEVEL): zlib.compress allocates about 260 KB for each call, and 139,000 blocks
  of a 30,000-paragraph rebuild took 1.3 s of its 21; a block of 128 postings is a few KB,
  which the smaller window still spans (same sizes on the press releases).
The postings file's position is counted here, not asked with tell() (a system call: two a
term took 1.1 s of the same rebuild).
"""
from array import array
from pickle import dumps
import zlib

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import length_to_byte


class Block:
    """One block's postings and statistics, as W3TermInfo.add_block reads a block."""

    def __init__(self, ids, raw_weights, lengths):
        self._ids = ids
        self._weights = array("f", raw_weights)       # Whoosh keeps them as float32
        # statistics as add_posting gathers them: the raw weights, lengths but zeros
        self._maxweight = max(0, max(raw_weights))
        present = [length for length in lengths if length]
        self._minlength = min(present) if present else None
        self._maxlength = max(present) if present else 0

    def __len__(self):
        return len(self._ids)

    def min_id(self):
        return self._ids[0]

    def max_id(self):
        return self._ids[-1]

    def min_length(self):
        return self._minlength

    def max_length(self):
        return self._maxlength

    def max_weight(self):
        return self._maxweight


PLAIN_BELOW = 100      # bytes of a block's pickle under which it is not compressed
BLOCK_WBITS, BLOCK_MEMLEVEL = 13, 4     # an 8 KB window, 2,048 hash chains


class PostFile:
    """The segment's postings file (a W3FieldWriter's), its position counted here."""

    def __init__(self, fieldwriter):
        self._file = fieldwriter._postfile
        self.at = self._file.tell()

    def write(self, data):
        self._file.write(data)
        self.at += len(data)


def write_term(fieldwriter, postfile, tbytes, ids, weights, values, lengths):
    """Write one term's postings (ids ascending; weights, value bytes and field lengths
    alongside) into `fieldwriter` (a W3FieldWriter inside start_field) through
    `postfile` (its PostFile), with its row in the term index: what start_term, add()
    per posting and finish_term write."""
    postwriter = fieldwriter._postwriter
    limit = postwriter._blocklimit
    fixed = fieldwriter._format.fixed_value_size()
    terminfo = W3TermInfo()
    parts = [WHOOSH3_HEADER_MAGIC]
    for at in range(0, len(ids), limit):
        block = Block(ids[at:at + limit], weights[at:at + limit], lengths[at:at + limit])
        terminfo.add_block(block)
        kept = [v for v in values[at:at + limit] if v]     # add_posting keeps non-empty ones
        parts += _block(block, kept, fixed, postwriter._compression, last=at + limit >= len(ids))
    written = b"".join(parts)
    terminfo.set_extent(postfile.at, len(written))
    postfile.write(written)
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + tbytes, terminfo.to_bytes())


def _block(block, values, fixed, compression, last):
    """The bytes W3PostingsWriter._write_block writes (after the header magic, which
    starts the term): length, info and data."""
    ids = block._ids
    data = dumps((_deltas(ids), _mini_weights(block._weights), _mini_values(values, fixed)), 2)
    if len(data) < PLAIN_BELOW:
        compression = 0
    if compression:
        packer = zlib.compressobj(compression, zlib.DEFLATED, BLOCK_WBITS, BLOCK_MEMLEVEL)
        data = packer.compress(data) + packer.flush()
    info = dumps((len(ids), ids[-1], block._maxweight, compression,
                  length_to_byte(block._minlength), length_to_byte(block._maxlength)), 2)
    length = len(info) + len(data)
    return [pack_int(-length if last else length), info, data]


def _deltas(ids):
    """delta_encode from 0, as a tuple (each block counts from 0)."""
    return (ids[0],) + tuple(b - a for a, b in zip(ids, ids[1:]))


def _mini_weights(weights):
    if all(w == 1.0 for w in weights):
        return None
    if all(w == weights[0] for w in weights):
        return weights[0]
    return tuple(weights)


def _mini_values(values, fixed):
    if fixed is None or fixed < 0:
        return tuple(values)
    if fixed == 0:
        return None
    return b"".join(values)
