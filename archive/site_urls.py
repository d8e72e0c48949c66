"""Public pages of the archive itself: articles and paragraph permalinks."""
from django.urls import path

from . import health, views

urlpatterns = [
    path("articles/<int:pk>/", views.article_page, name="article"),
    path("healthz", health.healthz, name="healthz"),
]
