"""A small news site served on 127.0.0.1 for the follower's tests: a feed, a news sitemap,
pages, and a robots.txt that forbids /private/ (after an "Allow: /", which only a reader of
RFC 9309's longest match gets right). Every request is logged with its headers and time.

Answers carry an ETag and a Last-Modified and honour If-None-Match / If-Modified-Since.
`site.pages[path] = (status, content_type, body)` changes what it serves.
"""
import hashlib
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

LAST_MODIFIED = formatdate(1723600000, usegmt=True)
WORDS = ("Russian drones struck the grain terminal of the port of Odesa overnight, setting fire "
         "to two warehouses and damaging a berth used by ships of the grain corridor")


def article_page(slug, headline, paragraphs=4):
    body = "".join(f"<p>{WORDS}, the regional governor said in report {slug} paragraph {n}.</p>"
                   for n in range(1, paragraphs + 1))
    return (f"<!doctype html><html><head><title>{headline} | Black Sea Herald</title>"
            f"<meta property='og:site_name' content='Black Sea Herald'></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/war'>War</a> Subscribe to our newsletter</nav>"
            f"<article><h1>{headline}</h1><p class='byline'>By Olena Kovalenko</p>{body}</article>"
            f"<footer>Cookies help us. All rights reserved.</footer></body></html>").encode()


def feed(base):
    items = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link>"
        f"<pubDate>Wed, 14 Aug 2024 0{n}:30:00 GMT</pubDate>"
        f"<description>Feed summary of {title}, as the feed gives it.</description></item>"
        for n, (path, title) in enumerate(FEED_ITEMS, 1))
    return (f"<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel>"
            f"<title>Black Sea Herald - War</title><link>{base}/</link>{items}</channel></rss>").encode()


def sitemap(base):
    urls = "".join(
        f"<url><loc>{base}{path}</loc><news:news><news:publication><news:name>Black Sea Herald"
        f"</news:name><news:language>en</news:language></news:publication><news:publication_date>"
        f"2024-08-15</news:publication_date><news:title>{title}</news:title></news:news></url>"
        for path, title in SITEMAP_ITEMS)
    return (f"<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
            f"xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>{urls}</urlset>").encode()


FEED_ITEMS = [("/war/odesa-port", "Drones strike Odesa port"), ("/war/kherson-ferry", "Kherson ferry resumes"),
              ("/private/leak", "A page robots.txt forbids")]
SITEMAP_ITEMS = [("/war/odesa-port", "Drones strike Odesa port"), ("/war/kharkiv-metro", "Kharkiv metro reopens"),
                 ("/war/sumy-power", "Power returns to Sumy")]
ROBOTS = b"User-agent: *\nAllow: /\nDisallow: /private/\n"


class Site:
    def __init__(self):
        self.requests = []          # (path, headers dict, monotonic time)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.pages = {"/robots.txt": (200, "text/plain", ROBOTS),
                      "/feed.xml": (200, "application/rss+xml", feed(self.base)),
                      "/news-sitemap.xml": (200, "application/xml", sitemap(self.base))}
        for path, title in FEED_ITEMS + SITEMAP_ITEMS:
            self.pages[path] = (200, "text/html; charset=utf-8", article_page(path.rsplit("/", 1)[1], title))

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def paths(self):
        return [path for path, _, _ in self.requests]

    def handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                site.requests.append((self.path, dict(self.headers), time.monotonic()))
                status, content_type, body = site.pages.get(self.path, (404, "text/plain", b"not found"))
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if status == 200 and (self.headers.get("If-None-Match") == etag
                                      or self.headers.get("If-Modified-Since") == LAST_MODIFIED):
                    return self.answer(304, [("ETag", etag)], b"")
                headers = [("Content-Type", content_type), ("ETag", etag), ("Last-Modified", LAST_MODIFIED)]
                if status in (301, 302):
                    headers.append(("Location", body.decode()))
                if status == 429:
                    headers.append(("Retry-After", "7200"))
                self.answer(status, headers, body if status not in (301, 302) else b"")

            def answer(self, status, headers, body):
                self.send_response(status)
                for name, value in headers + [("Content-Length", str(len(body)))]:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def site(settings, tmp_path):
    """The site served for one test; the follower without delays, its WARC files in tmp_path."""
    settings.SOURCES_HOST_DELAY = 0
    settings.SOURCES_WARC_DIR = tmp_path / "warc"
    with Site() as served:
        yield served
