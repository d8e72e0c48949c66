"""Public pages of the archive itself: articles and paragraph permalinks."""
from django.urls import path

urlpatterns = []
