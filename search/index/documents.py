"""The Whoosh documents of articles, built from their rows (drains, rebuilds, checks).

Each paragraph (Chunk) is one document and each article has one of its own (schema.py).
Every document stores a hash of the database values it was built from (content_hash), so
`sync_index --check` finds a stale one without analysing text again. The rows are plain
values (ArticleRows): rows.py reads them from the database, paragraph_index.py makes
them from plain paragraphs (no database: the engine's tests).
"""
import hashlib
from dataclasses import dataclass

from ..text.analysis import ENGLISH, analyze, language_of, pairs_of, script_keys
from ..text.detection import ANALYSED
from .analyzer import pre_analyzed
from .schema import KIND_ARTICLE, KIND_PARAGRAPH
from .signatures import signatures

# Whether paragraph documents carry their copy signature (signatures.py). Always on; the
# benchmark turns it off for one rebuild to measure what copies cost (bench --compare-copies).
SIGNATURES = True


@dataclass
class ArticleRows:
    """The database rows the documents of some articles are built from: plain values, so
    a rebuild can read them in one process and build the documents in another."""
    articles: dict              # article id -> its values
    notes_by_chunk: dict        # chunk id -> public commentary texts, in order
    notes_by_article: dict      # article id -> public article-level commentary texts
    chunks: list                # (id, article_id, key, position, text, language), text order
    languages: tuple = ANALYSED  # those the archive holds (ARCHIVE_LANGUAGES): commentary's

    def paragraphs(self):
        return sum(1 for chunk in self.chunks if chunk[1] in self.articles)


def documents_from(rows, hashes_only=False):
    """The documents of `rows`: each paragraph's, then each article's own."""
    return _hashes_of(rows) if hashes_only else _documents_of(rows)


def _documents_of(rows):
    articles, notes_by_chunk = rows.articles, rows.notes_by_chunk
    chunks = [chunk for chunk in rows.chunks if chunk[1] in articles]
    for (chunk_id, article_id, key, position, text, lang), analysed in zip(
            chunks, _paragraph_texts(chunks, articles)):
        yield _document(articles[article_id], (chunk_id, key, position, text, lang),
                        notes_by_chunk.get(chunk_id, []), rows.languages, analysed)
    for article_id, article in articles.items():
        yield _document(article, None, rows.notes_by_article.get(article_id, []), rows.languages)


def _hashes_of(rows):
    articles, notes_by_chunk = rows.articles, rows.notes_by_chunk
    for chunk_id, article_id, key, position, text, lang in rows.chunks:
        if article_id in articles:
            yield _hash_only(articles[article_id], (chunk_id, key, position, text, lang),
                             notes_by_chunk.get(chunk_id, []))
    for article_id, article in articles.items():
        yield _hash_only(article, None, rows.notes_by_article.get(article_id, []))


def _paragraph_texts(chunks, articles):
    """(terms, plain words, copy signature or None) of each chunk's text, analysed in its
    language: all at once, so that the signatures are computed together (at 21 us a
    paragraph one at a time, numpy's fixed cost, they were a tenth of a rebuild)."""
    analysed = [analyze(text, lang or articles[article_id]["language"])
                for _, article_id, _, _, text, lang in chunks]
    copies = signatures([terms for terms, _ in analysed]) if SIGNATURES else [None] * len(chunks)
    return [(terms, words, signature) for (terms, words), signature in zip(analysed, copies)]


def content_fields(article, chunk, notes):
    """The database values a document is built from (and hashed)."""
    chunk_id, key, position, text, lang = chunk if chunk else (0, "", -1, "", article["language"])
    published = article["published"]
    return {
        "headline": article["headline"], "authors": article["authors"],
        "outlet": article["outlet__slug"],
        "published": int(published.strftime("%Y%m%d")) if published else 0,
        "precision": article["published_precision"] if published else "",
        "key": key, "position": position, "text": text, "commentary": "\n\n".join(notes),
        "lang": lang or article["language"],
    }


def document_id(article, chunk):
    return f"c{chunk[0]}" if chunk else f"a{article['id']}"


def _hash_only(article, chunk, notes):
    return {"id": document_id(article, chunk), "article": article["id"],
            "hash": content_hash(content_fields(article, chunk, notes))}


def _document(article, chunk, notes, languages=ANALYSED, analysed=None):
    """One document: a paragraph (chunk = (pk, key, position, text, language), and
    `analysed` its text, _paragraph_texts) or the article's own. Each text is analysed
    in its own language (schema.py: lang).

    The article's own document carries, in `spell`, the plain words of all its
    paragraphs (gathered in `article` while its paragraphs were built, which come
    first): one set per article, ten times fewer postings than one per paragraph.
    """
    fields = content_fields(article, chunk, notes)
    if "_headline_terms" not in article:
        terms, words = analyze(article["headline"], article["language"])
        article["_headline_terms"], article["_words"] = terms, set(words)
        article["_headline_pairs"], article["_scripts"] = pairs_of(terms), script_keys(terms)
    if analysed is None:        # the article's own document, whose text is ""
        analysed = (*analyze(fields["text"], fields["lang"]), None)
    text_terms, text_words, signature = analysed
    note_terms, note_words = analyze(fields["commentary"],
                                     commentary_language(fields["commentary"], languages))
    article["_words"].update(text_words, note_words)
    article["_scripts"].update(script_keys(text_terms), script_keys(note_terms))
    headline_terms = article["_headline_terms"]
    copies = {"copies": signature} if chunk and SIGNATURES else {}
    return dict(
        fields,
        **copies,
        id=document_id(article, chunk),
        kind=KIND_PARAGRAPH if chunk else KIND_ARTICLE,
        chunk=chunk[0] if chunk else 0, article=article["id"],
        text=pre_analyzed(text_terms), headline=pre_analyzed(headline_terms),
        commentary=pre_analyzed(note_terms),
        pairs=" ".join(pairs_of(text_terms) + article["_headline_pairs"] + pairs_of(note_terms)),
        spell="" if chunk else " ".join(sorted(article["_words"])),
        scripts="" if chunk else " ".join(sorted(article["_scripts"])),
        hash=content_hash(fields),
    )


def commentary_language(text, languages=ANALYSED):
    """The archivist's commentary is usually English; detected among `languages`, as it
    may not be."""
    return language_of(text, ENGLISH, languages) if text else ENGLISH


def content_hash(fields):
    """A hash of what the document was built from: differs when the DB row changes."""
    parts = [f"{name}={fields[name]}" for name in sorted(fields)]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def id_ranges(ids, size):
    """(first, last) pairs covering the sorted `ids`, `size` ids each."""
    for start in range(0, len(ids), size):
        batch = ids[start:start + size]
        yield batch[0], batch[-1]
