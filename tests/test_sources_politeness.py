"""The follower is polite and bounded: a User-Agent naming the archive, one request at a
time per host with a delay, robots.txt read as RFC 9309 says, a size cap, bounded
redirects, backoff on errors (Retry-After heard), sources in trouble listed by /healthz
and the admin while /healthz stays 200, and a stop on SIGTERM."""
import os
import signal
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from warcio.archiveiterator import ArchiveIterator

from archive.models import Article
from archive.sources.health import summary
from archive.sources.models import Fetch, Source
from archive.sources.robots import Robots
from search.web import health
from tests.source_site import article_page, site  # noqa: F401 (site: a fixture)

pytestmark = pytest.mark.django_db


def test_requests_name_the_archive_and_wait_their_turn(site, settings):
    settings.SOURCES_HOST_DELAY = 0.3
    settings.SOURCES_USER_AGENT = "WarReportingArchive/1.0 (+mailto:keepers@archive.example.org)"
    call_command("add_source", f"{site.base}/feed.xml")
    call_command("follow_sources", "--once")
    times = [t for _, _, t in site.requests]
    assert len(times) == 4      # robots.txt, the feed, two pages (the third is forbidden)
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.28
    assert {h["User-Agent"] for _, h, _ in site.requests} == {settings.SOURCES_USER_AGENT}


class OneFile:
    def __init__(self, text):
        self.text = text

    def fetch_robots(self, url, not_before):
        return 200, self.text, ""


def test_robots_rules_are_read_as_rfc_9309_says():
    robots = Robots(OneFile("User-agent: *\nAllow: /\nDisallow: /private/\nDisallow: /*?print=\n"
                            "Disallow: /*.pdf$\nCrawl-delay: 7\n\nUser-agent: WarReportingArchive\n"
                            "Disallow: /drafts/\n"), "WarReportingArchive", 86400)
    assert robots.allowed("https://news.example.org/war/a")
    assert not robots.allowed("https://news.example.org/drafts/a")     # our own group applies
    robots = Robots(OneFile("User-agent: *\nAllow: /\nDisallow: /private/\nDisallow: /*?print=\n"
                            "Disallow: /*.pdf$\nCrawl-delay: 7\n"), "WarReportingArchive", 86400)
    assert not robots.allowed("https://news.example.org/private/a")    # the longest rule wins
    assert not robots.allowed("https://news.example.org/war/a?print=1")
    assert not robots.allowed("https://news.example.org/files/a.pdf")
    assert robots.allowed("https://news.example.org/files/a.pdf?page=2")
    assert robots.crawl_delay("news.example.org") == 7


def test_an_unreachable_robots_txt_forbids_everything_for_now(site):
    site.pages["/robots.txt"] = (503, "text/plain", b"down")
    call_command("add_source", f"{site.base}/feed.xml")
    with pytest.raises(CommandError):
        call_command("follow_sources", "--once")
    assert site.paths() == ["/robots.txt"]
    assert "robots.txt forbids" in Source.objects.get().last_error


def test_a_page_over_the_size_cap_is_kept_cut_and_said_so(site, settings):
    settings.SOURCES_MAX_BYTES = 3000
    site.pages["/war/odesa-port"] = (200, "text/html", article_page("odesa-port", "Drones strike Odesa port", 40))
    call_command("add_source", f"{site.base}/feed.xml")
    call_command("follow_sources", "--once")
    fetch = Fetch.objects.get(url=f"{site.base}/war/odesa-port")
    assert (fetch.truncated, fetch.length) == ("length", 3000)
    truncated = []
    for path in Path(settings.SOURCES_WARC_DIR).glob("*.warc.gz"):
        with open(path, "rb") as stream:
            truncated += [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)
                          if r.rec_headers.get_header("WARC-Truncated") == "length"]
    assert truncated == [f"{site.base}/war/odesa-port"]
    assert Article.objects.filter(url=f"{site.base}/war/odesa-port").exists()


def test_redirects_are_followed_a_few_times_only(site, settings):
    site.pages["/war/odesa-port"] = (301, "text/plain", b"/war/odesa-port-2024")
    site.pages["/war/odesa-port-2024"] = (200, "text/html", article_page("odesa-port", "Drones strike Odesa port"))
    site.pages["/war/kherson-ferry"] = (302, "text/plain", b"/war/kherson-ferry")    # a loop
    call_command("add_source", f"{site.base}/feed.xml")
    call_command("follow_sources", "--once")
    assert Article.objects.filter(url=f"{site.base}/war/odesa-port-2024").exists()
    assert site.paths().count("/war/kherson-ferry") == settings.SOURCES_MAX_REDIRECTS + 1
    assert "more than 5 redirects" in Fetch.objects.get(url=f"{site.base}/war/kherson-ferry").error


def test_a_failing_source_backs_off_and_hears_retry_after(site):
    site.pages["/feed.xml"] = (500, "text/plain", b"oops")
    call_command("add_source", f"{site.base}/feed.xml", "--every", "10m")
    for failures, wait in ((1, 10), (2, 20), (3, 40)):
        with pytest.raises(CommandError):
            call_command("follow_sources", "--once", "--all")
        source = Source.objects.get()
        assert (source.consecutive_failures, source.last_error) == (failures, "HTTP 500")
        assert abs((source.next_poll - source.last_poll) - timedelta(minutes=wait)) < timedelta(seconds=5)
    site.pages["/feed.xml"] = (429, "text/plain", b"slow down")      # Retry-After: 7200
    with pytest.raises(CommandError):
        call_command("follow_sources", "--once", "--all")
    source = Source.objects.get()
    assert source.next_poll - source.last_poll >= timedelta(seconds=7195)


def test_sources_in_trouble_are_listed_and_healthz_stays_ok(site, client, admin_client):
    from tests.search_archive import article, index
    article("Drones over Kursk", "A paragraph about drones.")
    index()
    site.pages["/feed.xml"] = (500, "text/plain", b"oops")
    call_command("add_source", f"{site.base}/feed.xml", "--every", "10m")
    call_command("add_source", f"{site.base}/news-sitemap.xml", "--every", "10m")
    with pytest.raises(CommandError):
        call_command("follow_sources", "--once", "--all")
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Source.objects.update(created=an_hour_ago)
    Source.objects.filter(url__endswith="sitemap.xml").update(next_poll=an_hour_ago)
    assert {(p["url"].rsplit("/", 1)[1], p["problem"]) for p in summary()["in_trouble"]} == {
        ("feed.xml", "failing"), ("news-sitemap.xml", "silent")}
    health.look_at_sources()
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["sources"]["failing"] == 1 and response.json()["sources"]["silent"] == 1
    listed = admin_client.get("/admin/sources/source/?trouble=failing").content.decode()
    assert "feed.xml" in listed and "news-sitemap.xml" not in listed


def test_the_service_stops_on_sigterm(site):
    call_command("add_source", f"{site.base}/feed.xml", "--every", "1h")
    stop = threading.Timer(1.5, os.kill, (os.getpid(), signal.SIGTERM))
    stop.start()
    try:
        call_command("follow_sources")      # polls the source, naps, hears SIGTERM
    finally:
        stop.cancel()                       # (had it ended by itself, the signal would end pytest)
    assert Source.objects.get().last_success is not None


def test_add_source_refuses_what_it_cannot_follow():
    with pytest.raises(CommandError, match="not an http or https address"):
        call_command("add_source", "ftp://example.org/feed")
    with pytest.raises(CommandError, match="--every"):
        call_command("add_source", "https://example.org/feed", "--every", "soon")
    with pytest.raises(CommandError, match="at least 1m"):
        call_command("add_source", "https://example.org/feed", "--every", "5s")
