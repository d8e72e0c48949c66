"""Applying the change log to this host's index: the rows after its own position.

`drain()` takes the writer lock (lock.writer_lock) for at most LOCK_TIMEOUT seconds; if
another process holds it, the rows simply wait for the next drain. Holding the lock it
reads the log's head (changelog.head), the rows after the live generation's cursor
(cursor.py), THEN the articles' current state; it deletes and re-adds their documents,
commits the Whoosh writer, and only then stores the new cursor with the generation and
registers the position (registry.py); then it looks at the head again, until a look finds
nothing new. Rows are never deleted here: every other host's
index needs them too. A process dying anywhere in between leaves the old cursor, and the
next drain (or `manage.py sync_index`) applies the rows again.

With no index yet, or an index behind the log's pruned horizon, a drain builds the index
from the database instead (rebuild.py), when the archive is small enough to do so in a
web process; `manage.py sync_index` always does.
"""
import logging
from dataclasses import dataclass

from whoosh import query

from archive.models import Article

from . import folders, integrity, registry
from .changelog import head, pruned_through, rows_between
from .cursor import read_cursor, write_cursor
from .documents import documents_for
from .errors import IndexUnavailable
from .lock import writer_lock
from .searcher import searching

log = logging.getLogger(__name__)

LOCK_TIMEOUT = 0.5          # a web request waits this long at most for the writer lock
DRAIN_BATCH = 500           # log rows re-indexed per Whoosh commit
WRITER_LIMITMB = 256        # Whoosh's default of 128 MB spills to disk more often
BUILD_IN_PROCESS = 1000     # at most this many articles are built by a drain (else sync_index)
MAX_PASSES = 100            # reads of the log's head per drain, so a busy log cannot keep it


@dataclass
class DrainResult:
    articles: int = 0     # articles re-indexed
    rows: int = 0         # log rows applied
    position: int = 0     # the index's position in the log afterwards


def drain(timeout=LOCK_TIMEOUT, build=False):
    """Apply the log to this host's index. Returns a DrainResult (or the RebuildResult of
    a build when it had to build), or None if the lock was busy. `build`: build a missing
    or outdated index whatever the archive's size."""
    with writer_lock(timeout) as locked:
        if not locked:
            log.info("index writer busy: log rows wait for the next drain")
            return None
        reason = rebuild_reason()
        if reason is None:
            return drain_locked()
        if not build and Article.objects.count() > BUILD_IN_PROCESS:
            log.warning("not draining: %s; run `manage.py sync_index`", reason)
            return DrainResult()
        from .rebuild import rebuild_locked   # (rebuild.py drains through this module)
        log.warning("building the index from the database: %s", reason)
        return rebuild_locked(procs=1)


def rebuild_reason():
    """Why this host's index must be built from the database, or None."""
    folder = folders.live_dir()
    if folder is None:
        return f"there is no index in {folders.root()} yet"
    try:
        position, horizon = read_cursor(folder).position, pruned_through()
    except IndexUnavailable:
        return None             # damaged: drain_locked says so; a rebuild is the operator's
    if position < horizon:
        return (f"the index is at log position {position}, but the log was pruned up to "
                f"{horizon}")
    if position > max(horizon, head().position):
        return (f"the index is at log position {position}, past the log's end: "
                "the database was replaced (restore_archive)")
    return None


def drain_locked():
    """The drain itself; the caller holds the writer lock (drain(), or a rebuild)."""
    result = DrainResult()
    try:
        ix = folders.open_live_index()
        damage = integrity.verify(ix.storage.folder, hashes=False)
        if damage:     # never write into an index no reader can trust
            raise IndexUnavailable(f"The search index in {ix.storage.folder} is damaged: "
                                   + "; ".join(damage) + ".")
        folder = folders.live_dir()
        cursor = read_cursor(folder)
    except IndexUnavailable as error:
        log.warning("not draining the index change log: %s", error)
        return result
    for _ in range(MAX_PASSES):
        now = head()
        limit = DRAIN_BATCH + len(cursor.applied)
        rows = rows_between(cursor.position, now.position, limit)
        batch = [(i, a) for i, a in rows if i not in cursor.applied][:DRAIN_BATCH]
        more = len(rows) == limit       # then `batch` holds DRAIN_BATCH rows, and more follow
        if batch:
            ids = sorted({a for _, a in batch})
            write_articles(ix, ids)
            result.articles += len(ids)
            result.rows += len(batch)
        moved = cursor.after(now, [i for i, _ in batch], batch[-1][0] if more else now.position)
        if moved != cursor:
            write_cursor(folder, moved)
            cursor = moved
        # Done once a pass found nothing new: rows committed during this pass are taken
        # by the next, not left to a later drain that another process may skip while
        # this one holds the lock.
        if not batch and not more:
            break
    result.position = cursor.position
    registry.register(cursor.position, folder.name)
    return result


def write_articles(ix, article_ids):
    """Replace the documents of these articles (removed articles just lose theirs)."""
    writer = ix.writer(limitmb=WRITER_LIMITMB)
    # An index built before a field was added (the `copies` column) lacks it until the
    # next rebuild_index (run after every upgrade): leave such fields out, not fail.
    known = set(ix.schema.names())
    try:
        _delete_articles(ix, writer, article_ids)
        for doc in documents_for(article_ids):
            writer.add_document(**{name: value for name, value in doc.items() if name in known})
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    integrity.record(ix.storage.folder)


def _delete_articles(ix, writer, article_ids):
    """Delete the articles' documents, finding them with this process's pooled searcher
    when it shows exactly the writer's starting generation (the usual case): opening
    another reader would cost about 200 ms at 200,000 paragraphs."""
    terms = query.Or([query.Term("article", article_id) for article_id in article_ids])
    with searching() as s:
        if s.generation == (ix.storage.folder, writer.generation - 1):
            writer.delete_by_query(terms, searcher=s.searcher)
            return
    writer.delete_by_query(terms)
