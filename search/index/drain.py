"""Applying the outbox to the index: read the rows, rewrite their articles, delete the rows.

`drain()` takes the writer lock (lock.writer_lock) for at most LOCK_TIMEOUT seconds; if
another process holds it, the rows simply wait for the next drain. Holding the lock it
reads outbox rows, THEN the articles' current state, deletes and re-adds their documents,
commits the Whoosh writer, deletes exactly the rows it read, and loops until the outbox
is empty, so a row committed meanwhile is not stranded. A process dying anywhere in
between leaves its rows for the next drain or `manage.py sync_index`.
"""
import logging
from dataclasses import dataclass

from whoosh import query

from archive.models import Article

from ..models import IndexOutbox
from . import folders
from .documents import documents_for
from .errors import IndexUnavailable
from .lock import writer_lock
from .searcher import searching

log = logging.getLogger(__name__)

LOCK_TIMEOUT = 0.5          # a web request waits this long at most for the writer lock
DRAIN_BATCH = 500           # outbox articles re-indexed per Whoosh commit
WRITER_LIMITMB = 256        # Whoosh's default of 128 MB spills to disk more often


@dataclass
class DrainResult:
    articles: int = 0     # outbox articles re-indexed
    rows: int = 0         # outbox rows consumed


def drain(timeout=LOCK_TIMEOUT):
    """Index what the outbox names. Returns a DrainResult, or None if the lock was busy."""
    with writer_lock(timeout) as locked:
        if not locked:
            log.info("index writer busy: outbox rows wait for the next drain")
            return None
        return drain_locked()


def drain_locked():
    """The drain itself; the caller holds the writer lock (drain(), or a rebuild)."""
    result = DrainResult()
    while True:
        rows = list(IndexOutbox.objects.order_by("id").values_list("id", "article_id")[:DRAIN_BATCH])
        if not rows:
            return result
        ix = _index_for_drain()
        if ix is None:
            return result
        ids = sorted({a for _, a in rows})
        write_articles(ix, ids)
        IndexOutbox.objects.filter(id__in=[r for r, _ in rows]).delete()
        result.articles += len(ids)
        result.rows += len(rows)


def _index_for_drain():
    """The live index; a first one is created only if the outbox covers every article."""
    try:
        return folders.open_live_index()
    except IndexUnavailable as error:
        if folders.live_dir() is not None or \
                Article.objects.exclude(id__in=IndexOutbox.objects.values("article_id")).exists():
            log.warning("not draining the index outbox: %s", error)
            return None
    path = folders.new_generation()
    folders.switch_to(path)
    return folders.open_live_index()


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
