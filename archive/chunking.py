"""Derive an article's paragraphs (chunks) from its body, keeping their ids stable.

The body holds paragraphs separated by blank lines and headings on lines starting
with "## ". Re-chunking after an edit matches the new paragraphs to the old ones:
an identical paragraph keeps its key; a lightly edited one (most of its text the same,
found near where it was) keeps its key and takes the new text. A paragraph that is
gone is deleted, and commentary written on it stays on the article with the old
paragraph's text in `detached_from`, so nothing an archivist wrote is lost silently.
"""
import difflib
import re
import secrets
from dataclasses import dataclass

from django.db import transaction

from search import detect_paragraph_language

HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
# How alike an edited paragraph must be to its old version to keep its id.
SIMILAR_ENOUGH = 0.75


@dataclass(frozen=True)
class Block:
    heading: str
    text: str


def split_body(body):
    """The body's paragraphs as Blocks, each with the section heading above it."""
    blocks, heading = [], ""
    for part in re.split(r"\n\s*\n", body.replace("\r\n", "\n").replace("\r", "\n")):
        part = part.strip()
        if not part:
            continue
        match = HEADING.match(part) if "\n" not in part else None
        if match:
            heading = match.group(1).strip()
        else:
            blocks.append(Block(heading=heading, text=part))
    return blocks


def new_key(taken):
    while True:
        key = secrets.token_hex(4)
        if key not in taken:
            taken.add(key)
            return key


def match_blocks(old_chunks, blocks):
    """Pair each new block with an old chunk (or None): exact text first, then similar text."""
    pairs = [None] * len(blocks)
    unused = {c.pk: c for c in old_chunks}
    by_text = {}
    for chunk in old_chunks:
        by_text.setdefault(chunk.text, []).append(chunk)
    for i, block in enumerate(blocks):
        candidates = [c for c in by_text.get(block.text, []) if c.pk in unused]
        if candidates:
            pairs[i] = unused.pop(candidates[0].pk)
    for i, block in enumerate(blocks):
        if pairs[i] is None:
            pairs[i] = _most_similar(block.text, unused, near=i)
            if pairs[i] is not None:
                del unused[pairs[i].pk]
    return pairs, list(unused.values())


def _most_similar(text, unused, near):
    best, best_ratio = None, SIMILAR_ENOUGH
    for chunk in unused.values():
        if abs(chunk.position - near) > 3:
            continue
        matcher = difflib.SequenceMatcher(None, chunk.text, text, autojunk=False)
        if matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = chunk, ratio
    return best


@transaction.atomic
def sync_chunks(article):
    """Make the article's chunks match its body. Returns the detached commentary count."""
    from .models import Chunk, Commentary

    old = list(article.chunks.all())
    blocks = split_body(article.body)
    pairs, gone = match_blocks(old, blocks)
    detached = 0
    for chunk in gone:
        detached += Commentary.objects.filter(chunk=chunk).update(
            chunk=None, detached_from=chunk.text
        )
        chunk.delete()
    taken = {c.key for c in old}
    added = []
    for position, (block, chunk) in enumerate(zip(blocks, pairs)):
        if chunk is None:
            added.append(Chunk(article=article, key=new_key(taken), position=position,
                               heading=block.heading, text=block.text,
                               language=detect_paragraph_language(block.text, article.language)))
            continue
        language = detect_paragraph_language(block.text, article.language)
        changed = chunk.text != block.text or chunk.heading != block.heading or \
            chunk.position != position or chunk.language != language
        chunk.position, chunk.heading, chunk.text = position, block.heading, block.text
        chunk.language = language
        if changed:
            chunk.save()
    # New paragraphs in one INSERT (an import creates thousands). bulk_create sends no
    # post_save: the index outbox row written by the article's own save covers them.
    Chunk.objects.bulk_create(added)
    return detached
