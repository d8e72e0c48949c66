"""Reading the change log: its head, and the rows after a position.

On PostgreSQL a row's id (its position) is taken from a sequence when it is inserted, but
the row becomes visible when its transaction commits, so a lower id can appear after a
higher one has been read. `head()` therefore reads, in one statement (one snapshot), the
highest visible id and the transactions still in progress: an id at or below that head
which is not visible yet can only belong to one of those transactions. Once none of them
is in progress any more, every row up to that head is final (cursor.py keeps that
account). On SQLite one writer commits at a time, in id order: every head is final.
"""
import time
from dataclasses import dataclass

from django.db import connection

from ..models import ChangeLogPruned, IndexChange

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
