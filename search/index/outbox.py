"""Recording changes for the index: change log rows written in the change's own transaction.

Any save or delete of an Article, Chunk, Commentary or Outlet, from the admin, the
importer or a shell, appends IndexChange rows (the change log, models.py) naming the
affected articles inside the transaction that makes the change (post_save/post_delete run
inside it), and asks for one drain of this host's index (drain.py) once that transaction
commits; the other hosts' indexes follow the log on their own (follow.py). Rows written by
a transaction that rolls back vanish with it, and so does its drain.

One row per article per transaction: an admin save that changes an article and three of
its paragraphs fires four signals, but writes one row and registers one drain. A row is
skipped only while the row written earlier in the same transaction is still sure to
commit with it (see `_Transaction`).

Inside `with deferred():` commits do not drain; the index catches up once when the block
ends (bulk imports), by draining or, for a large backlog, by a rebuild. With
`deferred(batch_seconds=N)` a commit drains when the last drain of the block is N seconds
old: a long import hands the log over in batches, so that whatever else is saved meanwhile
(an archivist's edit in the admin, whose drain must apply every row before its own) waits
behind one batch at most, not behind the whole import.
"""
import logging
import threading
import time
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from archive.models import Article, Chunk, Commentary, Outlet

from ..models import IndexChange
from . import folders
from .cursor import live_position, read_cursor
from .errors import IndexUnavailable
from .drain import drain
from .rebuild import WriterBusy, rebuild

log = logging.getLogger(__name__)

# Above this many articles waiting, a full rebuild (several processes, segments written
# once, no merging into the live index) is faster than draining them batch by batch:
# draining re-indexes about 30 paragraphs a second at 100,000 paragraphs, a rebuild ten
# times that.
REBUILD_ABOVE = 1000

_local = threading.local()


class _Transaction:
    """What this thread's current transaction has written to the change log.

    Django runs on-commit callbacks after the outermost commit and drops those registered
    inside a savepoint that rolls back; so while the drain callback this transaction
    registered still waits in the connection's list, the transaction is the same one.
    Its rows are remembered by primary key and looked up before being relied on: a row
    a rolled-back savepoint took away, or that pruning deleted meanwhile, is written again.
    """

    def __init__(self):
        self.callback = _drain_on_commit()
        self.row_of = {}               # article id -> pk of the row written for it

    def is_open(self):
        waiting = transaction.get_connection().run_on_commit
        return any(entry[1] is self.callback for entry in waiting)

    def unwritten(self, article_ids):
        """The articles without a row of this transaction that is still to be applied here
        (a drain run inside the transaction applies its rows as they stood then)."""
        remembered = [self.row_of[a] for a in article_ids if a in self.row_of]
        if not remembered:
            return list(article_ids)
        folder = folders.live_dir()
        try:
            cursor = read_cursor(folder) if folder else None
        except IndexUnavailable:
            return list(article_ids)    # write them again: a second row costs nothing
        present = {article for pk, article in IndexChange.objects.filter(pk__in=remembered)
                   .values_list("pk", "article_id")
                   if cursor is None or (pk > cursor.position and pk not in cursor.applied)}
        return [a for a in article_ids if a not in present]

    def write(self, article_ids):
        rows = IndexChange.objects.bulk_create([IndexChange(article_id=a) for a in article_ids])
        for row in rows:
            if row.pk is not None:      # (a database that returns no pks: always write)
                self.row_of[row.article_id] = row.pk


def queue(article_ids):
    """Log rows for these articles, at most one per article in this transaction."""
    article_ids = list(dict.fromkeys(article_ids))
    if not article_ids:
        return
    if not transaction.get_connection().in_atomic_block:    # autocommit: its own transaction
        IndexChange.objects.bulk_create([IndexChange(article_id=a) for a in article_ids])
        _drain_on_commit()
        return
    current = getattr(_local, "transaction", None)
    if current is None or not current.is_open():
        current = _local.transaction = _Transaction()
    new = current.unwritten(article_ids)
    if new:
        current.write(new)


def _drain_on_commit():
    """Arrange one drain after the current transaction commits (at once in autocommit),
    unless inside `deferred()` then; returns the callback registered."""
    def drain_after_commit():
        if not getattr(_local, "deferred", 0):
            drain()
        else:
            hand_over_batch()
    # robust: the change is committed; an index failure must not turn the save into an
    # error page. It is logged, and the rows wait for the next drain or sync_index.
    transaction.on_commit(drain_after_commit, robust=True)
    return drain_after_commit


@contextmanager
def deferred(batch_seconds=None):
    """No drain after each commit inside the block; the index catches up when it ends,
    and, with `batch_seconds`, after the first commit past each such interval."""
    _local.deferred = getattr(_local, "deferred", 0) + 1
    outer = getattr(_local, "batch", None)
    if batch_seconds:
        _local.batch = [batch_seconds, time.monotonic() + batch_seconds]
    try:
        yield
    finally:
        _local.deferred -= 1
        _local.batch = outer
    if _local.deferred == 0:
        catch_up()


def hand_over_batch():
    """Drain if the block's batch interval has passed (an index must exist: a first import
    into an empty archive builds it once, when the block ends)."""
    batch = getattr(_local, "batch", None)
    if batch is None or time.monotonic() < batch[1] or folders.live_dir() is None:
        return
    drain()
    batch[1] = time.monotonic() + batch[0]   # counted from the drain's end: the import goes on between


def catch_up():
    """Bring this host's index up to the log after a bulk change: drain it, or rebuild
    when the backlog is large. Returns a DrainResult or RebuildResult, or None if busy."""
    if folders.live_dir() is None:
        return drain(build=True)        # the first index: built from the database
    try:
        position = live_position()
    except IndexUnavailable:
        return drain()                  # which says what is wrong
    waiting = IndexChange.objects.filter(id__gt=position).values("article_id").distinct().count()
    if waiting <= REBUILD_ABOVE:
        return drain()
    try:
        return rebuild()
    except WriterBusy:
        log.info("index writer busy: %d changed articles wait for the next drain", waiting)
        return None


# ---------------------------------------------------------------- the model signals

@receiver([post_save, post_delete], sender=Article, dispatch_uid="index_article")
def article_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        queue([instance.pk])


@receiver([post_save, post_delete], sender=Chunk, dispatch_uid="index_chunk")
@receiver([post_save, post_delete], sender=Commentary, dispatch_uid="index_commentary")
def part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        moved_from = getattr(instance, "_indexed_under", None)
        queue([a for a in (instance.article_id, moved_from) if a is not None])


@receiver(pre_save, sender=Commentary, dispatch_uid="index_commentary_move")
def remember_article(sender, instance, raw=False, **kwargs):
    """Commentary moved to another article must leave the old article's documents too."""
    if not raw and instance.pk:
        instance._indexed_under = (
            Commentary.objects.filter(pk=instance.pk).values_list("article_id", flat=True).first()
        )


@receiver([post_save, post_delete], sender=Outlet, dispatch_uid="index_outlet")
def outlet_changed(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        queue(Article.objects.filter(outlet_id=instance.pk).values_list("id", flat=True))
