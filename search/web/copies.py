"""The page listing every copy of one paragraph: /paragraphs/<chunk pk>/copies/.

Linked from "also in N other articles" under a search result: the articles (outlet,
date, headline) holding the same or nearly the same paragraph, each linked to it.
"""
from django.shortcuts import get_object_or_404, render

from archive.models import Chunk

from ..engine.article_copies import paragraph_copies
from ..index.searcher import searching
from .hydrate import verdicts
from .views import public_search_view


@public_search_view
def paragraph_copies_page(request, pk):
    chunk = get_object_or_404(Chunk.objects.select_related("article__outlet"), pk=pk)
    with searching() as s:
        found = paragraph_copies(s, pk, verdicts())
    chunks = Chunk.objects.select_related("article__outlet").in_bulk([c for _, c in found])
    copies = sorted((chunks[c] for _, c in found if c in chunks),
                    key=lambda c: (c.article.published is None, c.article.published, c.pk))
    return render(request, "search/copies.html", {"chunk": chunk, "copies": copies})
