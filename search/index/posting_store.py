"""A segment's posting lists without positions: docnums and weights as flat arrays.

Whoosh 2.7.4 pickles every block of 128 postings with its positions, so reading a
common word's list at a million paragraphs (a third of the documents) means unpickling
and inflating thousands of blocks: ~250 ms, linear in the list's length. The rebuild's
writer (bulk_writer.py) also writes, beside each segment's compound file, one file
MAIN_<segment id>.pst holding, for each (field, term), its segment-local docnums (int32,
ascending) and weights (float32) as they are in Whoosh's blocks. A reader keeps only the
term hashes in memory (8 bytes a term: 14 MB at a million paragraphs) and reads a list
with one pread into an array: nothing is decoded, and the file's pages stay the page
cache's, shared by every worker of the host. (Not mmap: each lookup's page faults map
64 KB around them into the process, and at a million paragraphs ten queries left 340 MB
more resident in a search process, /proc/self/status RssFile 827 MB against 486.)

The file (little-endian), every section starting at a multiple of 8 bytes:
    header      MAGIC, then uint64: terms, postings, key bytes, field-list bytes
    fields      the names of the fields it holds (JSON), padded
    hashes      uint64 per term, ascending: the first 8 bytes of blake2b(key)
    entries     int64 (postings start, count, key start, key length) per term, in hash
                order: where its postings and its key are
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
import os
import struct
from functools import lru_cache
from pathlib import Path

import numpy

SUFFIX = ".pst"
MAGIC = b"WPSTORE2"
HEADER = struct.Struct("<8sQQQQ")
ENTRY = struct.Struct("<qqqq")
# Fields whose postings no search reads as lists: `id` (one posting per term; deletions
# find it through Whoosh) and `scripts` (only its lexicon is read, schema.py).
LEFT_OUT = frozenset({"id", "scripts"})


def store_path(folder, segment_id):
    return Path(folder) / (segment_id + SUFFIX)


def key_of(fieldname, tbytes):
    return fieldname.encode("utf-8") + b"\0" + tbytes


def key_hash(key):
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")


@lru_cache(maxsize=4096)
def hashed(fieldname, tbytes):
    """(key, its hash) of a field's term: the same in every segment, so a term looked up
    in each of a generation's twenty segments is hashed once."""
    key = key_of(fieldname, tbytes)
    return key, numpy.uint64(key_hash(key))


def _joined(arrays, dtype):
    return numpy.concatenate(arrays + [numpy.zeros(0, dtype=dtype)])


def _padded(data):
    return data + b"\0" * (-len(data) % 8)


class StoreWriter:
    """The posting lists of one segment, given term by term, then written as one file."""

    def __init__(self, fieldnames):
        self.fields = sorted(set(fieldnames) - LEFT_OUT)
        self._held = frozenset(self.fields)
        self.keys = []
        self._starts, self._ids, self._weights = [], [], []   # numpy arrays, a field each
        self.postings = 0

    def holds(self, fieldname):
        return fieldname in self._held

    def add(self, fieldname, terms, starts, docnums, weights):
        """A field's terms (bytes) and their postings: term n's are docnums[starts[n]:
        starts[n + 1]] (ascending), with weights alongside (numpy arrays)."""
        self.keys += [key_of(fieldname, tbytes) for tbytes in terms]
        self._starts.append(numpy.asarray(starts[:-1], dtype=numpy.int64) + self.postings)
        self._ids.append(numpy.asarray(docnums).astype("<i4"))
        self._weights.append(numpy.asarray(weights).astype("<f4"))
        self.postings += len(docnums)

    def write(self, path):
        hashes = numpy.fromiter((key_hash(k) for k in self.keys), dtype=numpy.uint64,
                                count=len(self.keys))
        order = numpy.argsort(hashes, kind="stable")
        lengths = numpy.fromiter((len(k) for k in self.keys), dtype=numpy.int64,
                                 count=len(self.keys))
        starts = _joined(self._starts, numpy.int64)
        counts = numpy.diff(numpy.append(starts, self.postings))
        entries = numpy.stack([starts, counts, numpy.cumsum(lengths) - lengths, lengths], axis=1)
        keys = b"".join(self.keys)
        fields = json.dumps(self.fields).encode("utf-8")
        with open(path, "wb") as file:
            file.write(HEADER.pack(MAGIC, len(self.keys), self.postings, len(keys), len(fields)))
            file.write(_padded(fields))
            for values, dtype in ((hashes[order], "<u8"), (entries[order], "<i8"),
                                  (_joined(self._ids, "<i4"), "<i4"),
                                  (_joined(self._weights, "<f4"), "<f4")):
                file.write(_padded(numpy.asarray(values).astype(dtype).tobytes()))
            file.write(keys)


class PostingStore:
    """One segment's store file: its hashes in memory, the rest read when asked."""

    def __init__(self, path):
        self._file = open(path, "rb", buffering=0)      # closed with the object
        size = os.fstat(self._file.fileno()).st_size
        magic, terms, postings, key_bytes, field_bytes = HEADER.unpack(self._read(0, HEADER.size))
        if magic != MAGIC:
            raise ValueError(f"{path} is not a posting store of this version")
        at = HEADER.size
        self.fields = frozenset(json.loads(self._read(at, field_bytes)))
        at += field_bytes + (-field_bytes % 8)
        self.hashes = numpy.frombuffer(self._read(at, 8 * terms), dtype="<u8")
        self._entries_at = at + 8 * terms
        self._ids_at = self._entries_at + ENTRY.size * terms
        self._weights_at = self._ids_at + 4 * postings + (-4 * postings % 8)
        self._keys_at = self._weights_at + 4 * postings + (-4 * postings % 8)
        if self._keys_at + key_bytes != size:
            raise ValueError(f"{path} has {size} bytes, not {self._keys_at + key_bytes}")

    def _read(self, at, count):
        found = os.pread(self._file.fileno(), count, at)
        if len(found) != count:
            raise EOFError(f"{self._file.name} ends before byte {at + count}")
        return found

    def lookup(self, fieldname, tbytes):
        """(docnums, weights) of the term in this segment (read-only arrays, empty when
        the segment lacks it), or None when the store does not hold the field."""
        if fieldname not in self.fields:
            return None
        key, wanted = hashed(fieldname, tbytes)
        i = int(numpy.searchsorted(self.hashes, wanted))
        while i < len(self.hashes) and self.hashes[i] == wanted:
            start, count, key_start, key_length = ENTRY.unpack(
                self._read(self._entries_at + ENTRY.size * i, ENTRY.size))
            if self._read(self._keys_at + key_start, key_length) == key:
                return (numpy.frombuffer(self._read(self._ids_at + 4 * start, 4 * count), "<i4"),
                        numpy.frombuffer(self._read(self._weights_at + 4 * start, 4 * count),
                                         "<f4"))
            i += 1
        return EMPTY_IDS, EMPTY_WEIGHTS


EMPTY_IDS = numpy.zeros(0, dtype="<i4")
EMPTY_WEIGHTS = numpy.zeros(0, dtype="<f4")
EMPTY_IDS.flags.writeable = EMPTY_WEIGHTS.flags.writeable = False
