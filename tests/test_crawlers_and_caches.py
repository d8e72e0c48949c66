"""What crawlers and caches get: robots.txt read by Python's robots.txt parser, a sitemap of
the article pages, ETags and Last-Modified answered 304, and compressed responses; the
last over real HTTP too."""
import gzip
import http.client
import xml.etree.ElementTree as ET
from datetime import date
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import pytest

from tests.search_archive import article, index

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_robots_txt_keeps_crawlers_on_the_article_pages(client):
    reply = client.get("/robots.txt")
    assert reply["Content-Type"].startswith("text/plain")
    robots = RobotFileParser()
    robots.parse(reply.content.decode().splitlines())
    allowed = ["/", "/articles/12/"]
    refused = ["/?q=kursk&outlet=reuters", "/?outlet=bbc&from=2024-08", "/search/export.csv",
               "/search/export.json?q=kursk", "/search/feed.atom", "/search/export.bib",
               "/search/attention?q=kursk", "/api/search?q=kursk", "/paragraphs/3/copies/"]
    assert all(robots.can_fetch("SomeBot", path) for path in allowed)
    assert not any(robots.can_fetch("SomeBot", path) for path in refused)
    assert robots.site_maps() == ["http://testserver/sitemap.xml"]


def test_the_sitemap_lists_every_article_page_with_its_last_change(client):
    made = [article(f"Report {n}", "Text.", published=date(2024, 8, n + 1)) for n in range(3)]
    index_page = ET.fromstring(client.get("/sitemap.xml").content)
    [section] = [urlsplit(loc.text).path for loc in index_page.iter(f"{SITEMAP}loc")]
    urls = ET.fromstring(client.get(section).content)
    listed = {urlsplit(u.find(f"{SITEMAP}loc").text).path: u.find(f"{SITEMAP}lastmod").text
              for u in urls.iter(f"{SITEMAP}url")}
    assert listed == {a.get_absolute_url(): a.updated.date().isoformat() for a in made}


def test_an_unchanged_page_feed_or_citation_is_answered_304(client):
    made = article("Kursk report", "Kursk, first.", published=date(2024, 8, 14))
    index()
    for path in (made.get_absolute_url(), f"/articles/{made.pk}/cite.ris", "/api/search?q=kursk",
                 "/search/feed.atom?q=kursk", "/?q=kursk"):
        first = client.get(path)
        assert first.status_code == 200 and first.has_header("ETag"), path
        again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b"", path
    feed = client.get("/search/feed.atom", {"q": "kursk"})
    since = client.get("/search/feed.atom", {"q": "kursk"},
                       HTTP_IF_MODIFIED_SINCE=feed["Last-Modified"])
    assert since.status_code == 304
    made.body += "\n\nA correction about Kursk."
    made.save()
    index()
    changed = client.get(made.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_pages_are_compressed_for_a_client_that_asks(client):
    for n, place in enumerate(("Sudzha", "Korenevo", "Lgov", "Rylsk", "Glushkovo")):
        article(f"Kursk report {n}", f"Kursk, near {place}: the fighting goes on.")
    index()
    plain = client.get("/", {"q": "kursk"})
    packed = client.get("/", {"q": "kursk"}, HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    text = gzip.decompress(packed.content).decode()
    assert "Kursk report 4" in text and len(packed.content) < len(plain.content) / 3
    # random padding in the gzip header (BREACH): the size of a page says nothing exact
    sizes = {len(client.get("/", {"q": "kursk"}, HTTP_ACCEPT_ENCODING="gzip").content)
             for _ in range(8)}
    assert len(sizes) > 1


@pytest.mark.django_db(transaction=True)
def test_over_http_a_feed_is_gzipped_and_then_not_sent_again(live_server):
    article("Kursk report", "Kursk, near Sudzha: " + "the fighting goes on and on. " * 10)
    index()
    address = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    connection.request("GET", "/search/feed.atom?q=kursk", headers={"Accept-Encoding": "gzip"})
    reply = connection.getresponse()
    body = reply.read()
    assert reply.status == 200 and reply.getheader("Content-Encoding") == "gzip"
    assert b"Kursk report" in gzip.decompress(body)
    connection.request("GET", "/search/feed.atom?q=kursk",
                       headers={"Accept-Encoding": "gzip", "If-None-Match": reply.getheader("ETag")})
    again = connection.getresponse()
    assert again.status == 304 and again.read() == b""
    connection.close()
