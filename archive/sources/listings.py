"""What a feed or a sitemap lists: its entries (a page each), or, for a sitemap index, more
sitemaps.

Feeds are read by feedparser as archive/formats/feeds.py reads feed files: each entry's
text (content, full-text extension, summary) is kept, to be imported when its page cannot
be. Sitemaps (`<urlset>`, with Google News' `<news:title>` and `<news:publication_date>`)
and sitemap indexes (`<sitemapindex>`) are parsed by lxml without entities or network.
"""
import gzip
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone

import feedparser
from lxml import etree

from archive.formats.common import BadInput
from archive.formats.feeds import SECTION, entry_record
from archive.formats.pages import one_line

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)


@dataclass
class Entry:
    url: str
    headline: str = ""
    published: str = ""             # as the listing wrote it
    authors: str = ""
    updated: datetime = None        # the listing's date of its last change, if it says
    record: object = None           # the feed's own Record of it (text), or None


@dataclass
class Listing:
    kind: str                       # "feed", "sitemap" or "sitemapindex"
    entries: list = field(default_factory=list)
    sitemaps: list = field(default_factory=list)    # (url, lastmod) of a sitemap index


def read_listing(body, url, limit):
    """The Listing in a response body; BadInput when it is neither a feed nor a sitemap."""
    if body[:2] == b"\x1f\x8b":     # a sitemap.xml.gz served as a file, not gzip-encoded
        try:
            body = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(body, limit)
        except (zlib.error, gzip.BadGzipFile):
            raise BadInput("a broken gzip file") from None
    root = xml_root(body)
    if root is not None and root.tag in (f"{SITEMAP_NS}urlset", "urlset"):
        return Listing("sitemap", entries=sitemap_entries(root))
    if root is not None and root.tag in (f"{SITEMAP_NS}sitemapindex", "sitemapindex"):
        return Listing("sitemapindex", sitemaps=[(loc, lastmod) for loc, lastmod, _ in locations(root, "sitemap")])
    return feed_listing(body, url)


def xml_root(body):
    try:
        return etree.fromstring(body, PARSER)
    except etree.XMLSyntaxError:
        return None


def feed_listing(body, url):
    parsed = feedparser.parse(body)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        raise BadInput("neither a feed (RSS, Atom) nor a sitemap")
    outlet = SECTION.sub("", one_line(parsed.feed.get("title", "")))
    entries = []
    for number, item in enumerate(parsed.entries, 1):
        record = entry_record(item, f"{url} entry {number}", outlet)
        # (feedparser warns when "updated_parsed" is asked of an entry with no <updated>.)
        updated = dict.get(item, "updated_parsed") or item.get("published_parsed")
        entries.append(Entry(record.url, record.headline, record.published, record.authors,
                             datetime(*updated[:6], tzinfo=timezone.utc) if updated else None, record))
    return Listing("feed", entries=entries)


def locations(root, tag):
    """(loc, lastmod datetime or None, element) of each <url> or <sitemap> element."""
    for element in root.iter(f"{SITEMAP_NS}{tag}", tag):
        loc = text_of(element, "loc")
        if loc:
            yield loc, parse_date(text_of(element, "lastmod")), element


def sitemap_entries(root):
    entries = []
    for loc, lastmod, element in locations(root, "url"):
        news = element.find(f"{NEWS_NS}news")
        headline = one_line(news.findtext(f"{NEWS_NS}title", "")) if news is not None else ""
        published = (news.findtext(f"{NEWS_NS}publication_date", "") if news is not None else "").strip()
        entries.append(Entry(loc, headline, published[:10], updated=lastmod or parse_date(published)))
    return entries


def text_of(element, name):
    found = element.find(f"{SITEMAP_NS}{name}")
    if found is None:
        found = element.find(name)
    return (found.text or "").strip() if found is not None else ""


def parse_date(text):
    """A W3C datetime ("2024-08-14", "2024-08-14T10:00:00+03:00") as an aware datetime, or None."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
