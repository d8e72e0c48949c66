"""Compare the index with the database: what `manage.py sync_index --check` reports.

Every document stores a hash of the database values it was built from
(documents.content_hash), so a stale document is found without re-analysing text:
  missing   a paragraph or article in the database with no document in the index
  stale     a document whose hash differs from what the database would give now
            (text, headline, outlet, authors, date, position or public commentary changed)
  orphaned  a document whose paragraph or article is no longer in the database
A difference in an article whose change waits in the log after the index's position is
not drift: the next drain applies it (`waiting`). The position is read before the
searcher, which holds at least every row up to it, and the waiting rows after the
database's documents, so a change committed meanwhile (an edit, a drain under way on
this host or another) shows as waiting, never as drift.
"""
from dataclasses import dataclass, field

from django.db.models import Q

from ..models import IndexChange
from .changelog import state_after
from .cursor import outside_log, read_cursor
from .rows import article_id_ranges, documents_between
from .errors import IndexUnavailable
from .folders import live_dir, open_live_index
from .searcher import searching

KINDS = ("missing", "stale", "orphaned")


@dataclass
class Drift:
    missing: list = field(default_factory=list)    # document ids ("c12", "a3")
    stale: list = field(default_factory=list)
    orphaned: list = field(default_factory=list)
    waiting: list = field(default_factory=list)    # differing, their change in the log
    documents: int = 0                             # documents in the index
    position: int = 0                              # the index's position in the log
    problem: object = None      # errors.Problem: its position is outside the log

    @property
    def clean(self):
        return not (self.missing or self.stale or self.orphaned or self.problem)


def find_drift():
    """The drift between database and live index (IndexUnavailable if there is none)."""
    cursor, indexed = _indexed()
    drift = Drift(documents=len(indexed), position=cursor.position)
    found = []                  # (kind, document id, article id)
    for first, last in article_id_ranges(1000):
        for doc in documents_between(first, last, hashes_only=True):
            stored = indexed.pop(doc["id"], None)
            if stored is None:
                found.append(("missing", doc["id"], doc["article"]))
            elif stored[0] != doc["hash"]:
                found.append(("stale", doc["id"], doc["article"]))
    found += [("orphaned", doc_id, article) for doc_id, (_, article) in sorted(indexed.items())]
    drift.problem = outside_log(cursor, state_after(cursor.position))
    # Outside the log, nothing that waits will be applied: all of it is drift.
    waiting = set() if drift.problem else waiting_articles(cursor)
    for kind, doc_id, article in found:
        getattr(drift, "waiting" if article in waiting else kind).append(doc_id)
    return drift


def _indexed():
    """The live generation's cursor, and {document id: (hash, article id)} of a searcher
    that holds at least every log row up to its position."""
    for _ in range(3):          # a rebuild may switch generations between the two reads
        folder = live_dir()
        if folder is None:
            open_live_index()   # raises IndexUnavailable, saying what to run
        cursor = read_cursor(folder)
        with searching() as s:
            if s.generation[0] != str(folder):
                continue
            return cursor, {f["id"]: (f.get("hash"), f.get("article"))
                            for f in s.searcher.all_stored_fields()}
    raise IndexUnavailable("The search index switched generations during the check: "
                           "a rebuild is running. Check again when it has ended.")


def waiting_articles(cursor):
    """The articles with a log row after the cursor that it has not applied."""
    rows = IndexChange.objects.filter(id__gt=cursor.position)
    if cursor.applied:
        rows = rows.filter(~Q(id__in=cursor.applied))
    return set(rows.values_list("article_id", flat=True))
