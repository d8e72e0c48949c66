"""An Atom feed of the articles a search finds, last added or changed first, so any
search can be followed: each entry's <updated> is the article's last change in the
archive (a back-dated addition or an edit reaches feed readers too), its <published> the
date the article bears (none when unknown: readers then show the entry's <updated>), and
the feed's own <updated> is its newest entry's.

An entry's author is the article's byline; an article with none has no entry author, and
the feed's own <author> (the archive) stands for it, as RFC 4287 allows. Ids come from the
site's canonical address (SITE_URL), not the Host of the request, so the same article is
the same entry whichever host name a reader polls. Each entry says its language
(xml:lang) beside the feed's own English.

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


class LanguageAtomFeed(Atom1Feed):
    """Atom with each entry's own xml:lang (Django's writes the feed's only)."""

    def item_attributes(self, item):
        language = item.get("language")
        return {"xml:lang": language} if language else {}


def build(req: SearchRequest, response: SearchResponse, page_url: str, feed_url: str,
          base_url: str, site_url: str, feed_id: str) -> LanguageAtomFeed:
    """The feed; links lead to `base_url` (the host the reader asked), ids are made from
    the canonical `site_url`; `feed_id` is the feed's own canonical address."""
    feed = LanguageAtomFeed(
        title=xml_text(feed_title(req)), link=page_url, feed_url=feed_url, language="en",
        description=f"The articles matching this search in the {SITE_NAME}, last added or "
                    "changed first.",
        id=feed_id, author_name=SITE_NAME,
    )
    for result in response.results:
        ref = result.article
        published = (datetime.combine(ref.published, time(), tzinfo=timezone.utc)
                     if ref.published else None)
        feed.add_item(
            title=xml_text(ref.headline), link=base_url.rstrip("/") + ref.permalink,
            unique_id=site_url.rstrip("/") + ref.permalink,
            description=xml_text(summary_html(result)),
            author_name=xml_text(ref.authors) or None,
            pubdate=published, updateddate=ref.changed or ref.added or published,
            categories=[xml_text(ref.outlet_name)], language=ref.language or None,
        )
    return feed
