"""The page listing every copy of one paragraph: /paragraphs/<chunk pk>/copies/.

Linked from "also in N other articles" under a search result: the articles (outlet,
date, headline) holding the same or nearly the same paragraph, each linked to it.
"""
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from archive.models import Chunk

from ..service import offers, paragraph_copies
from .views import public_search_view


@public_search_view
def paragraph_copies_page(request, pk):
    if not offers("copies"):
        raise Http404("This archive's search does not find copies.")
    chunk = get_object_or_404(Chunk.objects.select_related("article__outlet"), pk=pk)
    return render(request, "search/copies.html", {"chunk": chunk,
                                                  "copies": paragraph_copies(chunk)})
