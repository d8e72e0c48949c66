"""What goes wrong with the search index, said so that an operator knows what to do.

Every missing, empty or unreadable index raises `IndexUnavailable`, whose message names
the command that fixes it; views turn it into a 503 page (or a JSON 503) instead of a
stack trace. `index_status()` gives the /healthz endpoint plain data.
"""
from dataclasses import asdict, dataclass

REBUILD_HINT = "Run: python manage.py rebuild_index"


class IndexUnavailable(Exception):
    """The search index cannot be used; str(error) says why and what to run."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(f"{reason} {REBUILD_HINT}")


@dataclass(frozen=True)
class IndexStatus:
    ok: bool
    message: str
    documents: int           # Whoosh documents (paragraphs + one per article)
    outbox_backlog: int      # changes committed but not yet indexed
    generation: str          # folder of the live index, e.g. "gen-3" ("" when none)

    def as_dict(self):
        return asdict(self)


def index_status():
    """The index's health as plain data; never raises for an index problem."""
    from .index_files import current_generation
    from .models import IndexOutbox
    from .searcher import searching

    backlog = IndexOutbox.objects.count()
    try:
        with searching() as s:
            documents = s.searcher.doc_count()
    except IndexUnavailable as error:
        return IndexStatus(False, str(error), 0, backlog, current_generation() or "")
    return IndexStatus(True, "ok", documents, backlog, current_generation() or "")
