"""The index's account of itself, as plain data, for /healthz and the public door."""
from pathlib import Path

from django.conf import settings

from . import integrity, registry, upkeep
from .cursor import read_cursor
from .errors import IndexUnavailable, Problem
from .folders import current_generation
from .searcher import searching
from ..types import IndexStatus

UNREADABLE = "unavailable: " + IndexUnavailable.public


def index_status():
    """The index's health as plain data; never raises for an index problem."""
    try:
        with searching() as s:
            documents = s.searcher.doc_count()
            folder = s.generation[0]
        # The position of the generation this process searches; its folder names it, where
        # reading `current` again would cost /healthz more turns for the GIL under load.
        cursor = read_cursor(folder)
        generation = Path(folder).name
    except IndexUnavailable as error:
        lag = registry.own_lag(0)        # an index that cannot be read has applied nothing
        return IndexStatus(False, str(error), 0, lag.rows_behind, current_generation() or "",
                           lag.name, 0, lag.seconds_behind, UNREADABLE)
    # The follower's look at the log serves when it is recent (it looks every interval
    # while requests come): under load, a probe's own round trip was most of its time.
    lag = registry.own_lag(cursor.position, reuse_within=2 * settings.INDEX_FOLLOW_INTERVAL)
    found = _problem(folder, cursor, lag)
    return IndexStatus(found is None, found.detail if found else "ok", documents,
                       lag.rows_behind, generation, lag.name, cursor.position,
                       lag.seconds_behind, found.cause if found else "")


def _problem(folder, cursor, lag):
    """What keeps the index from serving current results (an errors.Problem), or None:
    damaged files make it unreadable; a full or read-only disk, a position outside the
    log or failing attempts to follow it keep it from following the database."""
    damage = integrity.verify(folder)
    if damage:
        error = IndexUnavailable(f"The search index in {folder} is damaged: "
                                 + "; ".join(damage) + ".")
        return Problem(UNREADABLE, str(error))
    return upkeep.problem(folder, cursor, lag)
