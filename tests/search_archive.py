"""Helpers for the query tests: build a small archive in the test database and index it.

The outbox rows that Article.save() writes are drained straight away with
search.index.drain.drain(), so a test does not need a transactional database.
"""
from datetime import date

from archive.models import Article, Commentary, Outlet
from search.index.drain import drain
from search import search
from search.types import SearchRequest


def outlet(name):
    found, _ = Outlet.objects.get_or_create(name=name)
    return found


def article(headline, *paragraphs, outlet_name="Reuters", published=date(2024, 8, 14),
            authors="", precision="day"):
    return Article.objects.create(
        outlet=outlet(outlet_name), headline=headline, authors=authors,
        published=published, published_precision=precision,
        body="\n\n".join(paragraphs),
    )


def comment(on, text, paragraph=None, private=False):
    chunk = on.chunks.get(position=paragraph) if paragraph is not None else None
    return Commentary.objects.create(article=on, chunk=chunk, text=text, private=private)


def index():
    drain()


def waiting():
    """How many change log rows this host's index has not applied yet."""
    from search.index.status import index_status
    return index_status().outbox_backlog


def run(q="", **options):
    return search(SearchRequest(q=q, **options))


def headlines(response):
    return [r.article.headline for r in response.results]
