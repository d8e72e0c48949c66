"""The index's account of itself, as plain data, for /healthz and the public door."""
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

from . import integrity, registry, upkeep
from .cursor import read_cursor
from .errors import PUBLIC_MESSAGE, IndexUnavailable, Problem
from .folders import current_generation
from .searcher import searching

UNREADABLE = "unavailable: " + PUBLIC_MESSAGE


@dataclass(frozen=True)
class IndexStatus:
    ok: bool
    message: str             # what is wrong, with folders and the cure: for the log
    documents: int           # Whoosh documents (paragraphs + one per article)
    outbox_backlog: int      # log rows committed after this index's position
    generation: str          # folder of the live index, e.g. "gen-3" ("" when none)
    name: str = ""           # this host's INDEX_NAME
    position: int = 0        # this index's position in the change log
    lag_seconds: float = 0.0  # age of the oldest change it has not applied
    # What is wrong in words for anyone ("cannot be written: the disk is full"): no
    # folders, no commands. "" when ok.
    cause: str = ""

    def as_dict(self):
        return asdict(self)


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
