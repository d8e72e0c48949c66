"""The admin of the search app: the indexes that follow the change log (read-only, with
their lag), and outlets' boilerplate, as detected, with the verdicts on it.

"Boilerplate verdicts" lists the archivist's overrides; its "Detected boilerplate" page
(linked above the list) shows, per outlet, every text the index finds repeated across
the outlet's articles (search/engine/copies.py), how many articles hold it, and what is
decided, with a button to say it is, or is not, boilerplate. A verdict takes effect on
the next search, without re-indexing.
"""
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from archive.models import Chunk, Outlet

from .models import BoilerplateVerdict, IndexReplica
from .service import IndexUnavailable, detected_blocks, give_verdict
from .service.status import lag_of


@admin.register(BoilerplateVerdict)
class BoilerplateVerdictAdmin(admin.ModelAdmin):
    list_display = ["outlet", "excerpt", "is_boilerplate", "updated"]
    list_filter = ["is_boilerplate", "outlet"]
    search_fields = ["text"]
    readonly_fields = ["fingerprint", "text"]
    fields = ["outlet", "text", "fingerprint", "is_boilerplate"]

    def has_add_permission(self, request):
        return False     # verdicts are given from the detected list, which knows the text

    @admin.display(description="text")
    def excerpt(self, verdict):
        return Truncator(verdict.text).chars(100)

    def get_urls(self):
        detected = self.admin_site.admin_view(self.detected_view)
        decide = self.admin_site.admin_view(require_POST(self.decide_view))
        return [path("detected/", detected, name="search_boilerplate_detected"),
                path("detected/decide/", decide, name="search_boilerplate_decide"),
                *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra = {"detected_url": reverse("admin:search_boilerplate_detected")}
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def detected_view(self, request):
        try:
            rows = detected_blocks()
        except IndexUnavailable as error:
            self.message_user(request, str(error), messages.ERROR)
            rows = []
        context = {**self.admin_site.each_context(request), "rows": rows,
                   "opts": self.model._meta, "title": "Detected boilerplate"}
        return TemplateResponse(request, "admin/search/boilerplate_detected.html", context)

    def decide_view(self, request):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        outlet = get_object_or_404(Outlet, pk=request.POST.get("outlet"))
        chunk = get_object_or_404(Chunk, pk=request.POST.get("chunk"), article__outlet=outlet)
        is_boilerplate = request.POST.get("verdict") == "boilerplate"
        give_verdict(outlet, chunk, is_boilerplate)
        self.message_user(request, f"{outlet}: “{Truncator(chunk.text).chars(60)}” is "
                          f"{'' if is_boilerplate else 'not '}boilerplate from now on.")
        return redirect("admin:search_boilerplate_detected")


@admin.register(IndexReplica)
class IndexReplicaAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "rows_behind", "seconds_behind", "generation", "last_drain")
    readonly_fields = list_display

    @admin.display(description="log rows behind")
    def rows_behind(self, replica):
        return lag_of(replica).rows_behind

    @admin.display(description="seconds behind")
    def seconds_behind(self, replica):
        return f"{lag_of(replica).seconds_behind:.1f}"

    # Registered by the indexes themselves: nobody adds, edits or deletes them here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
