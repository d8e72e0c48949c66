"""An Atom feed of the articles a search finds, last added or changed first, so any
search can be followed: each entry's <updated> is the article's last change and its
<published> when it entered the archive (not the date it bears: a back-dated addition
or an edit must reach feed readers too), and the feed's own <updated> is its newest
entry's.

Titles and authors go out as plain text (XML-escaped by the generator). The summary is HTML
by Atom's rules, so it is built only from the engine's snippets, which are escaped text plus
<mark>, and re-checked by the same filter the pages use: a hostile headline or paragraph
arrives in a feed reader as visible text, never as markup.
"""
import re
from datetime import datetime, time, timezone

from django.utils.feedgenerator import Atom1Feed

from ..types import SearchRequest, SearchResponse
from .template_filters import marked_html

FEED_SIZE = 20
SITE_NAME = "Ukraine War Archive"
# Characters XML 1.0 cannot carry at all, even escaped: a query or headline with one would
# make the generator raise (a 500), so they are dropped from everything the feed writes.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return NOT_XML.sub("", text)


def feed_title(req: SearchRequest) -> str:
    return f"{SITE_NAME}: {req.q}" if req.q else f"{SITE_NAME}: newest articles"


def summary_html(result) -> str:
    snippets = [f"<p>{marked_html(hit.html)}</p>" for hit in result.paragraphs]
    more = result.matching_paragraphs - len(result.paragraphs)
    if more > 0:
        snippets.append(f"<p>… and {more} more matching paragraph{'s' if more != 1 else ''}.</p>")
    return "".join(snippets)


def build(req: SearchRequest, response: SearchResponse, page_url: str, feed_url: str,
          base_url: str) -> str:
    feed = Atom1Feed(
        title=xml_text(feed_title(req)), link=page_url, feed_url=feed_url, language="en",
        description=f"The articles matching this search in the {SITE_NAME}, last added or "
                    "changed first.",
        id=feed_url,
    )
    for result in response.results:
        ref = result.article
        link = base_url.rstrip("/") + ref.permalink
        dated = (datetime.combine(ref.published, time(), tzinfo=timezone.utc)
                 if ref.published else None)
        feed.add_item(
            title=xml_text(ref.headline), link=link, unique_id=link,
            description=xml_text(summary_html(result)),
            author_name=xml_text(ref.authors or ref.outlet_name),
            pubdate=ref.added or dated, updateddate=ref.changed or dated,
            categories=[xml_text(ref.outlet_name)],
        )
    return feed.writeString("utf-8")
