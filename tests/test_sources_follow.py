"""Sources followed on their own: a local site (tests/source_site.py) added with add_source
and followed twice with `follow_sources --once --all`: every allowed page an article with its
main text, the forbidden one never asked for, the second poll conditional and fetching no
page again, every response in a WARC file that import_articles reads back into the same
archive, and each article's provenance on its admin page."""
from pathlib import Path

import pytest
from django.core.management import call_command
from warcio.archiveiterator import ArchiveIterator

from archive.models import Article
from archive.sources.models import Fetch, Source
from tests.source_site import site  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

ALLOWED = ["/war/odesa-port", "/war/kherson-ferry", "/war/kharkiv-metro", "/war/sumy-power"]


def follow(site, *options):
    call_command("add_source", f"{site.base}/feed.xml", "--outlet", "Black Sea Herald", "--every", "30m")
    call_command("add_source", f"{site.base}/news-sitemap.xml", "--every", "1h")
    call_command("follow_sources", "--once", "--all", *options)


def responses_kept(folder):
    """(path, status) of every response record in the WARC files."""
    kept = []
    for path in sorted(Path(folder).glob("*.warc.gz")):
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    kept.append((url.split("/", 3)[3] if url.count("/") >= 3 else "", int(record.http_headers.get_statuscode())))
    return [("/" + path, status) for path, status in kept]


def test_every_allowed_page_becomes_an_article_with_its_main_text(site):
    follow(site)
    for path in ALLOWED:
        article = Article.objects.get(url=site.base + path)
        assert "regional governor said in report" in article.body
        assert "Subscribe to our newsletter" not in article.body and "Cookies" not in article.body
        assert article.outlet.name == "Black Sea Herald" and article.fetches.filter(status=200).exists()
    assert Article.objects.get(url=site.base + "/war/odesa-port").headline == "Drones strike Odesa port"


def test_the_forbidden_page_is_never_requested_and_its_feed_text_is_kept(site):
    follow(site)
    assert not [p for p in site.paths() if p.startswith("/private/")]
    forbidden = Article.objects.get(url=site.base + "/private/leak")
    assert forbidden.body == "Feed summary of A page robots.txt forbids, as the feed gives it."
    feed = Source.objects.get(url__endswith="/feed.xml")
    assert feed.page_failures == 1 and "robots.txt forbids" in feed.last_page_error


def test_the_second_poll_is_conditional_and_fetches_no_page_again(site):
    follow(site)
    first = len(site.requests)
    assert site.paths().count("/robots.txt") == 1 and site.paths().count("/war/odesa-port") == 1
    call_command("follow_sources", "--once", "--all")
    again = site.requests[first:]
    assert sorted(path for path, _, _ in again) == ["/feed.xml", "/news-sitemap.xml"]
    assert all("If-None-Match" in headers for _, headers, _ in again)
    assert Fetch.objects.filter(purpose="listing", status=304).count() == 2
    assert Article.objects.count() == 5
    assert Source.objects.get(url__endswith="/feed.xml").last_result.endswith("not modified")


def test_every_response_is_kept_in_a_warc_file(site, settings):
    follow(site)
    call_command("follow_sources", "--once", "--all")
    answered = sorted((path, 304 if "If-None-Match" in headers else 200) for path, headers, _ in site.requests)
    assert sorted(responses_kept(settings.SOURCES_WARC_DIR)) == answered


def test_importing_the_warc_files_gives_the_same_archive(site, settings):
    follow(site)
    fields = ("url", "headline", "body", "outlet__name", "published", "language", "headline_only")
    followed = sorted(Article.objects.values_list(*fields))
    Article.objects.all().delete()
    call_command("import_articles", str(settings.SOURCES_WARC_DIR), "--quiet")
    assert sorted(Article.objects.values_list(*fields)) == followed
    call_command("import_articles", str(settings.SOURCES_WARC_DIR), "--quiet")
    assert sorted(Article.objects.values_list(*fields)) == followed


def test_a_page_that_fails_keeps_the_feeds_text_until_it_can_be_fetched(site):
    site.pages["/war/kherson-ferry"] = (503, "text/plain", b"busy")
    follow(site)
    article = Article.objects.get(url=site.base + "/war/kherson-ferry")
    assert article.body.startswith("Feed summary of Kherson ferry resumes")
    assert "HTTP 503" in Source.objects.get(url__endswith="/feed.xml").last_page_error
    site.pages["/war/kherson-ferry"] = (200, "text/html", site.pages["/war/odesa-port"][2].replace(
        b"odesa-port", b"kherson-ferry"))
    call_command("follow_sources", "--once", "--all")
    article.refresh_from_db()
    assert "report kherson-ferry paragraph 4" in article.body
    assert Source.objects.get(url__endswith="/feed.xml").page_failures == 0


def test_an_article_shows_where_and_when_it_was_fetched_in_the_admin(site, admin_client):
    follow(site)
    article = Article.objects.get(url=site.base + "/war/sumy-power")
    page = admin_client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    assert "Provenance" in page and site.base + "/war/sumy-power" in page and "<td>200</td>" in page
    assert "follow-" in page and ".warc.gz" in page
