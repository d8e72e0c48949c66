"""Every paragraph a search matches, as CSV or JSON with citations, streamed.

The search service's iter_matches yields an ExportMatch for every match, read from the database a
batch at a time, so memory stays flat on large exports; the hit's html is a trimmed,
highlighted snippet and its text the whole paragraph, which is what is exported, with
the public commentary the query matched. An article matched with no paragraph (its
headline alone, with an empty body; its commentary on the whole article) is a row whose
paragraph fields are empty (null in JSON).

Paragraphs are numbered from 1, as on the pages and in the API; a value that is missing
is an empty CSV cell and null in JSON, in every format alike.

A web export holds at most EXPORT_MAX_ROWS rows and stops after EXPORT_MAX_SECONDS (so
before the worker timeout). Its `Extent` says how much of the match it holds. The JSON
says so in an "export" field after its paragraphs. A CSV holds nothing but its header and
data rows (a comment row at its end was read as data by pandas and spreadsheets): its file
name and X-Export-* headers say how many rows it holds and of how many matches
("...-all-25.csv", "...-first-10000-of-25000.csv"), so a file the time limit (or a
dropped connection) cut has fewer rows than its name promises. `manage.py export_search`
writes any size.
"""
import csv
import io
import json
import logging
import time
from dataclasses import dataclass
from itertools import chain

from ..service import visible
from ..text.dates import published_label
from ..types import ArticleRef, CommentaryHit, ParagraphHit, SearchRequest

log = logging.getLogger(__name__)
CSV_COLUMNS = ("article_id", "headline", "outlet", "authors", "published", "precision",
               "original_url", "paragraph_id", "position", "heading", "text", "permalink",
               "citation", "commentary", "fingerprint", "cluster", "boilerplate", "copies")
# Matched commentary in one CSV cell: each note, those on the whole article marked so.
COMMENTARY_SEPARATOR = "\n\n"
ON_ARTICLE = "[On the whole article] "
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Row:
    article: ArticleRef
    paragraph: ParagraphHit | None
    commentary: list[CommentaryHit]


@dataclass
class Extent:
    """How much of a search's matches an export holds."""
    matching: int                  # rows the search matches (paragraphs, and articles
                                   # matched with none)
    limit: int                     # rows this export may hold
    written: int = 0
    cut: str = ""                  # why it stopped early ("" when it did not)

    @property
    def complete(self):
        return not self.cut and self.written == self.matching

    @property
    def promised(self):
        """The rows the file will hold unless a time limit cuts it (its name says so)."""
        return min(self.matching, self.limit)

    def file_label(self):
        """'all-25' or 'first-10000-of-25000', for the file's name."""
        if self.matching <= self.limit:
            return f"all-{self.matching}"
        return f"first-{self.limit}-of-{self.matching}"

    def summary(self):
        if self.complete:
            return f"end of export: all {self.written} matches"
        why = self.cut or f"an export holds at most {self.limit} rows"
        return (f"cut: {self.written} of {self.matching} matches ({why}); "
                "narrow the search to export the rest")

    def as_dict(self):
        return {"rows": self.written, "matching": self.matching, "complete": self.complete,
                "cut": "" if self.complete else self.summary()}


def bounded(rows, extent, seconds):
    """The rows, stopping at extent.limit or after `seconds`, counted in `extent`."""
    deadline = time.monotonic() + seconds
    for row in rows:
        if extent.written >= extent.limit:
            return
        if time.monotonic() > deadline:
            extent.cut = f"the export's time limit of {seconds:g} s"
            log.warning("An export was cut by its time limit: %s", extent.summary())
            return
        extent.written += 1
        yield row


def as_rows(first, rest):
    """Rows of the matches (ExportMatch): `first`, pulled early by the view, then the
    `rest`."""
    if first is None:
        return
    for match in chain([first], rest):
        yield Row(match.article, match.paragraph, match.commentary)


def published_text(ref: ArticleRef) -> str:
    return published_label(ref.published, ref.precision)


def original_url(ref: ArticleRef) -> str:
    url = (ref.url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def citation(outlet, authors, headline, date_text, url, position, permalink) -> str:
    """Outlet. Authors. “Headline”. Date. Original URL. Paragraph N: permalink (or the
    article's permalink alone when `position` is None).

    Shared with the article page's "copy citation", so both give the same text.
    """
    parts = [outlet, authors, f"“{headline.strip()}”", date_text, url]
    text = ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip())
    if position is None:
        return f"{text}. {permalink}"
    return f"{text}. Paragraph {position + 1}: {permalink}"


def ref_citation(ref: ArticleRef, position: int, permalink: str) -> str:
    return citation(ref.outlet_name, ref.authors, ref.headline, published_text(ref),
                    original_url(ref), position, permalink)


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def row_fields(row: Row, base_url: str) -> dict:
    """The row's values, None where there is none (an empty cell in CSV)."""
    ref, hit = row.article, row.paragraph
    article_link = absolute(base_url, ref.permalink)
    permalink = absolute(base_url, hit.permalink) if hit else article_link
    fields = {
        "article_id": ref.id, "headline": ref.headline, "outlet": ref.outlet_name,
        "authors": ref.authors or None,
        "published": ref.published.isoformat() if ref.published else None,
        "precision": ref.precision if ref.published else None,
        "original_url": original_url(ref) or None,
        "paragraph_id": hit.id if hit else None,
        "position": hit.position + 1 if hit else None,
        "heading": (hit.heading or None) if hit else None,
        "text": hit.text if hit else None, "permalink": permalink if hit else None,
        "citation": ref_citation(ref, hit.position if hit else None, permalink),
        "article_permalink": article_link,
        # copies (search/engine/copies.py): the same `cluster` is the same or nearly the
        # same paragraph; `copies` are the ids of the article's syndicated copies
        "fingerprint": (hit.fingerprint or None) if hit else None,
        "cluster": (hit.cluster or None) if hit else None,
        "boilerplate": ("yes" if hit.boilerplate else None) if hit else None,
        "copies": " ".join(str(pk) for pk in ref.copies) or None,
    }
    return {k: visible(v) if isinstance(v, str) else v for k, v in fields.items()}


def commentary_cell(notes) -> str:
    return COMMENTARY_SEPARATOR.join(
        (ON_ARTICLE if note.paragraph_id is None else "") + note.text for note in notes)


def neutralise(value) -> str:
    text = "" if value is None else str(value)
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
        fields["commentary"] = commentary_cell(row.commentary)
        yield line([neutralise(fields[c]) for c in CSV_COLUMNS])


def to_json(value) -> str:
    # "<" escaped too, so the file is inert even if something renders it as HTML.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def json_chunks(req: SearchRequest, rows, base_url, extent=None):
    """{"query": ..., "filters": ..., "paragraphs": [...], "export": {...}} streamed one
    paragraph at a time; "export" (with an `extent`) says whether it holds every match."""
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
                        "authors": fields["authors"], "published": fields["published"],
                        "precision": fields["precision"], "url": fields["original_url"],
                        "permalink": fields["article_permalink"]},
            "paragraph": ({"id": fields["paragraph_id"], "position": fields["position"],
                           "heading": fields["heading"], "text": fields["text"],
                           "permalink": fields["permalink"],
                           "fingerprint": fields["fingerprint"], "cluster": fields["cluster"],
                           "boilerplate": row.paragraph.boilerplate} if row.paragraph else None),
            "commentary": [{"id": note.id, "text": visible(note.text),
                            "paragraph_id": note.paragraph_id} for note in row.commentary],
            "copies": list(row.article.copies),
            "citation": fields["citation"],
        }
        yield ("," if n else "") + "\n" + to_json(item)
    if extent is None:
        yield "\n]}\n"
    else:
        yield "\n], \"export\": " + to_json(extent.as_dict()) + "}\n"
