"""Saved web pages (`.html`, `.htm`): the article in them, found by trafilatura.

trafilatura tells the main text from the page around it (navigation, cookie notices,
related links, comments: none of them becomes a paragraph) and reads the metadata a page
declares (title, author, date, site name, canonical url). Its paragraphs, headings and list
items become the body's paragraphs; the text then goes through the same cleaning as any
file. The outlet is the page's site name, else its domain, else --outlet.
"""
import re

from lxml import etree
from trafilatura import bare_extraction

from archive.outlets import domain_of

from .common import BadInput, Outcome, Record, read_bytes, source_name, with_defaults

SUFFIXES = {".html", ".htm"}
MAX_PAGE_BYTES = 20_000_000  # a saved page carries its scripts and styles inline
MIN_PAGE_WORDS = 5


def page_file_records(path, defaults):
    source = source_name(path)
    try:
        yield with_defaults(page_record(read_bytes(path, MAX_PAGE_BYTES), source), defaults)
    except BadInput as error:
        yield Outcome(source, "failed", str(error))


def page_record(html, source, url=""):
    """The Record of one page (bytes or text); BadInput when it holds no article text."""
    document = bare_extraction(html, url=url or None, with_metadata=True, include_comments=False,
                               include_tables=False, include_images=False, output_format="python")
    body = paragraphs_of(document.body) if document is not None and document.body is not None else ""
    if len(body.split()) < MIN_PAGE_WORDS:  # a menu or a login form, not an article
        raise BadInput("no article text found in the page")
    page_url = document.url or url
    return Record(
        source=source, text=body, headline=one_line(document.title),
        authors=authors_of(document.author), outlet=one_line(document.sitename) or domain_of(page_url),
        published=document.date or "", url=page_url or "", structured=True,
    )


def paragraphs_of(body):
    """trafilatura's body (<p>, <head>, <list><item>, <quote> ...) as paragraphs separated
    by a blank line, headings as "## Heading"."""
    paragraphs = []
    for element in body:
        if element.tag == "list":
            paragraphs.extend(one_line(text_of(item)) for item in element.iter("item"))
        elif element.tag == "head":
            paragraphs.append("## " + one_line(text_of(element)))
        else:
            paragraphs.append(one_line(text_of(element)))
    return "\n\n".join(p for p in paragraphs if p.strip("# "))


def text_of(element):
    return " ".join(element.itertext()) if isinstance(element.tag, str) else ""


def one_line(text):
    return " ".join((text or "").split())


def authors_of(author):
    """trafilatura joins authors with "; ": "Jane Roe; John Doe" -> "Jane Roe and John Doe"."""
    names = [one_line(n) for n in re.split(r";\s*", author or "") if one_line(n)]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def fragment_paragraphs(html):
    """An HTML fragment (a feed entry's content) as paragraphs, without scripts or styles."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return one_line(html)
    for unwanted in root.xpath("//script|//style|//iframe|//noscript"):
        unwanted.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = root.xpath("//p|//h1|//h2|//h3|//h4|//li|//blockquote")
    if not blocks:
        return "\n\n".join(one_line(line) for line in root.text_content().split("\n") if line.strip())
    return "\n\n".join(one_line(b.text_content()) for b in blocks if b.text_content().strip())
