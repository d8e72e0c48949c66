"""Public pages of the archive: the article reading page."""
from django.shortcuts import get_object_or_404, render

from .models import Article


def article_page(request, pk):
    article = get_object_or_404(Article.objects.select_related("outlet"), pk=pk)
    return render(request, "archive/article.html", {"article": article})
