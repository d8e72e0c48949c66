"""What crawlers are told: robots.txt, and a sitemap of the article pages.

The article pages are what a search engine should find; the search pages' facet links (a
page per combination of outlets, dates, people and places), the exports and feeds (whole
archives, megabytes each, competing with readers for the export slots), the API and the
citation files are not for crawling. robots.txt lists the paths by prefix, which every
crawler (Python's urllib.robotparser included) reads alike; the lines with `*` are for
the crawlers that know the wildcard (Google's, Bing's). The search page with parameters
is refused parameter by parameter ("/?q=", "/?outlet=", ...): a bare "/?" is read as "/"
by parsers that normalise the path (urllib.robotparser), which would refuse the whole
site. Allow comes last, so a reader that takes the first matching line and one that
takes the longest agree.
"""
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from archive.models import Article

from ..service import PARAMETERS

DISALLOWED = ("/search/", "/api/", "/paragraphs/", "/saved/", "/accounts/", "/articles/*?",
              "/articles/*/cite.")


def disallowed():
    """Every path a crawler should leave: the search page with any of its parameters
    first, then the rest."""
    parameters = [*(p.name for p in PARAMETERS), "expand"]
    return [f"/?{name}=" for name in parameters] + list(DISALLOWED)


@require_safe
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in disallowed()]
    lines += ["Allow: /articles/", "",
              f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class ArticleSitemap(Sitemap):
    """Every article page, with the time it last changed. Ten thousand to a sitemap page
    (the protocol allows 50,000), so one page is a small part of a second's work."""
    limit = 10_000
    changefreq = "monthly"

    def items(self):
        return Article.objects.order_by("pk").only("pk", "updated")

    def lastmod(self, article):
        return article.updated


SITEMAPS = {"articles": ArticleSitemap}
