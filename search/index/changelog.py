"""Reading the change log: its head, and the rows after a position.

On PostgreSQL a row's id (its position) is taken from a sequence when it is inserted, but
the row becomes visible when its transaction commits, so a lower id can appear after a
higher one has been read. `head()` therefore reads, in one statement (one snapshot), the
highest visible id and the transactions still in progress: an id at or below that head
which is not visible yet can only belong to one of those transactions. Once none of them
is in progress any more, every row up to that head is final (cursor.py keeps that
account). On SQLite one writer commits at a time, in id order: every head is final.

The log has an epoch (models.ChangeLogPruned): a restored database begins the log again,
from ids an index may already have passed, so positions are compared only within one
epoch (cursor.outside_log).
"""
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone as dt_timezone

from django.db import connection, transaction
from django.utils.dateparse import parse_datetime

from ..models import ChangeLogPruned, IndexChange, IndexReplica

SETTLE_POLL = 0.05          # seconds between looks while waiting for a head to settle


@dataclass(frozen=True)
class Head:
    position: int                     # the highest id visible
    in_flight: frozenset = frozenset()  # transactions in progress when it was read

    @property
    def final(self):
        return not self.in_flight


def head():
    """The log's head and, on PostgreSQL, the transactions that may still add below it."""
    table = connection.ops.quote_name(IndexChange._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # pg_current_snapshot() is the statement's own snapshot, "xmin:xmax:xip,xip,..."
            cursor.execute(f"SELECT (SELECT max(id) FROM {table}), pg_current_snapshot()::text")
            top, snapshot = cursor.fetchone()
            in_progress = snapshot.split(":")[2]
            return Head(top or 0, frozenset(int(x) for x in in_progress.split(",") if x))
        cursor.execute(f"SELECT max(id) FROM {table}")
        return Head(cursor.fetchone()[0] or 0)


def settled_head(timeout):
    """A final head read now: the head, once the transactions in flight when it was read
    have ended (every row up to it is then committed or gone). None after `timeout` s."""
    first = head()
    deadline = time.monotonic() + timeout
    while not first.final:
        if not (first.in_flight & head().in_flight):
            return Head(first.position)
        if time.monotonic() >= deadline:
            return None
        time.sleep(SETTLE_POLL)
    return first


def rows_between(after, through, limit):
    """[(id, article_id)] of the first `limit` visible rows with after < id <= through."""
    return list(IndexChange.objects.filter(id__gt=after, id__lte=through)
                .order_by("id").values_list("id", "article_id")[:limit])


def pruned_through():
    """Log rows up to this position have been pruned (0 when none was)."""
    return ChangeLogPruned.objects.values_list("through", flat=True).first() or 0


@dataclass(frozen=True)
class LogState:
    """The log as one index sees it from its position, read in one round trip."""
    rows_after: int             # visible rows after the position
    oldest_after: datetime | None   # when the oldest of them was written
    head_after: int             # the newest of them (0 when none)
    top: int                    # the log's newest row (0 when empty)
    horizon: int                # rows up to here were pruned
    epoch: str                  # the log's epoch ("" before the first index was built)

    @property
    def end(self):
        """The highest position an index of this log can have reached."""
        return max(self.top, self.horizon)


def state_after(position):
    """The LogState seen from `position`: one statement, since /healthz asks it under load
    (where every round trip waits its turn) and the follower every second."""
    q = connection.ops.quote_name
    log, kept = q(IndexChange._meta.db_table), q(ChangeLogPruned._meta.db_table)
    sql = (f"SELECT COUNT(*), MIN({q('created')}), MAX({q('id')}), "
           f"(SELECT MAX({q('id')}) FROM {log}), "
           f"(SELECT {q('through')} FROM {kept} WHERE {q('id')} = 1), "
           f"(SELECT {q('epoch')} FROM {kept} WHERE {q('id')} = 1) "
           f"FROM {log} WHERE {q('id')} > %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [position])
        rows, oldest, head_after, top, horizon, epoch = cursor.fetchone()
    return LogState(rows, _as_datetime(oldest), head_after or 0, top or 0, horizon or 0,
                    epoch or "")


def _as_datetime(value):
    """MIN(created) as an aware datetime: SQLite hands an aggregate back as text (UTC)."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = parse_datetime(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt_timezone.utc)


def epoch(create=False):
    """The log's epoch; with `create`, one is given when it has none yet (the first
    index built, or a database restored by a dump that leaves the log's row out)."""
    current = ChangeLogPruned.objects.filter(pk=1).values_list("epoch", flat=True).first()
    if current or not create:
        return current or ""
    with transaction.atomic():
        row, _ = ChangeLogPruned.objects.select_for_update().get_or_create(pk=1)
        if not row.epoch:
            row.epoch = uuid.uuid4().hex
            row.save(update_fields=["epoch"])
    return row.epoch


def begin_anew():
    """Give the log a new epoch and forget the registered indexes: after the database was
    replaced, every index holds another database's contents, and its position counts in
    another log. Each index then rebuilds from the database (drain.rebuild_reason) and
    registers again. Returns the new epoch."""
    new = uuid.uuid4().hex
    with transaction.atomic():
        ChangeLogPruned.objects.update_or_create(pk=1, defaults={"epoch": new})
        IndexReplica.objects.all().delete()
    return new
