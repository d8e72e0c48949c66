"""The archive's URLs. The admin's path can be moved with ADMIN_URL."""
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(getattr(settings, "ADMIN_URL", "admin/"), admin.site.urls),
    path("", include("archive.saved.urls")),
    path("", include("search.web.urls")),
]
