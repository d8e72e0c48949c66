"""Every paragraph a search matches, as CSV or JSON with citations, streamed.

hydrate.iter_paragraphs yields (ArticleRef, ParagraphHit) for all matches, read from the
database a batch at a time, so memory stays flat on large exports; the hit's html is a
trimmed, highlighted snippet and its text the whole paragraph, which is what is exported.
"""
import csv
import io
import json
from dataclasses import dataclass
from itertools import chain

from ..engine.dates import published_label
from ..types import ArticleRef, ParagraphHit, SearchRequest

CSV_COLUMNS = ("article_id", "headline", "outlet", "authors", "published", "precision",
               "original_url", "paragraph_id", "position", "heading", "text", "permalink",
               "citation", "fingerprint", "cluster", "boilerplate", "copies")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Row:
    article: ArticleRef
    paragraph: ParagraphHit
    text: str


def as_rows(first, rest):
    """Rows of the matches: `first`, pulled early by the view, then the `rest`."""
    if first is None:
        return
    for ref, hit in chain([first], rest):
        yield Row(ref, hit, hit.text)


def published_text(ref: ArticleRef) -> str:
    return published_label(ref.published, ref.precision)


def original_url(ref: ArticleRef) -> str:
    url = (ref.url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def citation(outlet, authors, headline, date_text, url, position, permalink) -> str:
    """Outlet. Authors. “Headline”. Date. Original URL. Paragraph N: permalink.

    Shared with the article page's "copy citation", so both give the same text.
    """
    parts = [outlet, authors, f"“{headline.strip()}”", date_text, url]
    text = ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip())
    return f"{text}. Paragraph {position + 1}: {permalink}"


def ref_citation(ref: ArticleRef, position: int, permalink: str) -> str:
    return citation(ref.outlet_name, ref.authors, ref.headline, published_text(ref),
                    original_url(ref), position, permalink)


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def row_fields(row: Row, base_url: str) -> dict:
    ref, hit = row.article, row.paragraph
    permalink = absolute(base_url, hit.permalink)
    return {
        "article_id": ref.id, "headline": ref.headline, "outlet": ref.outlet_name,
        "authors": ref.authors,
        "published": ref.published.isoformat() if ref.published else "",
        "precision": ref.precision, "original_url": original_url(ref),
        "paragraph_id": hit.id, "position": hit.position + 1, "heading": hit.heading,
        "text": row.text, "permalink": permalink,
        "citation": ref_citation(ref, hit.position, permalink),
        # copies (search/engine/copies.py): the same `cluster` is the same or nearly the
        # same paragraph; `copies` are the ids of the article's syndicated copies
        "fingerprint": hit.fingerprint, "cluster": hit.cluster,
        "boilerplate": "yes" if hit.boilerplate else "",
        "copies": " ".join(str(pk) for pk in ref.copies),
    }


def neutralise(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(rows, base_url):
    """The CSV, a line at a time, with a byte-order mark so spreadsheets read UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values):
        writer.writerow(values)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff" + line(CSV_COLUMNS)
    for row in rows:
        fields = row_fields(row, base_url)
        yield line([neutralise(fields[c]) for c in CSV_COLUMNS])


def to_json(value) -> str:
    # "<" escaped too, so the file is inert even if something renders it as HTML.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def json_chunks(req: SearchRequest, rows, base_url):
    """{"query": ..., "filters": ..., "paragraphs": [...]} streamed one paragraph at a time."""
    head = {"query": req.q, "outlets": list(req.outlets),
            "exclude_outlets": list(req.exclude_outlets),
            "from": req.date_from.isoformat() if req.date_from else None,
            "to": req.date_to.isoformat() if req.date_to else None,
            "variants": req.variants}
    yield to_json(head)[:-1] + ', "paragraphs": ['
    for n, row in enumerate(rows):
        fields = row_fields(row, base_url)
        item = {
            "article": {"id": fields["article_id"], "headline": fields["headline"],
                        "outlet": {"slug": row.article.outlet_slug, "name": fields["outlet"]},
                        "authors": fields["authors"], "published": fields["published"] or None,
                        "precision": fields["precision"], "url": fields["original_url"] or None,
                        "permalink": absolute(base_url, row.article.permalink)},
            "paragraph": {"id": fields["paragraph_id"], "position": fields["position"],
                          "heading": fields["heading"], "text": fields["text"],
                          "permalink": fields["permalink"],
                          "fingerprint": fields["fingerprint"], "cluster": fields["cluster"],
                          "boilerplate": row.paragraph.boilerplate},
            "copies": list(row.article.copies),
            "citation": fields["citation"],
        }
        yield ("," if n else "") + "\n" + to_json(item)
    yield "\n]}\n"
