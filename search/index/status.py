"""The index's account of itself, as plain data, for /healthz and the public door."""
from dataclasses import asdict, dataclass

from ..models import IndexOutbox
from . import integrity
from .errors import IndexUnavailable
from .folders import current_generation
from .searcher import searching


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
    backlog = IndexOutbox.objects.count()
    try:
        with searching() as s:
            documents = s.searcher.doc_count()
            folder = s.generation[0]
    except IndexUnavailable as error:
        return IndexStatus(False, str(error), 0, backlog, current_generation() or "")
    damage = integrity.verify(folder)
    if damage:
        error = IndexUnavailable(f"The search index in {folder} is damaged: "
                                 + "; ".join(damage) + ".")
        return IndexStatus(False, str(error), documents, backlog, current_generation() or "")
    return IndexStatus(True, "ok", documents, backlog, current_generation() or "")
