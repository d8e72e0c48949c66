"""A real local index built from plain paragraphs, with no database: the engine's tests.

    articles = [PlainArticle(1, "Drones over Kursk", ["Drones struck a fuel depot."])]
    build(folder, articles)             # the index layer's own schema, documents, writer
    with searching_in(folder) as s:     # a Searching: the engine's port over it
        search_page(s, request, lookups)

The documents are the very ones a drain writes (documents.py, from ArticleRows made
here instead of read from the database), written by Whoosh's writer as a drain writes
them, so what the engine finds here it finds in the archive. Paragraph (chunk) ids are
numbered from 1 in the order given; languages are detected as the archive's models
detect them, unless given.
"""
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from whoosh import index as whoosh_index

from ..text.detection import detect, detect_paragraph
from .documents import ArticleRows, documents_from
from .generation import Background, GenerationCache
from .schema import build_schema
from .searcher import Searching


@dataclass
class PlainArticle:
    id: int
    headline: str
    paragraphs: list
    outlet: str = "reuters"                 # the outlet's slug
    published: date | None = date(2024, 8, 14)
    precision: str = "day"
    authors: str = ""
    language: str = ""                      # "" : detected
    notes: dict = field(default_factory=dict)     # paragraph position (None: the
                                                  # article) -> public commentary texts


@dataclass(frozen=True)
class PlainParagraph:
    chunk: int                              # its id in the index
    article: int
    position: int
    text: str


def article_rows(articles):
    """ArticleRows of `articles` (PlainArticle), and {chunk id: PlainParagraph}."""
    rows, paragraphs = ArticleRows({}, {}, {}, []), {}
    for article in articles:
        language = article.language or detect(f"{article.headline}\n\n"
                                               + "\n\n".join(article.paragraphs))
        rows.articles[article.id] = {
            "id": article.id, "headline": article.headline, "authors": article.authors,
            "published": article.published, "published_precision": article.precision,
            "outlet__slug": article.outlet, "language": language}
        rows.notes_by_article[article.id] = list(article.notes.get(None, []))
        for position, text in enumerate(article.paragraphs):
            chunk = len(paragraphs) + 1
            paragraphs[chunk] = PlainParagraph(chunk, article.id, position, text)
            rows.notes_by_chunk[chunk] = list(article.notes.get(position, []))
            rows.chunks.append((chunk, article.id, f"p{chunk}", position, text,
                                detect_paragraph(text, language)))
    return rows, paragraphs


def build(folder, articles):
    """Write an index of `articles` in the empty folder `folder`; {chunk id: PlainParagraph}."""
    rows, paragraphs = article_rows(articles)
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = ix.writer()
    for document in documents_from(rows):
        writer.add_document(**document)
    writer.commit()
    return paragraphs


@contextmanager
def searching_in(folder):
    """A Searching over the index in `folder`, for the `with` block."""
    ix = whoosh_index.open_dir(str(folder))
    searcher = ix.searcher()
    generation = searcher.reader().generation()
    try:
        yield Searching(searcher, GenerationCache(background=Background()),
                        (str(Path(folder)), -1 if generation is None else generation))
    finally:
        searcher.close()
