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
The postings file's and the term index's positions are counted here, not asked with
tell() (a system call: two a term for the postings took 1.1 s of the same rebuild, and
Whoosh's OrderedHashWriter.add asks twice a term for the term index, 0.6 s more).
"""
from array import array
from operator import sub
from pickle import dumps
import struct
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
        present = [length for length in lengths if length] if 0 in lengths else lengths
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


_KEY_VALUE_LENGTHS = struct.Struct("!ii")     # whoosh.filedb.filetables._lengths
PLAIN_BELOW = 100      # bytes of a block's pickle under which it is not compressed
BLOCK_WBITS, BLOCK_MEMLEVEL = 13, 4     # an 8 KB window, 2,048 hash chains


class Counted:
    """A Whoosh StructFile written through here, its position counted."""

    def __init__(self, structfile):
        self._file = structfile
        self.at = structfile.tell()

    def write(self, data):
        self._file.write(data)
        self.at += len(data)


class TermWriter:
    """A W3FieldWriter's postings file and term index, written through Counted files."""

    def __init__(self, fieldwriter):
        self.fieldwriter = fieldwriter
        self.postfile = Counted(fieldwriter._postfile)
        self.tindex_file = Counted(fieldwriter._tindex.dbfile)

    def index(self, key, value):
        """OrderedHashWriter.add and HashWriter.add (whoosh/filedb/filetables.py):
        the key's position, its hash, then lengths, key and value."""
        tindex, at = self.fieldwriter._tindex, self.tindex_file.at
        if key <= tindex.lastkey:
            raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{key!r}")
        tindex.index.append(at)
        h = tindex.hashfn(key)
        tindex.buckets[h & 255].append((h, at))
        self.tindex_file.write(_KEY_VALUE_LENGTHS.pack(len(key), len(value)) + key + value)
        tindex.lastkey = key


def write_term(terms, tbytes, ids, weights, values, lengths):
    """Write one term's postings (ids ascending; weights, value bytes and field lengths
    alongside) through `terms` (a TermWriter of a W3FieldWriter inside start_field),
    with its row in the term index: what start_term, add() per posting and finish_term
    write."""
    fieldwriter, postfile = terms.fieldwriter, terms.postfile
    postwriter = fieldwriter._postwriter
    limit = postwriter._blocklimit
    fixed = fieldwriter._format.fixed_value_size()
    terminfo = W3TermInfo()
    parts = [WHOOSH3_HEADER_MAGIC]
    for at in range(0, len(ids), limit):
        block = Block(ids[at:at + limit], weights[at:at + limit], lengths[at:at + limit])
        terminfo.add_block(block)
        kept = () if fixed == 0 else _non_empty(values[at:at + limit])   # 0: none kept
        parts += _block(block, kept, fixed, postwriter._compression, last=at + limit >= len(ids))
    written = b"".join(parts)
    terminfo.set_extent(postfile.at, len(written))
    postfile.write(written)
    terms.index(pack_ushort(fieldwriter._fieldid) + tbytes, terminfo.to_bytes())


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
    return (ids[0],) + tuple(map(sub, ids[1:], ids))


def _mini_weights(weights):
    """None when all are 1.0, the one weight when all are the same, else all of them
    (array.count compares in C: a third of the time of a comparison a posting in Python)."""
    if weights.count(1.0) == len(weights):
        return None
    if weights.count(weights[0]) == len(weights):
        return weights[0]
    return tuple(weights)


def _non_empty(values):
    """The values add_posting keeps: the non-empty ones."""
    return [v for v in values if v] if b"" in values else values


def _mini_values(values, fixed):
    if fixed is None or fixed < 0:
        return tuple(values)
    if fixed == 0:
        return None
    return b"".join(values)
