"""Compare the index with the database: what `manage.py sync_index --check` reports.

Every document stores a hash of the database values it was built from
(documents.content_hash), so a stale document is found without re-analysing text:
  missing   a paragraph or article in the database with no document in the index
  stale     a document whose hash differs from what the database would give now
            (text, headline, outlet, authors, date, position or public commentary changed)
  orphaned  a document whose paragraph or article is no longer in the database
"""
from dataclasses import dataclass, field

from .rows import article_id_ranges, documents_between
from .searcher import searching


@dataclass
class Drift:
    missing: list = field(default_factory=list)    # document ids ("c12", "a3")
    stale: list = field(default_factory=list)
    orphaned: list = field(default_factory=list)
    documents: int = 0                             # documents in the index

    @property
    def clean(self):
        return not (self.missing or self.stale or self.orphaned)


def find_drift():
    """The drift between database and live index (IndexUnavailable if there is none)."""
    with searching() as s:
        indexed = {f["id"]: f.get("hash") for f in s.searcher.all_stored_fields()}
    drift = Drift(documents=len(indexed))
    for first, last in article_id_ranges(1000):
        for doc in documents_between(first, last, hashes_only=True):
            stored = indexed.pop(doc["id"], None)
            if stored is None:
                drift.missing.append(doc["id"])
            elif stored != doc["hash"]:
                drift.stale.append(doc["id"])
    drift.orphaned = sorted(indexed)
    return drift
