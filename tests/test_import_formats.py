"""Saved pages, WARC captures and feeds: the article text without the page around it, the
metadata the source declares, and the same cleaning, identity and reporting as any file.

Shipped fixtures: a hand-written page and feeds, warcio's test captures (fixtures/*/README.md).
The real saved news pages, capture and feeds of ../shared/corpora are read when present."""
import csv
import io
import json
from itertools import islice
from pathlib import Path

import pytest
from django.conf import settings

from archive.cleaning import clean
from archive.formats.common import Defaults
from archive.formats.feeds import feed_records
from archive.formats.pages import page_record
from archive.formats.warc import warc_records
from archive.importers import import_paths
from archive.models import Article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGE = FIXTURES / "pages" / "odesa-port.html"
CORPORA = Path(settings.BASE_DIR).parent / "shared" / "corpora"
needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is absent")
BOILERPLATE = ["cookies", "Home", "Subscribe", "newsletter", "Related stories", "Kherson ferry",
               "Reader1234", "Insurance premiums", "All rights reserved", "Privacy policy"]


def imported(*paths, **defaults):
    seen = []
    summary = import_paths([str(p) for p in paths], Defaults(**defaults), on_outcome=seen.append)
    return summary, seen


def capture_of(pages, path):
    """A WARC file with one HTTP response record per (url, html bytes), as a crawler writes it."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html), http_headers=headers))
    return path


# Saved pages -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_saved_page_imports_its_article_and_nothing_around_it():
    summary, seen = imported(PAGE)
    assert summary.created == 1, seen
    article = Article.objects.get()
    assert article.headline == "Drones strike Odesa grain port overnight"  # the site tail is gone
    assert (article.outlet.name, article.authors) == ("Black Sea Herald", "Olena Kovalenko")
    assert (str(article.published), article.published_precision) == ("2024-08-14", "day")
    assert article.url == "https://blackseaherald.example.org/war/2024/08/14/odesa-port-drones"
    texts = list(article.chunks.values_list("text", flat=True))
    assert len(texts) == 4 and texts[0].startswith("Russian drones struck the grain terminal")
    assert "Exports continue" in article.chunks.values_list("heading", flat=True)
    assert not [b for b in BOILERPLATE if any(b in t for t in texts)]


@pytest.mark.django_db
def test_a_saved_page_imported_twice_is_unchanged():
    imported(PAGE)
    summary, _ = imported(PAGE)
    assert summary.unchanged == 1 and Article.objects.count() == 1


@pytest.mark.django_db
def test_a_page_without_an_article_is_reported(tmp_path):
    (tmp_path / "empty.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    summary, seen = imported(tmp_path / "empty.html")
    assert summary.failed == 1 and "no article text found in the page" in seen[0].message


# WARC --------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_capture_imports_each_html_page_once(tmp_path):
    html = PAGE.read_bytes()
    warc = capture_of([("https://blackseaherald.example.org/war/2024/08/14/odesa-port-drones", html)], tmp_path / "crawl.warc.gz")
    summary, seen = imported(warc)
    assert summary.created == 1 and "record 1 (https://blackseaherald.example.org" in seen[0].source
    assert Article.objects.get().headline == "Drones strike Odesa grain port overnight"
    assert imported(warc)[0].unchanged == 1


@pytest.mark.django_db
def test_warcio_captures_gzipped_chunked_and_broken():
    summary, seen = imported(FIXTURES / "warc" / "warcio__example.warc.gz",
                             FIXTURES / "warc" / "warcio__example-iana.org-chunked.warc",
                             FIXTURES / "warc" / "warcio__example-wrong-chunks.warc.gz")
    assert sorted(Article.objects.values_list("outlet__name", flat=True)) == ["example.com", "iana.org"]
    failed = [o for o in seen if o.status == "failed"]
    assert len(failed) == 1 and "the capture is broken after record" in failed[0].message


# Feeds ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_feed_imports_its_entries_a_title_only_one_as_headline_only():
    summary, seen = imported(FIXTURES / "feeds" / "war.rss", FIXTURES / "feeds" / "war.atom")
    assert (summary.created, summary.headline_only, summary.failed) == (3, 1, 0)
    odesa = Article.objects.get(url__endswith="odesa-port-drones")
    assert (odesa.outlet.name, odesa.authors, str(odesa.published)) == ("Black Sea Herald", "Olena Kovalenko", "2024-08-14")
    assert "track()" not in odesa.body and odesa.chunks.count() == 2
    assert Article.objects.get(url__endswith="kherson-ferry").headline_only
    assert Article.objects.get(url__endswith="martial-law").outlet.name == "Kyiv Ledger"
    assert imported(FIXTURES / "feeds")[0].unchanged == 3


@pytest.mark.django_db
def test_a_page_and_its_feed_entry_in_one_run_are_one_article():
    summary, seen = imported(FIXTURES / "feeds" / "war.rss", PAGE)
    assert summary.repeated == 1 and "repeats" in seen[-1].message and "war.rss entry 1" in seen[-1].message


@pytest.mark.django_db
def test_a_feeds_full_text_extension_is_the_articles_text():
    summary, _ = imported(FIXTURES / "feeds" / "full-text.rss")
    article = Article.objects.get()
    assert (summary.created, summary.headline_only, article.chunks.count()) == (1, 0, 2)
    assert article.body.startswith("Three ships carrying grain left the port of Odesa")


@needs_corpora
def test_a_real_feeds_yandex_full_text_is_imported():
    records = list(feed_records(CORPORA / "feeds" / "ukranews.com.rss.xml", Defaults()))
    assert records and all(len(r.text.split("\n\n")) >= 3 and "<p>" not in r.text for r in records)


def test_a_file_that_is_not_a_feed_is_reported(tmp_path):
    (tmp_path / "sitemap.xml").write_text("<urlset><url><loc>https://x.org/</loc></url></urlset>")
    assert "not an RSS or Atom feed" in next(feed_records(tmp_path / "sitemap.xml", Defaults())).message


# Real material (skipped without ../shared/corpora) ---------------------------------------------

def expectations():
    path = CORPORA / "html" / "expectations.tsv"
    return list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t")) if path.exists() else []


def normal(text):
    return " ".join(text.split())


@needs_corpora
@pytest.mark.parametrize("row", expectations(), ids=lambda row: row["file"])
def test_a_real_saved_page_keeps_its_text_and_drops_its_boilerplate(row):
    """trafilatura's evaluation annotations: what the main text must and must not hold."""
    record = page_record((CORPORA / "html" / "pages" / row["file"]).read_bytes(), row["file"], row["url"])
    body = normal(clean(record.text, headline_hint=record.headline).body)
    included = [s for s in json.loads(row["must_include"]) if normal(s) in body]
    leaked = [s for s in json.loads(row["must_exclude"]) if normal(s) in body]
    assert len(included) * 3 >= 2 * len(json.loads(row["must_include"])), (row["file"], included)
    assert len(leaked) <= 1, (row["file"], leaked)
    assert record.outlet and record.headline


@needs_corpora
def test_the_real_news_capture_reads_its_pages_with_their_urls():
    records = list(islice(warc_records(CORPORA / "warc" / "news_pages.warc.gz", Defaults()), 3))
    assert len(records) == 3 and all(r.text and r.url.startswith("http") for r in records)


@needs_corpora
@pytest.mark.parametrize("name", ["pravda.com.ua.rss.xml", "unian.ua.rss.xml", "bbc.co.uk_world.rss.xml"])
def test_a_real_feed_reads_every_entry_in_its_encoding(name):
    records = list(feed_records(CORPORA / "feeds" / name, Defaults()))
    assert records and all(r.headline for r in records)
    assert sum(r.url.startswith("http") for r in records) >= len(records) - 1  # Pravda's feed has a bare video id as one link
    assert not any("Ð" in r.headline or "Ã" in r.headline for r in records)  # no mojibake
