"""One small correction to Whoosh 2.7.4, applied when the search app loads.

W3PerDocReader._cached_reader caches a field's length column but not its ABSENCE, so
while a segment is written, every posting of an unscored field (ID, NUMERIC) checks
the disk again for a length column that will never exist: one stat() per posting,
a large share of indexing time. Remembering "no column" changes nothing else (a
segment's files never change once written).
"""
from whoosh.codec import whoosh3

_original_cached_reader = whoosh3.W3PerDocReader._cached_reader


def _cached_reader(self, fieldname, column):
    if fieldname in self._readers:
        return self._readers[fieldname]
    reader = _original_cached_reader(self, fieldname, column)
    if reader is None:
        self._readers[fieldname] = None
    return reader


def apply():
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
