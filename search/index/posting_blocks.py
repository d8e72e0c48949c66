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
"""
from array import array
from pickle import dumps
import zlib

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_ushort
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


def write_term(fieldwriter, tbytes, ids, weights, values, lengths):
    """Write one term's postings (ids ascending; weights, value bytes and field lengths
    alongside) into `fieldwriter` (a W3FieldWriter inside start_field), with its row
    in the term index: what start_term, add() per posting and finish_term write."""
    postwriter = fieldwriter._postwriter
    postfile, limit = postwriter._postfile, postwriter._blocklimit
    fixed = fieldwriter._format.fixed_value_size()
    terminfo = W3TermInfo()
    start = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    for at in range(0, len(ids), limit):
        block = Block(ids[at:at + limit], weights[at:at + limit], lengths[at:at + limit])
        terminfo.add_block(block)
        kept = [v for v in values[at:at + limit] if v]     # add_posting keeps non-empty ones
        _write_block(postfile, block, kept, fixed, postwriter._compression,
                     last=at + limit >= len(ids))
    terminfo.set_extent(start, postfile.tell() - start)
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + tbytes, terminfo.to_bytes())


def _write_block(postfile, block, values, fixed, compression, last):
    """W3PostingsWriter._write_block (after the header magic, which starts the term)."""
    ids = block._ids
    data = dumps((_deltas(ids), _mini_weights(block._weights), _mini_values(values, fixed)), 2)
    if compression:
        data = zlib.compress(data, compression)
    info = dumps((len(ids), ids[-1], block._maxweight, compression,
                  length_to_byte(block._minlength), length_to_byte(block._maxlength)), 2)
    length = len(info) + len(data)
    postfile.write_int(-length if last else length)
    postfile.write(info)
    postfile.write(data)


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
