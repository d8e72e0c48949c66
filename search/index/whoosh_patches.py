"""Three small corrections to Whoosh 2.7.4, applied when the search app loads.

1. W3PerDocReader._cached_reader caches a field's length column but not its ABSENCE, so
   while a segment is written, every posting of an unscored field (ID, NUMERIC) checks
   the disk again for a length column that will never exist: one stat() per posting,
   a large share of indexing time. Remembering "no column" changes nothing else (a
   segment's files never change once written).

2. A compound segment's sub-files are opened as BufferFile over a memoryview of the
   segment's mmap, and BufferFile reads through `BytesIO(buf)`, which COPIES the whole
   sub-file: opening a searcher on a million paragraphs copied its posting and term
   files, 1 GB of anonymous memory in every worker (and read every page of them from
   disk). Reading through a file object over the memoryview itself copies only what is
   read; the pages stay the page cache's, shared by every worker of the host.

3. An index's table of contents pickles its schema, analyzer included, under the class's
   module path; the analyzer moved from search/engine/analysis.py to search/index/
   analyzer.py, so an index written before names the old place. Its schema is read with
   the class at its new place (the next commit writes the new name).
"""
import io
import pickle

from whoosh import index as whoosh_index
from whoosh.codec import whoosh3
from whoosh.filedb import structfile

MOVED = {("search.engine.analysis", "NewsAnalyzer"): ("search.index.analyzer", "NewsAnalyzer")}

_original_cached_reader = whoosh3.W3PerDocReader._cached_reader
_original_buffer_init = structfile.BufferFile.__init__


def _cached_reader(self, fieldname, column):
    if fieldname in self._readers:
        return self._readers[fieldname]
    reader = _original_cached_reader(self, fieldname, column)
    if reader is None:
        self._readers[fieldname] = None
    return reader


class MemoryFile:
    """A read-only binary file over a memoryview (what BufferFile and pickle use of one)."""

    def __init__(self, view):
        self._view = view
        self._position = 0

    def read(self, size=-1):
        end = len(self._view) if size is None or size < 0 else \
            min(self._position + size, len(self._view))
        data = self._view[self._position:end].tobytes()
        self._position = end
        return data

    def readline(self, size=-1):
        start, chunk = self._position, 256
        while True:
            end = len(self._view) if size is None or size < 0 else start + size
            piece = self._view[start:min(self._position + chunk, end)].tobytes()
            newline = piece.find(b"\n")
            if newline >= 0 or start + len(piece) >= min(end, len(self._view)):
                length = newline + 1 if newline >= 0 else len(piece)
                self._position = start + length
                return piece[:length]
            chunk *= 2

    def seek(self, offset, whence=0):
        base = (0, self._position, len(self._view))[whence]
        self._position = max(0, base + offset)
        return self._position

    def tell(self):
        return self._position

    def close(self):
        self._view = memoryview(b"")

    def flush(self):
        pass


def _buffer_init(self, buf, name=None, onclose=None):
    _original_buffer_init(self, b"" if isinstance(buf, memoryview) else buf, name, onclose)
    if isinstance(buf, memoryview):
        self._buf, self.file = buf, MemoryFile(buf)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        return super().find_class(*MOVED.get((module, name), (module, name)))


class _SchemaPickle:
    """whoosh.index's `pickle`, reading classes that moved at their new place."""
    PicklingError = pickle.PicklingError
    dumps = staticmethod(pickle.dumps)

    @staticmethod
    def loads(data):
        return _Unpickler(io.BytesIO(data)).load()


def apply():
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    structfile.BufferFile.__init__ = _buffer_init
    whoosh_index.pickle = _SchemaPickle
