"""A segment's posting lists without positions: docnums and weights as flat arrays.

Whoosh 2.7.4 pickles every block of 128 postings with its positions, so reading a
common word's list at a million paragraphs (a third of the documents) means unpickling
and inflating thousands of blocks: ~250 ms, linear in the list's length. The rebuild's
writer (bulk_writer.py) also writes, beside each segment's compound file, one file
MAIN_<segment id>.pst holding, for each (field, term), its segment-local docnums (int32,
ascending) and weights (float32) as they are in Whoosh's blocks. A reader maps the file
and hands out views of it (numpy.frombuffer): nothing is decoded, nothing is copied, and
the operating system's page cache shares it between the workers of a host.

The file (little-endian), every section starting at a multiple of 8 bytes:
    header      MAGIC, then uint64: terms, postings, key bytes, field-list bytes
    fields      the names of the fields it holds (JSON), padded
    hashes      uint64 per term, ascending: the first 8 bytes of blake2b(key)
    spans       int64 (start, stop) per term, in hash order: where its postings are
    key spans   int64 (start, stop) per term, in hash order: where its key is
    docnums     int32 per posting, term after term
    weights     float32 per posting, alike
    keys        the terms' keys, field name + NUL + term bytes, one after another
A lookup is a binary search of the hashes; the key found is compared with the one asked,
so two keys with one hash (rare at 64 bits, but possible) are told apart.

Only BulkWriter writes these files. A segment without one (written by a drain through
Whoosh's own writer, or merged from drain segments, or built before this) is read from
Whoosh's blocks (postings.py). Whoosh's clean_files removes MAIN_<id>.pst together with
its segment (its pattern takes any extension), so a merge leaves no stale file; the
generation's checksums (integrity.py) cover it like every other file in the folder.
"""
import hashlib
import json
import mmap
import struct
from array import array
from pathlib import Path

import numpy

SUFFIX = ".pst"
MAGIC = b"WPSTORE1"
HEADER = struct.Struct("<8sQQQQ")
# Fields whose postings no search reads as lists: `id` (one posting per term; deletions
# find it through Whoosh) and `scripts` (only its lexicon is read, schema.py).
LEFT_OUT = frozenset({"id", "scripts"})


def store_path(folder, segment_id):
    return Path(folder) / (segment_id + SUFFIX)


def key_of(fieldname, tbytes):
    return fieldname.encode("utf-8") + b"\0" + tbytes


def key_hash(key):
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")


def _padded(data):
    return data + b"\0" * (-len(data) % 8)


class StoreWriter:
    """The posting lists of one segment, given term by term, then written as one file."""

    def __init__(self, fieldnames):
        self.fields = sorted(set(fieldnames) - LEFT_OUT)
        self._held = frozenset(self.fields)
        self.keys, self.spans = [], []
        self.ids, self.weights = array("i"), array("f")

    def holds(self, fieldname):
        return fieldname in self._held

    def add(self, fieldname, tbytes, docnums, weights):
        """One term's postings: docnums ascending, their weights (any sequences)."""
        start = len(self.ids)
        self.ids.extend(docnums)
        self.weights.extend(weights)
        self.keys.append(key_of(fieldname, tbytes))
        self.spans.append((start, len(self.ids)))

    def write(self, path):
        hashes = numpy.fromiter((key_hash(k) for k in self.keys), dtype=numpy.uint64,
                                count=len(self.keys))
        order = numpy.argsort(hashes, kind="stable")
        lengths = numpy.fromiter((len(k) for k in self.keys), dtype=numpy.int64,
                                 count=len(self.keys))
        key_stops = numpy.cumsum(lengths)
        key_spans = numpy.stack([key_stops - lengths, key_stops], axis=1)
        spans = numpy.array(self.spans, dtype=numpy.int64).reshape(-1, 2)
        keys = b"".join(self.keys)
        fields = json.dumps(self.fields).encode("utf-8")
        with open(path, "wb") as file:
            file.write(HEADER.pack(MAGIC, len(self.keys), len(self.ids), len(keys), len(fields)))
            file.write(_padded(fields))
            for section in (hashes[order], spans[order], key_spans[order]):
                file.write(section.astype("<i8" if section.dtype.kind == "i" else "<u8").tobytes())
            file.write(_padded(self.ids.tobytes()))
            file.write(_padded(self.weights.tobytes()))
            file.write(keys)


class PostingStore:
    """One segment's store file, mapped read-only."""

    def __init__(self, path):
        with open(path, "rb") as file:
            self._map = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        magic, terms, postings, key_bytes, field_bytes = HEADER.unpack_from(self._map, 0)
        if magic != MAGIC:
            raise ValueError(f"{path} is not a posting store")
        at = HEADER.size
        self.fields = frozenset(json.loads(self._map[at:at + field_bytes]))
        at += field_bytes + (-field_bytes % 8)
        self.hashes, at = self._section(at, "<u8", terms)
        self.spans, at = self._section(at, "<i8", terms * 2)
        self.key_spans, at = self._section(at, "<i8", terms * 2)
        self.ids, at = self._section(at, "<i4", postings, pad=True)
        self.weights, at = self._section(at, "<f4", postings, pad=True)
        self._keys_at = at
        if at + key_bytes != len(self._map):
            raise ValueError(f"{path} has {len(self._map)} bytes, not {at + key_bytes}")

    def _section(self, at, dtype, count, pad=False):
        values = numpy.frombuffer(self._map, dtype=dtype, count=count, offset=at)
        size = values.nbytes + (-values.nbytes % 8 if pad else 0)
        return values, at + size

    def lookup(self, fieldname, tbytes):
        """(docnums, weights) of the term in this segment (read-only views, empty when
        the segment lacks it), or None when the store does not hold the field."""
        if fieldname not in self.fields:
            return None
        key = key_of(fieldname, tbytes)
        wanted = numpy.uint64(key_hash(key))
        i = int(numpy.searchsorted(self.hashes, wanted))
        while i < len(self.hashes) and self.hashes[i] == wanted:
            start, stop = self.key_spans[2 * i], self.key_spans[2 * i + 1]
            if self._map[self._keys_at + start:self._keys_at + stop] == key:
                begin, end = self.spans[2 * i], self.spans[2 * i + 1]
                return self.ids[begin:end], self.weights[begin:end]
            i += 1
        return self.ids[:0], self.weights[:0]
