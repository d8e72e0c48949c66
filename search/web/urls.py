"""The public site: search pages, exports and feeds, the JSON API, articles, /healthz,
robots.txt and the sitemap."""
from django.contrib.sitemaps import views as sitemaps
from django.urls import path, re_path

from . import api, api_docs, article, attention, cite, copies, crawlers, health, views

urlpatterns = [
    path("", views.search_page, name="search"),
    path("search/export.csv", views.export_csv, name="search_export_csv"),
    path("search/export.json", views.export_json, name="search_export_json"),
    path("search/export.ris", cite.search_export_ris, name="search_export_ris"),
    path("search/export.bib", cite.search_export_bib, name="search_export_bib"),
    path("search/attention", attention.attention_page, name="attention"),
    path("search/attention.csv", attention.attention_csv, name="attention_csv"),
    path("api/attention", attention.attention_api, name="attention_api"),
    path("search/feed.atom", views.search_feed, name="search_feed"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
    path("api/search", api.search_api, name="search_api"),
    path("api/", api_docs.api_page, name="api_docs"),
    path("api/openapi.json", api_docs.openapi_json, name="api_openapi"),
    path("articles/<int:pk>/", article.article_page, name="article"),
    path("paragraphs/<int:pk>/copies/", copies.paragraph_copies_page, name="paragraph_copies"),
    re_path(r"^articles/(?P<pk>[0-9]+)/cite\.(?P<fmt>bib|ris|csl\.json)$",
            cite.article_citation, name="article_citation"),
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", crawlers.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.index, {"sitemaps": crawlers.SITEMAPS,
                                         "sitemap_url_name": "sitemap_section"},
         name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.sitemap, {"sitemaps": crawlers.SITEMAPS},
         name="sitemap_section"),
]
