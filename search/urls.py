"""Search pages and the JSON API."""
from django.urls import path

urlpatterns = []
