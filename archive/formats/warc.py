"""Web archives (`.warc`, `.warc.gz`, as Webrecorder, Browsertrix, Heritrix or wget write
them): each HTML response record is a saved page, read as pages.py reads a file.

warcio undoes the transfer and content encodings (chunked, gzip). Requests, revisits,
redirects, images, styles and scripts are not pages and are passed over. A capture broken
part way (truncated, a bad gzip member) keeps the pages read before the break and says
where it broke.
"""
import zlib

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .common import BadInput, Outcome, source_name, with_defaults
from .pages import MAX_PAGE_BYTES, page_record

SUFFIXES = {".warc", ".warc.gz"}
BROKEN = (ArchiveLoadFailed, EOFError, zlib.error, ValueError)


def warc_records(path, defaults):
    source = source_name(path)
    number = 0
    try:
        with open(path, "rb") as stream:
            for number, entry in enumerate(ArchiveIterator(stream), 1):
                page = html_of(entry)
                if page is None:
                    continue
                url, html = page
                where = f"{source} record {number} ({url[:200]})"
                try:
                    yield with_defaults(page_record(html, where, url), defaults)
                except BadInput as error:
                    yield Outcome(where, "failed", str(error))
    except FileNotFoundError:
        yield Outcome(source, "failed", "no such file or folder")
    except BROKEN as error:
        yield Outcome(source, "failed", f"the capture is broken after record {number}: "
                      f"{type(error).__name__}: {str(error)[:120]}")


def html_of(entry):
    """(url, html bytes) of a record that is a successful HTML page, else None."""
    if entry.rec_type == "response" and entry.http_headers is not None:
        if entry.http_headers.get_statuscode() != "200":
            return None
        content_type = entry.http_headers.get_header("Content-Type") or ""
    elif entry.rec_type == "resource":
        content_type = entry.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    if "html" not in content_type.lower():
        return None
    html = entry.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(html) > MAX_PAGE_BYTES or not html.strip():
        return None
    return entry.rec_headers.get_header("WARC-Target-URI") or "", html
