"""Atomic rebuild: a new generation built from the database beside the live one.

Searches keep reading the live generation until the `current` pointer is switched in one
step (folders.switch_to); then old generations are removed and changes committed during
the build are drained into the new index.

The new generation starts following the change log from a head read BEFORE the build
reads the database, and settled (changelog.settled_head): every change up to it is in
what the build reads, every later one is drained after the switch. So a new host, or one
whose index fell behind the log's pruned horizon, misses nothing made during its build.
The new generation records the log's epoch (changelog.epoch), read before the head.
"""
import shutil
from dataclasses import dataclass

from whoosh import index as whoosh_index

from . import folders, integrity, segment_builders
from .changelog import epoch, pruned_through, settled_head
from .cursor import Cursor, write_cursor
from .documents import id_ranges
from .rows import article_shares
from .apply_log import drain_locked
from .lock import writer_lock

READ_BATCH = 1000           # articles read from the database at a time
REBUILD_LOCK_TIMEOUT = 120  # a rebuild waits for a running drain to finish
REBUILD_PROCS = 2           # segment builder processes (this machine has 2 cores)
# Documents per builder process per segment, all held in memory until the segment is
# written (bulk_writer.py): what bounds a rebuild's memory, whatever the archive's size.
# Measured at 20,000 paragraphs: a builder peaks at 225 MB resident with 11,000 documents
# (about 90 MB of it the process itself), so about 1 GB each at 70,000.
DOCS_PER_WRITER = 70_000
SETTLE_TIMEOUT = 30         # seconds to wait for transactions in flight when a build starts


class WriterBusy(Exception):
    """The writer lock stayed busy (a long drain or another rebuild)."""


@dataclass
class RebuildResult:
    documents: int
    paragraphs: int
    generation: str
    drained: int            # log rows applied to the new index after the switch


def rebuild(progress=None, procs=REBUILD_PROCS):
    """Build a new generation from the database, switch to it, drain the log into it.

    Holds the writer lock throughout, so drains in other processes of this host wait and
    their rows are applied here after the switch. Searches read the old generation until
    the switch. `progress(n)` is called with the paragraphs added per batch.
    """
    with writer_lock(REBUILD_LOCK_TIMEOUT) as locked:
        if not locked:
            raise WriterBusy("the index writer lock stayed busy; try again")
        return rebuild_locked(progress, procs)


def rebuild_locked(progress=None, procs=REBUILD_PROCS):
    """The rebuild itself; the caller holds the writer lock (rebuild(), or a drain)."""
    log_epoch = epoch(create=True)      # read first: a newer one only costs another build
    start = settled_head(SETTLE_TIMEOUT)
    # If a transaction stays open past the timeout, follow from the pruned horizon: the
    # drain after the switch then re-applies the whole log, which is slow but misses nothing.
    cursor = Cursor(start.position if start else pruned_through(), epoch=log_epoch)
    path = folders.new_generation()
    try:
        documents, paragraphs = _fill(path, progress, procs)
        write_cursor(path, cursor)
        integrity.record(path)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    folders.switch_to(path)
    folders.remove_other_generations()
    drained = drain_locked().rows
    return RebuildResult(documents, paragraphs, path.name, drained)


def _fill(path, progress, procs):
    """Add every document: `procs` processes, each a contiguous share of the articles
    (segment_builders.py), committing a segment per DOCS_PER_WRITER documents each.

    A segment's postings stay in memory until it is written (never spilled to pickled
    runs on disk, which cost Whoosh two thirds more CPU: 47 s against 28 s for 20,000
    documents); a 200,000-paragraph rebuild ends with a few large segments, which drains
    never merge (Whoosh merges only tiny segments).
    """
    ix = whoosh_index.open_dir(str(path))
    shares = [list(id_ranges(share, READ_BATCH)) for share in article_shares(procs)]
    return segment_builders.build(ix, shares, procs, DOCS_PER_WRITER, progress)
