"""A rebuild's segments, written by one process or by several (rebuild.py).

The database is read in the calling process, a batch of articles at a time
(rows.rows_between: plain values). With one process the same process builds their
documents and writes them. With several, the articles are cut into `procs` contiguous
shares of equal size, and each share's batches go to its own builder process (forked),
which analyses them and writes its segments with BulkWriter; the caller then commits
one generation listing every segment in share order, so documents stay in article order.

Not Whoosh's MpWriter: its parent analyses every document (5 s CPU of 32 at 20,000
paragraphs) and pickles it, bigger than the rows it came from, for subprocesses running
a plain SegmentWriter (not BulkWriter), handing out batches of 100 documents to
whichever is free, so an article's paragraphs could land in two segments out of order.
Here the caller only reads (0.8 s CPU at 20,000 paragraphs) and the builders do the rest.
"""
import itertools
import multiprocessing
import os
import queue
import traceback

from whoosh import index as whoosh_index

from .bulk_writer import BulkWriter, commit_segments
from .documents import documents_from
from .rows import rows_between

HAND_OVER_WAIT = 1.0    # seconds between checks that a builder is still alive
BATCHES_WAITING = 1     # batches read ahead per builder: memory for one batch each


class BuildFailed(Exception):
    """A builder process failed or died; the new generation is not usable."""


class SegmentFiller:
    """Documents into BulkWriter segments of at most `per_segment` documents each."""

    def __init__(self, ix, per_segment):
        self.ix, self.per_segment = ix, per_segment
        self.writer, self.in_writer, self.segments, self.documents = None, 0, [], 0

    def add(self, rows):
        for doc in documents_from(rows):
            if self.writer is None:
                self.writer = BulkWriter(self.ix, _lk=False)
            self.writer.add_document(**doc)
            self.in_writer += 1
            self.documents += 1
            if self.in_writer >= self.per_segment:
                self._close_segment()

    def finish(self):
        """The segments written, in order."""
        if self.writer is not None:
            self._close_segment()
        return self.segments

    def cancel(self):
        if self.writer is not None:
            self.writer.cancel()
            self.writer = None

    def _close_segment(self):
        # The segment's files are complete; the generation listing it is committed later.
        self.segments.append(self.writer._finalize_segment())
        self.writer, self.in_writer = None, 0


def build(ix, shares, procs, per_segment, progress=None):
    """Write the documents of `shares` (lists of (first, last) article id ranges, in
    order) into new segments of `ix`, `procs` processes side by side, and commit them as
    one generation. Returns (documents, paragraphs)."""
    committer = ix.writer()     # holds the index's lock; creates the shared temp folder
    counted = _Counted(progress)
    try:
        if procs == 1:
            segments, documents = _build_here(ix, shares, per_segment, counted)
        else:
            segments, documents = _build_in_processes(ix, shares, per_segment, counted)
    except BaseException:
        committer.cancel()
        raise
    commit_segments(committer, segments)
    return documents, counted.paragraphs


class _Counted:
    """The paragraphs read so far, passed on to the caller's progress(n)."""

    def __init__(self, progress):
        self.progress, self.paragraphs = progress, 0

    def read(self, first, last):
        rows = rows_between(first, last)
        added = rows.paragraphs()
        self.paragraphs += added
        if self.progress:
            self.progress(added)
        return rows


def _build_here(ix, shares, per_segment, counted):
    filler = SegmentFiller(ix, per_segment)
    try:
        for share in shares:
            for first, last in share:
                filler.add(counted.read(first, last))
    except BaseException:
        filler.cancel()
        raise
    return filler.finish(), filler.documents


def _build_in_processes(ix, shares, per_segment, counted):
    fork = multiprocessing.get_context("fork")   # the builders inherit Django and the schema
    builders = []
    try:
        for _ in shares:
            jobs, results = fork.Queue(BATCHES_WAITING), fork.Queue()
            process = fork.Process(target=_builder, daemon=True, args=(
                ix.storage.folder, jobs, results, per_segment))
            process.start()
            builders.append((process, jobs, results))
        _hand_out(shares, builders, counted)
        return _gather(builders)
    except BaseException:
        for process, _, _ in builders:
            process.terminate()
        raise
    finally:
        for process, _, _ in builders:
            process.join()


def _hand_out(shares, builders, counted):
    """Batch i of every share in turn, so the builders work side by side."""
    for ranges in itertools.zip_longest(*shares):
        for (process, jobs, _), id_range in zip(builders, ranges):
            if id_range is not None:
                _put(jobs, counted.read(*id_range), process)
    for process, jobs, _ in builders:
        _put(jobs, None, process)


def _put(jobs, item, process):
    while True:
        try:
            jobs.put(item, timeout=HAND_OVER_WAIT)
            return
        except queue.Full:
            _check_alive(process)


def _gather(builders):
    segments, documents = [], 0
    for process, _, results in builders:
        while True:
            try:
                outcome, value = results.get(timeout=HAND_OVER_WAIT)
                break
            except queue.Empty:
                _check_alive(process)
        if outcome == "failed":
            raise BuildFailed(f"a segment builder failed:\n{value}")
        segments += value[0]
        documents += value[1]
    return segments, documents


def _check_alive(process):
    if not process.is_alive():
        raise BuildFailed(f"segment builder {process.pid} died (exit code {process.exitcode})")


def _builder(folder, jobs, results, per_segment):
    """A builder process: batches from `jobs` until None, then its segments to `results`."""
    filler = SegmentFiller(whoosh_index.open_dir(folder), per_segment)
    parent = os.getppid()
    try:
        while (rows := _next_job(jobs, parent)) is not None:
            filler.add(rows)
        results.put(("done", (filler.finish(), filler.documents)))
    except BaseException:
        filler.cancel()
        results.put(("failed", traceback.format_exc()))
        raise


def _next_job(jobs, parent):
    """The next batch (None: no more). Raises BuildFailed when the rebuild's process is
    gone (killed): its builders must not wait for work for ever, a gigabyte each."""
    while True:
        try:
            return jobs.get(timeout=HAND_OVER_WAIT)
        except queue.Empty:
            if os.getppid() != parent:
                raise BuildFailed("the rebuild's process is gone") from None
