"""Copies of a paragraph, and outlets' boilerplate with the archivists' verdicts on it.

    paragraph_copies(chunk)     the Chunks of other articles holding the same or nearly the
                                same paragraph, oldest first (/paragraphs/<pk>/copies/)
    detected_blocks()           BlockRows of every outlet's boilerplate, detected or given
                                by a verdict (the admin)
    give_verdict(outlet, chunk, is_boilerplate)   record (or change) a verdict

The backend finds the copies from its index; a verdict is a BoilerplateVerdict row,
which every later search reads: no re-index is needed.
"""
from dataclasses import dataclass

from archive.models import Chunk, Outlet

from ..models import BoilerplateVerdict
from .backend import backend, offers
from .reference import reference
from .results import hex_id


def paragraph_copies(chunk):
    """The other copies of `chunk` (a Chunk) as Chunks, oldest article first ([] when the
    backend does not know copies)."""
    if not offers("copies"):
        return []
    found = backend().paragraph_copies(chunk.pk, reference().tables)
    chunks = Chunk.objects.select_related("article__outlet").in_bulk([c for _, c in found])
    return sorted((chunks[c] for _, c in found if c in chunks),
                  key=lambda c: (c.article.published is None, c.article.published, c.pk))


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
    if not offers("boilerplate"):
        return []
    blocks = backend().boilerplate(reference().tables)
    chunks = Chunk.objects.in_bulk([b.chunk for b in blocks])
    outlets = Outlet.objects.in_bulk([b.outlet for b in blocks], field_name="slug")
    return [BlockRow(outlets[b.outlet], chunks[b.chunk], hex_id(b.fingerprint), b.articles,
                     b.detected, b.boilerplate)
            for b in blocks if b.chunk in chunks and b.outlet in outlets]


def give_verdict(outlet, chunk, is_boilerplate):
    """Record (or change) the verdict on `chunk`'s text in `outlet`."""
    BoilerplateVerdict.objects.update_or_create(
        outlet=outlet, fingerprint=hex_id(backend().fingerprint(chunk.text)),
        defaults={"text": chunk.text, "is_boilerplate": is_boilerplate})
