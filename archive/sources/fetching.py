"""Polite, bounded HTTP for the follower (urllib3; see requirements.txt for why).

Every request names the archive (SOURCES_USER_AGENT); waits its turn per host (one request
at a time, SOURCES_HOST_DELAY apart, or the robots.txt Crawl-delay when longer); is
conditional when the caller knows the last ETag or Last-Modified (a 304 has no body);
times out (connect, read, and four read timeouts for the whole body); keeps at most
SOURCES_MAX_BYTES of a body, as received (content encoding and all, so that the WARC file
holds what the server sent), and says when it cut one; follows at most
SOURCES_MAX_REDIRECTS redirects, each hop asked of robots.txt and kept as an Exchange of
its own. Nothing here retries: the poll backs off and tries again later.
"""
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import urllib3

DROPPED_HEADERS = {"transfer-encoding"}     # undone by urllib3: the kept body is not chunked


@dataclass
class Exchange:
    """One request and its answer, as the WARC file keeps them."""
    url: str
    request_headers: list
    fetched_at: datetime
    status: int = 0
    reason: str = ""
    headers: list = field(default_factory=list)     # (name, value) as received
    body: bytes = b""                               # as received, encoded
    truncated: str = ""                             # why the body is not whole ("length", "time")

    def header(self, name):
        return next((v for k, v in self.headers if k.lower() == name.lower()), "")


@dataclass
class Fetched:
    """What asking for one url gave: every exchange (redirects first), or the error."""
    url: str
    exchanges: list = field(default_factory=list)
    error: str = ""

    @property
    def final(self):
        return self.exchanges[-1] if self.exchanges else None

    @property
    def status(self):
        return self.final.status if self.final and not self.error else 0


class Client:
    """One per follower process: a connection pool and each host's turn."""

    def __init__(self, settings, robots=None, should_stop=lambda: False):
        self.settings = settings
        self.robots = robots            # robots.Robots, or None for robots.txt itself
        self.should_stop = should_stop
        self.turns = {}                 # host -> monotonic time its last request ended
        self.pool = urllib3.PoolManager(
            retries=False, headers={"User-Agent": settings.SOURCES_USER_AGENT},
            timeout=urllib3.Timeout(connect=settings.SOURCES_CONNECT_TIMEOUT,
                                    read=settings.SOURCES_READ_TIMEOUT))

    def get(self, url, etag="", last_modified="", obey_robots=True):
        """Fetched for `url`, following redirects; conditional when validators are given."""
        fetched = Fetched(url)
        conditional = {"If-None-Match": etag} if etag else {}
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        for _ in range(self.settings.SOURCES_MAX_REDIRECTS + 1):
            if obey_robots and self.robots and not self.robots.allowed(url):
                fetched.error = f"robots.txt forbids {url[:200]}"
                return fetched
            exchange = self.exchange(url, conditional, fetched)
            if exchange is None:
                return fetched
            location = exchange.header("Location")
            if exchange.status not in (301, 302, 303, 307, 308) or not location:
                return fetched
            url = urljoin(url, location)     # validators go along: it is the same document
        fetched.error = f"more than {self.settings.SOURCES_MAX_REDIRECTS} redirects"
        return fetched

    def exchange(self, url, extra_headers, fetched):
        """One request, in the host's turn; None when it got no answer (fetched.error says)."""
        host = urlsplit(url).netloc.lower()
        self.wait_turn(host)
        headers = {"User-Agent": self.settings.SOURCES_USER_AGENT, "Accept-Encoding": "gzip, deflate",
                   **extra_headers}
        exchange = Exchange(url, list(headers.items()), datetime.now(timezone.utc))
        try:
            response = self.pool.request("GET", url, headers=headers, redirect=False,
                                         preload_content=False, decode_content=False)
            try:
                exchange.status, exchange.reason = response.status, response.reason or ""
                exchange.headers = [(k, v) for k, v in response.headers.items()
                                    if k.lower() not in DROPPED_HEADERS]
                exchange.body, exchange.truncated = self.read_body(response)
            finally:
                response.close() if exchange.truncated else response.release_conn()
        except (urllib3.exceptions.HTTPError, OSError) as error:
            fetched.error = f"{type(error).__name__}: {str(error)[:200]}"
            return None
        finally:
            self.turns[host] = time.monotonic()
        fetched.exchanges.append(exchange)
        return exchange

    def read_body(self, response):
        """(at most SOURCES_MAX_BYTES of the raw body, why it was cut or "")."""
        limit, chunks, size = self.settings.SOURCES_MAX_BYTES, [], 0
        deadline = time.monotonic() + 4 * self.settings.SOURCES_READ_TIMEOUT
        for chunk in response.stream(64 * 1024, decode_content=False):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                return b"".join(chunks)[:limit], "length"
            if time.monotonic() > deadline:
                return b"".join(chunks), "time"
        return b"".join(chunks), ""

    def wait_turn(self, host):
        """Sleep until this host's delay since its last request has passed (in short naps,
        so that a stop request is heard)."""
        delay = self.settings.SOURCES_HOST_DELAY
        if self.robots:
            delay = max(delay, self.robots.crawl_delay(host))
        ready = self.turns.get(host, float("-inf")) + delay
        while not self.should_stop() and time.monotonic() < ready:
            time.sleep(min(0.5, ready - time.monotonic()))


def decoded(exchange, limit):
    """The exchange's body with its Content-Encoding undone, at most `limit` bytes;
    (bytes, "" or why it was cut). A gzip bomb stops at the limit."""
    encoding = exchange.header("Content-Encoding").lower().strip()
    if encoding in ("", "identity"):
        return exchange.body[:limit], "length" if len(exchange.body) > limit else ""
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return b"", f"an encoding this reader does not undo ({encoding[:20]})"
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32 if "gzip" in encoding else zlib.MAX_WBITS)
    try:
        data = inflater.decompress(exchange.body, limit + 1)
    except zlib.error:
        if encoding != "deflate":
            return b"", "a broken gzip body"
        data = zlib.decompressobj(-zlib.MAX_WBITS).decompress(exchange.body, limit + 1)
    if len(data) > limit:
        return data[:limit], f"more than {limit:,} bytes once decoded"
    return data, ""
