"""Keeping the Whoosh index equal to the database: the outbox drain, rebuilds and checks.

The lifecycle (see GUIDE.md and search/signals.py):
  1. a change to an Article, Chunk, Outlet or Commentary writes IndexOutbox rows (article
     ids) in the change's own transaction;
  2. after the commit, `drain()` takes the writer lock (index_files.writer_lock) for at
     most LOCK_TIMEOUT seconds; if another process holds it, the rows simply wait;
  3. holding the lock it reads outbox rows, THEN the articles' current state, deletes and
     re-adds their documents, commits the Whoosh writer, deletes exactly the rows it read,
     and loops until the outbox is empty, so a row committed meanwhile is not stranded.
A process dying anywhere in 2-3 leaves its rows in the outbox for the next drain or
`manage.py sync_index`. Inside `with deferred():` commits do not drain; one drain runs
on exit (bulk imports).

`rebuild()` builds a new generation folder from the database while searches read the
live one, switches atomically, then drains the outbox into the new index.
"""
import hashlib
import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from . import index_files
from .analysis import analyze, pairs_of, pre_analyzed
from .errors import IndexUnavailable
from .schema import KIND_ARTICLE, KIND_PARAGRAPH

log = logging.getLogger(__name__)

LOCK_TIMEOUT = 0.5          # a web request waits this long at most for the writer lock
REBUILD_LOCK_TIMEOUT = 120  # a rebuild waits for a running drain to finish
DRAIN_BATCH = 500           # outbox articles re-indexed per Whoosh commit
READ_BATCH = 1000           # articles read from the database at a time
WRITER_LIMITMB = 256        # Whoosh's default of 128 MB spills to disk more often


# Building documents from the database -------------------------------------------------

def documents_for(article_ids):
    """The Whoosh documents (dicts) of these articles (a few hundred ids at most)."""
    return _documents(Q(id__in=article_ids), Q(article_id__in=article_ids))


def documents_between(first_id, last_id, hashes_only=False):
    """The documents of the articles whose ids are in [first_id, last_id] (rebuilds).

    With hashes_only, just {"id", "hash"} per document, without analysing any text.
    """
    return _documents(Q(id__gte=first_id, id__lte=last_id),
                      Q(article_id__gte=first_id, article_id__lte=last_id), hashes_only)


def _documents(article_q, part_q, hashes_only=False):
    """Read with plain .values() queries: no model instances, no per-row queries."""
    from archive.models import Article, Chunk, Commentary

    articles = {
        a["id"]: a for a in Article.objects.filter(article_q).values(
            "id", "headline", "authors", "published", "published_precision", "outlet__slug")
    }
    notes_by_chunk, notes_by_article = {}, {}
    for article_id, chunk_id, text in Commentary.objects.filter(
            part_q, private=False).order_by("id").values_list("article_id", "chunk_id", "text"):
        target = notes_by_chunk.setdefault(chunk_id, []) if chunk_id else \
            notes_by_article.setdefault(article_id, [])
        target.append(text)
    # In text order, so an article's paragraphs lie in the index as they read (exports and
    # "newest" paragraph lists follow index order within an article).
    build = _hash_only if hashes_only else _document
    chunks = Chunk.objects.filter(part_q).order_by("article_id", "position").values_list(
        "id", "article_id", "key", "position", "text")
    for chunk_id, article_id, key, position, text in chunks.iterator(chunk_size=2000):
        if article_id in articles:
            yield build(articles[article_id], (chunk_id, key, position, text),
                        notes_by_chunk.get(chunk_id, []))
    for article_id, article in articles.items():
        yield build(article, None, notes_by_article.get(article_id, []))


def content_fields(article, chunk, notes):
    """The database values a document is built from (and hashed)."""
    chunk_id, key, position, text = chunk if chunk else (0, "", -1, "")
    published = article["published"]
    return {
        "headline": article["headline"], "authors": article["authors"],
        "outlet": article["outlet__slug"],
        "published": int(published.strftime("%Y%m%d")) if published else 0,
        "precision": article["published_precision"] if published else "",
        "key": key, "position": position, "text": text, "commentary": "\n\n".join(notes),
    }


def document_id(article, chunk):
    return f"c{chunk[0]}" if chunk else f"a{article['id']}"


def _hash_only(article, chunk, notes):
    return {"id": document_id(article, chunk), "hash": content_hash(content_fields(article, chunk, notes))}


def _document(article, chunk, notes):
    """One document: a paragraph (chunk = (pk, key, position, text)) or the article's own.

    The article's own document carries, in `spell`, the plain words of all its
    paragraphs (gathered in `article` while its paragraphs were built, which come
    first): one set per article, ten times fewer postings than one per paragraph.
    """
    fields = content_fields(article, chunk, notes)
    if "_headline_terms" not in article:
        terms, words = analyze(article["headline"])
        article["_headline_terms"], article["_words"] = terms, set(words)
    text_terms, text_words = analyze(fields["text"])
    note_terms, note_words = analyze(fields["commentary"])
    article["_words"].update(text_words, note_words)
    headline_terms = article["_headline_terms"]
    return dict(
        fields,
        id=document_id(article, chunk),
        kind=KIND_PARAGRAPH if chunk else KIND_ARTICLE,
        chunk=chunk[0] if chunk else 0, article=article["id"],
        month=fields["published"] // 100,
        text=pre_analyzed(text_terms), headline=pre_analyzed(headline_terms),
        commentary=pre_analyzed(note_terms),
        pairs=" ".join(pairs_of(text_terms) + pairs_of(headline_terms) + pairs_of(note_terms)),
        spell="" if chunk else " ".join(sorted(article["_words"])),
        hash=content_hash(fields),
    )


def content_hash(fields):
    """A hash of what the document was built from: differs when the DB row changes."""
    parts = [f"{name}={fields[name]}" for name in sorted(fields)]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


# The outbox drain -------------------------------------------------------------------

@dataclass
class DrainResult:
    articles: int = 0     # outbox articles re-indexed
    rows: int = 0         # outbox rows consumed


def drain(timeout=LOCK_TIMEOUT):
    """Index what the outbox names. Returns a DrainResult, or None if the lock was busy."""
    with index_files.writer_lock(timeout) as locked:
        if not locked:
            log.info("index writer busy: outbox rows wait for the next drain")
            return None
        return _drain_locked()


def _drain_locked():
    from .models import IndexOutbox

    result = DrainResult()
    while True:
        rows = list(IndexOutbox.objects.order_by("id").values_list("id", "article_id")[:DRAIN_BATCH])
        if not rows:
            return result
        ix = _index_for_drain()
        if ix is None:
            return result
        ids = sorted({a for _, a in rows})
        write_articles(ix, ids)
        IndexOutbox.objects.filter(id__in=[r for r, _ in rows]).delete()
        result.articles += len(ids)
        result.rows += len(rows)


def _index_for_drain():
    """The live index; a first one is created only if the outbox covers every article."""
    from archive.models import Article

    from .models import IndexOutbox

    try:
        return index_files.open_live_index()
    except IndexUnavailable as error:
        if index_files.live_dir() is not None or \
                Article.objects.exclude(id__in=IndexOutbox.objects.values("article_id")).exists():
            log.warning("not draining the index outbox: %s", error)
            return None
    path = index_files.new_generation()
    index_files.switch_to(path)
    return index_files.open_live_index()


def write_articles(ix, article_ids):
    """Replace the documents of these articles (removed articles just lose theirs)."""
    writer = ix.writer(limitmb=WRITER_LIMITMB)
    try:
        _delete_articles(ix, writer, article_ids)
        for doc in documents_for(article_ids):
            writer.add_document(**doc)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def _delete_articles(ix, writer, article_ids):
    """Delete the articles' documents, finding them with this process's pooled searcher
    when it shows exactly the writer's starting generation (the usual case): opening
    another reader would cost about 200 ms at 200,000 paragraphs."""
    from whoosh import query

    from .searcher import searching

    terms = query.Or([query.Term("article", article_id) for article_id in article_ids])
    with searching() as s:
        if s.generation == (ix.storage.folder, writer.generation - 1):
            writer.delete_by_query(terms, searcher=s.searcher)
            return
    writer.delete_by_query(terms)


# Draining after commit, and deferring it ---------------------------------------------

_deferral = threading.local()


def drain_on_commit():
    """Arrange one drain after the current transaction commits (at once in autocommit)."""
    if getattr(_deferral, "depth", 0):
        return
    # robust: the change is committed; an index failure must not turn the save into an
    # error page. It is logged, and the rows wait for the next drain or sync_index.
    transaction.on_commit(_drain_after_commit, robust=True)


def _drain_after_commit():
    if not getattr(_deferral, "depth", 0):
        drain()


@contextmanager
def deferred():
    """No drain after each commit inside the block; the index catches up when it ends."""
    _deferral.depth = getattr(_deferral, "depth", 0) + 1
    try:
        yield
    finally:
        _deferral.depth -= 1
    if _deferral.depth == 0:
        catch_up()


# Above this many articles waiting, a full rebuild (several processes, segments written
# once, no merging into the live index) is faster than draining them batch by batch:
# draining re-indexes about 30 paragraphs a second at 100,000 paragraphs, a rebuild ten
# times that.
REBUILD_ABOVE = 1000


def catch_up():
    """Bring the index up to the outbox after a bulk change: drain it, or rebuild when
    the backlog is large. Returns a DrainResult or RebuildResult, or None if busy."""
    from .models import IndexOutbox

    waiting = IndexOutbox.objects.values("article_id").distinct().count()
    if waiting <= REBUILD_ABOVE:
        return drain()
    try:
        return rebuild()
    except WriterBusy:
        log.info("index writer busy: %d outbox articles wait for the next drain", waiting)
        return None


# Atomic rebuild ---------------------------------------------------------------------

REBUILD_PROCS = 2           # Whoosh indexing subprocesses (this machine has 2 cores)
REBUILD_LIMITMB = 1024      # per indexing process, during rebuilds only (~1.2 GB RSS each)
# Documents per process per segment: what fits in REBUILD_LIMITMB without spilling
# (measured: Whoosh estimates about 14.5 MB per 1,000 documents of news paragraphs).
DOCS_PER_WRITER = 70_000


class WriterBusy(Exception):
    """The writer lock stayed busy (a long drain or another rebuild)."""


@dataclass
class RebuildResult:
    documents: int
    paragraphs: int
    generation: str
    drained: int            # outbox rows applied to the new index after the switch


def rebuild(progress=None, procs=REBUILD_PROCS):
    """Build a new generation from the database, switch to it, drain the outbox into it.

    Holds the writer lock throughout, so drains in other processes wait (their outbox
    rows stay) and are applied here after the switch; rows committed before the build
    read the database are already in it and are simply deleted. Searches read the old generation
    until the switch. `progress(n)` is called with the paragraphs added per batch.
    """
    from .models import IndexOutbox

    with index_files.writer_lock(REBUILD_LOCK_TIMEOUT) as locked:
        if not locked:
            raise WriterBusy("the index writer lock stayed busy; try again")
        # Rows already committed are covered by the snapshot _fill reads next.
        covered = list(IndexOutbox.objects.values_list("id", flat=True))
        path = index_files.new_generation()
        try:
            documents, paragraphs = _fill(path, progress, procs)
        except BaseException:
            index_files.shutil.rmtree(path, ignore_errors=True)
            raise
        index_files.switch_to(path)
        index_files.remove_other_generations()
        for start in range(0, len(covered), 5000):
            IndexOutbox.objects.filter(id__in=covered[start:start + 5000]).delete()
        drained = _drain_locked().rows
    return RebuildResult(documents, paragraphs, path.name, drained)


def _fill(path, progress, procs):
    """Add every document, committing a segment per DOCS_PER_WRITER documents.

    Whoosh sorts postings in memory up to `limitmb` and beyond that spills them to
    pickled runs on disk, which costs two thirds more CPU (measured: 47 s against 28 s
    for 20,000 documents). Committing before the memory limit is reached writes each
    batch straight into its own segment; a 200,000-paragraph rebuild ends with a few
    large segments, which drains never merge (Whoosh merges only tiny segments).
    """
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(path))
    writer, in_writer = None, 0
    documents = paragraphs = 0
    try:
        for first, last in article_id_ranges(READ_BATCH):
            if writer is None:
                writer = ix.writer(limitmb=REBUILD_LIMITMB, procs=procs, multisegment=procs > 1)
            added = 0
            for doc in documents_between(first, last):
                writer.add_document(**doc)
                added += doc["chunk"] != 0
                in_writer += 1
            paragraphs += added
            if progress:
                progress(added)
            if in_writer >= DOCS_PER_WRITER * procs:
                documents += in_writer
                writer.commit(merge=False)
                writer, in_writer = None, 0
    except BaseException:
        if writer is not None:
            writer.cancel()
        raise
    if writer is not None:
        documents += in_writer
        writer.commit(merge=False)
    return documents, paragraphs


def article_id_ranges(size):
    """(first, last) article id pairs covering every article, `size` articles each."""
    from archive.models import Article

    ids = list(Article.objects.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), size):
        batch = ids[start:start + size]
        yield batch[0], batch[-1]
