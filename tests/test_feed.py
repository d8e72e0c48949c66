"""The Atom feed of a search's newest articles, and the OpenSearch description; read
with feedparser, and checked against the W3C feed validator's rules for Atom."""
import re
import xml.etree.ElementTree as ET
from datetime import date

import feedparser
import pytest

from search.web import feeds
from search.types import ArticleRef, ArticleResult, ParagraphHit, SearchRequest, SearchResponse

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(1)>'


def response_with(headline, snippet_html, url="https://www.reuters.com/a"):
    ref = ArticleRef(id=7, headline=headline, outlet_slug="reuters", outlet_name="Reuters",
                     authors="Guy Faulconbridge", published=date(2024, 8, 14), precision="day",
                     url=url, permalink="/articles/7/")
    hit = ParagraphHit(id="ab12cd34", position=0, heading="", html=snippet_html,
                       permalink="/articles/7/#p-ab12cd34")
    result = ArticleResult(article=ref, matching_paragraphs=3, paragraphs=[hit], commentary=[])
    return SearchResponse(request=SearchRequest(q="kursk"), interpreted="kursk",
                          total_articles=1, total_paragraphs=3, page=1, pages=1, results=[result])


def build(response):
    feed = feeds.build(SearchRequest(q="kursk"), response, "https://archive.example/?q=kursk",
                       "https://archive.example/search/feed.atom?q=kursk",
                       "https://archive.example/", "https://archive.example",
                       "https://archive.example/search/feed.atom?q=kursk")
    return ET.fromstring(feed.writeString("utf-8"))


def test_it_lists_the_articles_with_links_to_the_archive():
    feed = build(response_with("Ukraine advances", "the <mark>Kursk</mark> region"))
    assert feed.find(f"{ATOM}title").text == "Ukraine War Archive: kursk"
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Ukraine advances"
    assert entry.find(f"{ATOM}link").get("href") == "https://archive.example/articles/7/"
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<mark>Kursk</mark>" in summary.text and "2 more matching paragraphs" in summary.text


def test_it_keeps_hostile_headlines_and_snippets_inert():
    # The engine escapes snippets; even an unescaped one must not reach a reader as markup.
    feed = build(response_with(f"Evil {HOSTILE}", f"text &lt;script&gt; {HOSTILE}",
                               url="javascript:alert(1)"))
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == f"Evil {HOSTILE}"   # plain text, shown as text
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")
    summary = entry.find(f"{ATOM}summary").text             # HTML: must hold no live tag
    assert "<script" not in summary and "<img" not in summary
    assert "&lt;script&gt;" in summary
    assert "javascript:" not in ET.tostring(feed, encoding="unicode")


@pytest.mark.django_db
def test_it_serves_the_newest_matching_articles_as_atom(client):
    from tests.search_archive import article, index

    article("Old Kursk story", "Kursk in 2022.", published=date(2022, 9, 6))
    article("New Kursk story", "Kursk in 2024.", published=date(2024, 8, 14))
    evil = article(f"Kursk {HOSTILE}", f"Kursk {HOSTILE}", published=date(2023, 1, 1))
    evil.url = "javascript:alert(1)"
    evil.save()
    article("Unrelated", "Kharkiv.", published=date(2025, 1, 1))
    index()
    response = client.get("/search/feed.atom", {"q": "kursk"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles == [f"Kursk {HOSTILE}", "New Kursk story", "Old Kursk story"]   # last changed
    for entry in feed.findall(f"{ATOM}entry"):
        summary = entry.find(f"{ATOM}summary").text
        assert "<script" not in summary and "<img" not in summary
    assert b"javascript:" not in response.content


@pytest.mark.django_db
def test_it_lists_back_dated_additions_and_edits_by_when_they_changed(client):
    from archive.models import Article
    from tests.search_archive import article, index

    edited = article("Kursk in August", "Kursk, August 2024.", published=date(2024, 8, 14))
    article("Kursk in September", "Kursk, September 2024.", published=date(2024, 9, 1))
    article("Kursk in 2022, added late", "Kursk, 2022.", published=date(2022, 9, 6))
    edited.body += "\n\nA correction about Kursk."
    edited.save()
    index()
    feed = ET.fromstring(client.get("/search/feed.atom", {"q": "kursk"}).content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Kursk in August", "Kursk in 2022, added late", "Kursk in September"]
    changed = Article.objects.get(pk=edited.pk).updated
    assert entries[0].find(f"{ATOM}updated").text == changed.isoformat()
    assert feed.find(f"{ATOM}updated").text == changed.isoformat()    # the newest entry's


RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def check_atom(xml):
    """The W3C feed validator's rules for Atom (RFC 4287) that can be checked offline:
    the feed's and every entry's required elements, an author for every entry (its own or
    the feed's), ids that are absolute URIs and unique, RFC 3339 dates, a self link, and
    language tags that are tags."""
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    feed = ET.fromstring(xml)
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert any(link.get("rel") == "self" for link in feed.findall(f"{ATOM}link"))
    has_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert len(entry.findall(f"{ATOM}published")) <= 1
        assert has_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
        ids.append(entry.find(f"{ATOM}id").text)
        for stamp in entry.findall(f"{ATOM}updated") + entry.findall(f"{ATOM}published"):
            assert RFC3339.match(stamp.text), stamp.text
        assert LANGUAGE_TAG.match(entry.get(xml_lang, "en"))
    assert RFC3339.match(feed.find(f"{ATOM}updated").text)
    assert all(re.match(r"^(https?|tag):", i) for i in ids) and len(set(ids)) == len(ids)


@pytest.mark.django_db
def test_feed_readers_see_each_articles_own_date_author_and_language(client, settings):
    from tests.search_archive import article, index

    settings.SITE_URL = "https://archive.example.org"
    article("Kursk in 2022", "Kursk, 2022.", published=date(2022, 9, 6),
            authors="Guy Faulconbridge")
    article("Курськ без дати", "Курськ, Курська область, про це повідомляють джерела.",
            outlet_name="Українська правда", published=None)
    index()
    xml = client.get("/search/feed.atom", {"q": "kursk"}).content
    check_atom(xml)
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.bozo_exception
    entries = {e.title: e for e in parsed.entries}
    dated, undated = entries["Kursk in 2022"], entries["Курськ без дати"]
    assert dated.published.startswith("2022-09-06")          # not the day it was imported
    assert "published" not in undated and undated.updated
    assert dated.author == "Guy Faulconbridge"
    assert "author" not in undated                          # the feed's author stands for it
    assert parsed.feed.author == "Ukraine War Archive"
    assert dated.title_detail.language == "en"
    assert undated.title_detail.language == "uk"
    assert dated.id.startswith("https://archive.example.org/articles/")


@pytest.mark.django_db
def test_entry_ids_are_the_same_whichever_host_name_is_asked(client, settings):
    from tests.search_archive import article, index

    settings.ALLOWED_HOSTS = ["localhost", "archive.example.org"]
    article("Kursk", "Kursk, 2024.")
    index()
    feeds_seen = [feedparser.parse(client.get("/search/feed.atom", {"q": "kursk"},
                                              HTTP_HOST=host).content)
                  for host in ("localhost", "archive.example.org")]
    assert feeds_seen[0].feed.id == feeds_seen[1].feed.id
    assert [e.id for e in feeds_seen[0].entries] == [e.id for e in feeds_seen[1].entries]
    assert feeds_seen[1].entries[0].link.startswith("http://archive.example.org/")


@pytest.mark.django_db
def test_the_opensearch_short_name_fits_its_sixteen_characters(client):
    description = ET.fromstring(client.get("/opensearch.xml").content)
    [short] = description.iter("{http://a9.com/-/spec/opensearch/1.1/}ShortName")
    assert 0 < len(short.text) <= 16
