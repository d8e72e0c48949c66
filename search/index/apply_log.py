"""The rows of the change log after the live generation's cursor, applied to its index.

The caller holds the writer lock (drain.py's drain(), or a rebuild after its switch).
Holding it, this reads the log's head (changelog.head), the rows after the cursor
(cursor.py), THEN the articles' current state; it deletes and re-adds their documents,
commits the Whoosh writer, and only then stores the new cursor with the generation and
registers the position (registry.py); then it looks at the head again, until a look
finds nothing new. Rows are never deleted here: every other host's index needs them too.
"""
import logging
from dataclasses import dataclass, replace

from whoosh import query

from . import folders, integrity, registry
from .changelog import epoch, head, rows_between
from .cursor import read_cursor, write_cursor
from .rows import documents_for
from .errors import IndexUnavailable
from .searcher import searching

log = logging.getLogger(__name__)

DRAIN_BATCH = 500           # log rows re-indexed per Whoosh commit
WRITER_LIMITMB = 256        # Whoosh's default of 128 MB spills to disk more often
MAX_PASSES = 100            # reads of the log's head per drain, so a busy log cannot keep it


@dataclass
class DrainResult:
    articles: int = 0     # articles re-indexed
    rows: int = 0         # log rows applied
    position: int = 0     # the index's position in the log afterwards


def drain_locked():
    """The drain itself; the caller holds the writer lock (drain(), or a rebuild)."""
    result = DrainResult()
    try:
        ix, folder, cursor = _open_for_writing()
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


def _open_for_writing():
    """The live index, its folder and its cursor; IndexUnavailable when damaged."""
    ix = folders.open_live_index()
    damage = integrity.verify(ix.storage.folder, hashes=False)
    if damage:     # never write into an index no reader can trust
        raise IndexUnavailable(f"The search index in {ix.storage.folder} is damaged: "
                               + "; ".join(damage) + ".")
    folder = folders.live_dir()
    cursor = read_cursor(folder)
    if not cursor.epoch:        # built before epochs: it follows this log from now on
        cursor = replace(cursor, epoch=epoch(create=True))
        write_cursor(folder, cursor)
    return ix, folder, cursor


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
