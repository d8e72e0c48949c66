"""Every response the follower receives, kept in WARC files (warcio) under SOURCES_WARC_DIR.

For each exchange: the response record (its body as received, encoding and all; marked
`WARC-Truncated` when the size cap cut it) and the request record (`WARC-Concurrent-To`
it). After a page, a metadata record (archive/formats/warc.py ENTRY_TYPE) says what the
listing said of the entry and which source it came from; `import_articles` of these files
reads the same articles the follower made. Each process appends to a file of its own
(named for its start and its process id), a new one past SOURCES_WARC_MAX_BYTES; each
record is a gzip member of its own, so a record is read back from its offset alone.
"""
import io
import json
import os
from datetime import datetime, timezone
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.formats.warc import ENTRY_TYPE


class WarcFiles:
    def __init__(self, folder, max_bytes):
        self.folder = folder
        self.max_bytes = max_bytes
        self.stream = self.name = None

    def writer(self):
        if self.stream is None or self.stream.tell() > self.max_bytes:
            self.close()
            self.folder.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
            self.name = f"follow-{stamp}-{os.getpid()}.warc.gz"
            self.stream = open(self.folder / self.name, "ab")
        return WARCWriter(self.stream, gzip=True)

    def keep(self, exchange):
        """Write the exchange; returns (file name, offset, WARC-Record-ID) of its response."""
        writer = self.writer()
        offset = self.stream.tell()
        response = writer.create_warc_record(
            exchange.url, "response", payload=io.BytesIO(exchange.body),
            http_headers=StatusAndHeaders(f"{exchange.status} {exchange.reason}".strip(),
                                          exchange.headers, protocol="HTTP/1.1"),
            warc_headers_dict=warc_headers(exchange))
        writer.write_record(response)
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        parts = urlsplit(exchange.url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = writer.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders(f"GET {path} HTTP/1.1", [("Host", parts.netloc)]
                                          + exchange.request_headers, is_http_request=True),
            warc_headers_dict={"WARC-Concurrent-To": response_id,
                               "WARC-Date": warc_date(exchange.fetched_at)})
        writer.write_record(request)
        self.stream.flush()
        return self.name, offset, response_id

    def keep_entry(self, meta, refers_to, url):
        """The follower's account of an entry, referring to the response it came from."""
        writer = self.writer()
        record = writer.create_warc_record(
            url, "metadata", payload=io.BytesIO(json.dumps(meta, ensure_ascii=False).encode()),
            warc_content_type=ENTRY_TYPE, warc_headers_dict={"WARC-Refers-To": refers_to})
        writer.write_record(record)
        self.stream.flush()

    def close(self):
        if self.stream is not None:
            self.stream.close()
            self.stream = None


def warc_headers(exchange):
    headers = {"WARC-Date": warc_date(exchange.fetched_at)}
    if exchange.truncated:
        headers["WARC-Truncated"] = exchange.truncated
    return headers


def warc_date(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def read_body(folder, name, offset, limit):
    """The decoded body of the response record at `offset` of a kept file (b"" when gone)."""
    try:
        with open(folder / name, "rb") as stream:
            stream.seek(offset)
            for record in ArchiveIterator(stream):
                return record.content_stream().read(limit)
    except (OSError, ValueError):
        return b""
    return b""
