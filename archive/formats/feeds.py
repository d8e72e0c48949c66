"""Feed files (RSS and Atom: `.rss`, `.atom`, `.xml`), read by feedparser: each entry an article.

An entry's text is its full content when the feed carries it (`content:encoded`, Atom's
content, or an extension that carries the article: `<yandex:full-text>`, `<turbo:content>`),
else its summary, HTML either way (pages.fragment_paragraphs makes paragraphs of it); an
entry with a title and no text is a headline-only article. Some feeds escape the HTML of an
extension twice (CDATA holding "&lt;p&gt;"): it is unescaped once more. The outlet is the feed's title without a section
("BBC News - World" -> "BBC News"), else the entry's domain, else --outlet. feedparser
follows the encoding the file declares (windows-1251 included).
"""
import html as html_entities
import re
import time

import feedparser

from archive.outlets import domain_of

from .common import BadInput, Outcome, Record, read_bytes, source_name, with_defaults
from .pages import fragment_paragraphs, one_line

SUFFIXES = {".rss", ".atom", ".xml"}
MAX_FEED_BYTES = 20_000_000
SECTION = re.compile(r"\s+(?:-|–|—|\||:)\s+.*$")


def feed_records(path, defaults):
    source = source_name(path)
    try:
        parsed = feedparser.parse(read_bytes(path, MAX_FEED_BYTES))
        if not parsed.entries and (parsed.bozo or not parsed.version):
            raise BadInput("not an RSS or Atom feed" + (
                f" ({str(parsed.get('bozo_exception'))[:100]})" if parsed.bozo else ""))
    except BadInput as error:
        yield Outcome(source, "failed", str(error))
        return
    outlet = SECTION.sub("", one_line(parsed.feed.get("title", "")))
    for number, entry in enumerate(parsed.entries, 1):
        yield with_defaults(entry_record(entry, f"{source} entry {number}", outlet), defaults)


# Keys feedparser gives to the elements of extensions that carry the whole article.
FULL_TEXT_KEYS = ("yandex_full-text", "yandex_fulltext", "turbo_content")


def entry_html(entry):
    """The entry's fullest text as HTML: its content, a full-text extension, its summary."""
    content = [c.get("value", "") for c in entry.get("content") or []]
    extensions = [entry.get(key) or "" for key in FULL_TEXT_KEYS]
    for html in [*content, *extensions]:
        if isinstance(html, str) and html.strip():
            return unescape_twice_escaped(html)
    return entry.get("summary", "")


def unescape_twice_escaped(html):
    if "<" not in html and re.search(r"&lt;(?:p|div|br|a)\b", html):
        return html_entities.unescape(html)
    return html


def entry_record(entry, source, outlet):
    html = entry_html(entry)
    url = entry.get("link", "")
    return Record(
        source=source, text=fragment_paragraphs(html) if html.strip() else "",
        headline=one_line(fragment_paragraphs(entry.get("title", ""))) if entry.get("title") else "",
        authors=author_of(entry), outlet=outlet or domain_of(url),
        published=date_of(entry), url=url, structured=True,
    )


def author_of(entry):
    """RSS writes "mail@example.org (Name)"; feedparser reads the name out of it."""
    name = one_line((entry.get("author_detail") or {}).get("name") or entry.get("author", ""))
    return "" if "@" in name and " " not in name else name


def date_of(entry):
    """The entry's date as YYYY-MM-DD (feedparser gives it in UTC), or ""."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else ""
