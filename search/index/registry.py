"""The indexes that follow the change log, one per host, registered in the database.

Each drain records its index's name (settings.INDEX_NAME, by default the host name), the
log position it reached, its generation and the time. From that table any host can list
every index and its lag (`manage.py index_status`, the admin), and pruning knows which
rows some index still needs.

Pruning: a log row is deleted only when every known index has applied it and it is older
than INDEX_LOG_RETENTION seconds. An index that has not drained for longer than the
retention is no longer "known" (a host retired or down for long): it no longer holds the
log back, and if it comes back behind the pruned horizon it rebuilds from the database.
"""
import time
from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from ..models import ChangeLogPruned, IndexChange, IndexReplica
from ..types import IndexLag
from .changelog import state_after
from .memo import PROCESS

PRUNE_EVERY = 60            # seconds between prunes in one process
# This process's last prune ("pruned" -> time.monotonic()) and its last look at its own
# lag (key -> (time.monotonic(), IndexLag)): one entry each.
PRUNED, OWN_LAG = "last prune", "own lag"


def index_name():
    return settings.INDEX_NAME


def register(position, generation):
    """Record this host's index position after a drain or a build (and prune now and then)."""
    IndexReplica.objects.update_or_create(
        name=index_name(),
        defaults={"position": position, "generation": generation, "last_drain": timezone.now()})
    last = PROCESS.memo(PRUNED, limit=1)
    if time.monotonic() - (last.get("pruned") or 0.0) >= PRUNE_EVERY:
        last.put("pruned", time.monotonic())
        prune()


def lag_of(replica, now=None):
    now = now or timezone.now()
    # One query: /healthz asks this under load, where every round trip waits its turn.
    log = state_after(replica.position)
    oldest = log.oldest_after
    return IndexLag(replica.name, replica.position, replica.generation, replica.last_drain,
                    log.rows_after, (now - oldest).total_seconds() if oldest else 0.0,
                    log.head_after, log)


def every_lag():
    """The lag of every registered index, by name."""
    return [lag_of(replica) for replica in IndexReplica.objects.order_by("name")]


def own_lag(position, reuse_within=0.0):
    """This host's lag, seen from its own cursor position. A look this process took at the
    same index and position less than `reuse_within` seconds ago serves instead of a new
    query (its oldest change aged meanwhile): while requests come, the follower looks
    every INDEX_FOLLOW_INTERVAL (follow.py), so /healthz, probed under load, makes no
    round trip of its own."""
    name, now = index_name(), time.monotonic()
    key = (name, str(settings.SEARCH_INDEX_DIR), position)
    looks = PROCESS.memo(OWN_LAG, limit=1)
    seen = looks.get(key)
    if seen and now - seen[0] < reuse_within:
        when, lag = seen
        if lag.rows_behind:
            return replace(lag, seconds_behind=lag.seconds_behind + now - when)
        return lag
    lag = lag_of(IndexReplica(name=name, position=position))
    looks.put(key, (now, lag))
    return lag


def prune():
    """Delete the log rows every known index has applied and that are older than the
    retention; returns how many were deleted."""
    retention = timedelta(seconds=settings.INDEX_LOG_RETENTION)
    now = timezone.now()
    known = IndexReplica.objects.filter(last_drain__gte=now - retention)
    lowest = known.aggregate(lowest=Min("position"))["lowest"]
    if lowest is None:
        return 0
    old = IndexChange.objects.filter(id__lte=lowest, created__lt=now - retention)
    through = old.order_by("-id").values_list("id", flat=True).first()
    if through is None:
        return 0
    with transaction.atomic():
        horizon, _ = ChangeLogPruned.objects.select_for_update().get_or_create(pk=1)
        deleted, _ = IndexChange.objects.filter(id__lte=through).delete()
        if through > horizon.through:
            horizon.through = through
            horizon.save(update_fields=["through"])
    return deleted
