"""Web archives (`.warc`, `.warc.gz`, as Webrecorder, Browsertrix, Heritrix, wget or our own
follower write them): each HTML response record is a saved page, read as pages.py reads a file.

warcio undoes the transfer and content encodings (chunked, gzip). Requests, revisits,
redirects, images, styles and scripts are not pages and are passed over. A capture broken
part way (truncated, a bad gzip member) keeps the pages read before the break and says
where it broke.

A response record is never taken for more than it is:
- over MAX_PAGE_BYTES once decoded (a gzip bomb), it is reported, not read;
- cut short (the file ends inside it, or its crawler marked it `WARC-Truncated`), its page
  is imported marked broken: it may make a new article, but never takes paragraphs away from
  a complete copy (importers.save refuses such an update and says so).

The follower (archive/sources/) writes, after each page it fetched, a metadata record of
type ENTRY_TYPE referring to the response: the outlet and language of its source and what
the feed or sitemap said of the entry (headline, date), or, when the page could not be
fetched, the entry's own text as a whole record. Read here, they make importing the
follower's WARC files give the archive the follower made.
"""
import json
import zlib

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .common import BadInput, Outcome, Record, source_name, with_defaults
from .pages import MAX_PAGE_BYTES, page_record

SUFFIXES = {".warc", ".warc.gz"}
BROKEN = (ArchiveLoadFailed, EOFError, zlib.error, ValueError)
ENTRY_TYPE = "application/vnd.war-archive.entry+json"
FILLED = ("headline", "published", "authors")   # the entry's, where the page gives none
RECORD_FIELDS = ("text", "headline", "subtitle", "authors", "outlet", "published", "url", "language")


def warc_records(path, defaults):
    source = source_name(path)
    position = [0]      # the record being read, for the message when the file breaks
    try:
        with open(path, "rb") as stream:
            for item in pages_with_entries(stream, source, position):
                yield with_defaults(item, defaults) if isinstance(item, Record) else item
    except FileNotFoundError:
        yield Outcome(source, "failed", "no such file or folder")
    except BROKEN as error:
        yield Outcome(source, "failed", f"the capture is broken after record {position[0]}: "
                      f"{type(error).__name__}: {str(error)[:120]}")


def pages_with_entries(stream, source, position):
    """Records and failed Outcomes in file order; a page is held back until the next page
    or entry record, so that the follower's entry record about it can complete it."""
    pending = None      # (WARC-Record-ID, Record or Outcome)
    for number, entry in enumerate(ArchiveIterator(stream), 1):
        position[0] = number
        meta = read_entry_meta(entry)
        if meta is None:
            page = page_of(entry, f"{source} record {number}")
            if page is not None:
                if pending:
                    yield pending[1]
                pending = (entry.rec_headers.get_header("WARC-Record-ID"), page)
            continue
        if pending:
            if pending[0] == entry.rec_headers.get_header("WARC-Refers-To") \
                    and isinstance(pending[1], Record):
                apply_entry(pending[1], meta)
            yield pending[1]
            pending = None
        if isinstance(meta.get("record"), dict):
            yield listing_record(meta, f"{source} record {number}")
    if pending:
        yield pending[1]


def page_of(entry, where):
    """The Record of a response that is an HTML page, a failed Outcome for one that cannot
    be read whole, or None for anything else."""
    content_type = html_type(entry)
    if content_type is None:
        return None
    url = entry.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"{where} ({url[:200]})"
    html = entry.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(html) > MAX_PAGE_BYTES:
        return Outcome(where, "failed", f"the response is larger than {MAX_PAGE_BYTES:,} bytes "
                       "once decoded: not imported (raise the limit only for a capture you trust)")
    if not html.strip():
        return None
    try:
        record = page_record(html, where, url)
    except BadInput as error:
        return Outcome(where, "failed", str(error))
    record.broken = truncation(entry)
    return record


def html_type(entry):
    """The Content-Type of a successful HTML response or resource record, else None."""
    if entry.rec_type == "response" and entry.http_headers is not None:
        if entry.http_headers.get_statuscode() != "200":
            return None
        content_type = entry.http_headers.get_header("Content-Type") or ""
    elif entry.rec_type == "resource":
        content_type = entry.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    return content_type if "html" in content_type.lower() else None


def truncation(entry):
    """Why the record read is not the whole response ("" when it is)."""
    marked = entry.rec_headers.get_header("WARC-Truncated")
    if marked:
        return truncated_by_crawler(marked)
    missing = getattr(entry.raw_stream, "limit", 0)
    if missing:
        return f"the capture is truncated: {missing:,} of its {entry.length:,} bytes are missing"
    return ""


def truncated_by_crawler(reason):
    return f"the crawler kept only part of the response (WARC-Truncated: {reason})"


def read_entry_meta(entry):
    """The follower's account of an entry (a dict), or None for any other record."""
    if entry.rec_type != "metadata" or entry.rec_headers.get_header("Content-Type") != ENTRY_TYPE:
        return None
    try:
        data = json.loads(entry.content_stream().read(MAX_PAGE_BYTES))
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def apply_entry(record, meta):
    """The source's outlet and language, and what the listing said where the page is silent."""
    if meta.get("outlet"):
        record.outlet = meta["outlet"]
    record.language = record.language or meta.get("language", "")
    for name in FILLED:
        if not getattr(record, name) and meta.get(name):
            setattr(record, name, str(meta[name]))


def listing_record(meta, where):
    """The Record of an entry whose page could not be fetched: the feed's own text."""
    given = meta["record"]
    values = {name: str(given.get(name) or "") for name in RECORD_FIELDS}
    record = Record(source=f"{where} ({values['url'][:200]})", structured=True, **values)
    apply_entry(record, meta)
    return record
