"""Derive an article's paragraphs (chunks) from its body, keeping their ids stable.

Pure: splitting a body into blocks and matching them to the old paragraphs; the
database side (Article.sync_paragraphs in archive/models.py) applies the plan.

The body holds paragraphs separated by blank lines and headings on lines starting
with "## ". Re-chunking after an edit matches the new paragraphs to the old ones:
an identical paragraph keeps its key; a lightly edited one (most of its text the same,
found near where it was) keeps its key and takes the new text. A paragraph that is
gone is deleted, and commentary written on it stays on the article with the old
paragraph's text in `detached_from`, so nothing an archivist wrote is lost silently.
A removed paragraph is remembered (RemovedParagraph: its key, text and when), so its
permalink can say it was removed; put back with the same text, it takes its key and its
detached commentary back.
"""
import difflib
import re
import secrets
from dataclasses import dataclass

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


@dataclass(frozen=True)
class ChunkPlan:
    """How an article's stored paragraphs become its body's: plain data, applied by
    Article.sync_paragraphs() (archive/models.py)."""
    update: list       # (old chunk, position, Block, language): kept, with a new position,
                       # heading, text or language
    add: list          # (new key, position, Block, language)
    restore: list      # (removed paragraph, position, Block, language): its old key back
    remove: list       # old chunks whose paragraph is gone


def plan_chunks(old_chunks, body, removed=(), language_of=lambda text: ""):
    """The ChunkPlan that makes `old_chunks` (objects with pk, key, position, heading,
    text) match `body`: matched paragraphs keep their key; a paragraph put back with the
    text of one of the `removed` (objects with key and text) takes its key back; new ones
    get a fresh key, never one a paragraph had before. `language_of(text)` gives a
    paragraph's language (archive/models.py hands in the detector)."""
    blocks = split_body(body)
    pairs, gone = match_blocks(old_chunks, blocks)
    by_text = {r.text: r for r in removed}
    taken = {c.key for c in old_chunks} | {r.key for r in removed}
    update, add, restore = [], [], []
    for position, (block, chunk) in enumerate(zip(blocks, pairs)):
        if chunk is None and block.text in by_text:
            restore.append((by_text.pop(block.text), position, block, language_of(block.text)))
        elif chunk is None:
            add.append((new_key(taken), position, block, language_of(block.text)))
        else:
            language = language_of(block.text)
            now = (block.text, block.heading, position, language)
            if (chunk.text, chunk.heading, chunk.position, getattr(chunk, "language", "")) != now:
                update.append((chunk, position, block, language))
    return ChunkPlan(update, add, restore, gone)
