"""The admin's list of outlets' boilerplate, and the archivist's verdicts on it.

The engine detects boilerplate from the index (engine/copies.py); this reads the blocks
it found with one paragraph of each from the database, and records a verdict (a
BoilerplateVerdict row, which every later search reads: no re-index is needed).
"""
from dataclasses import dataclass

from archive.models import Chunk, Outlet

from ..engine.article_copies import boilerplate_blocks
from ..index.searcher import searching
from ..index.signatures import fingerprint_number
from ..models import BoilerplateVerdict
from .hydrate import hex_id, verdicts


@dataclass(frozen=True)
class BlockRow:
    outlet: Outlet
    chunk: Chunk
    fingerprint: str           # hex
    articles: int
    detected: bool
    boilerplate: bool


def detected_blocks():
    """BlockRows of every outlet's boilerplate, detected or given by a verdict."""
    with searching() as s:
        blocks = boilerplate_blocks(s, verdicts())
    chunks = Chunk.objects.in_bulk([b.chunk for b in blocks])
    outlets = Outlet.objects.in_bulk([b.outlet for b in blocks], field_name="slug")
    return [BlockRow(outlets[b.outlet], chunks[b.chunk], hex_id(b.fingerprint), b.articles,
                     b.detected, b.boilerplate)
            for b in blocks if b.chunk in chunks and b.outlet in outlets]


def give_verdict(outlet, chunk, is_boilerplate):
    """Record (or change) the verdict on `chunk`'s text in `outlet`."""
    BoilerplateVerdict.objects.update_or_create(
        outlet=outlet, fingerprint=hex_id(fingerprint_number(chunk.text)),
        defaults={"text": chunk.text, "is_boilerplate": is_boilerplate})
