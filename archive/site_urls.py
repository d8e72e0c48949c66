"""Public pages of the archive itself: articles and paragraph permalinks."""
from django.urls import path

from . import views

urlpatterns = [
    path("articles/<int:pk>/", views.article_page, name="article"),
]
