"""The admin of followed sources: their health at a glance, a filter for those in trouble,
every fetch read-only, and each article's provenance (ArticleAdmin shows FetchInline)."""
from django.contrib import admin, messages
from django.utils import timezone

from .health import problem_of
from .models import Fetch, Source


class TroubleFilter(admin.SimpleListFilter):
    title = "health"
    parameter_name = "trouble"

    def lookups(self, request, model_admin):
        return [("failing", "failing"), ("silent", "silent (not polled for an interval past due)"),
                ("any", "failing or silent")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        now = timezone.now()
        wanted = {"failing", "silent"} if self.value() == "any" else {self.value()}
        return queryset.filter(pk__in=[s.pk for s in queryset if problem_of(s, now) in wanted])


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("url", "outlet", "kind", "enabled", "interval", "health", "last_poll",
                    "last_new_article", "consecutive_failures", "next_poll", "last_result")
    list_filter = (TroubleFilter, "enabled", "kind")
    search_fields = ("url", "outlet__name")
    autocomplete_fields = ()
    readonly_fields = ("kind", "created", "last_poll", "last_success", "last_new_article",
                       "consecutive_failures", "next_poll", "last_result", "last_error",
                       "page_failures", "last_page_error")
    fieldsets = (
        (None, {"fields": ["url", "outlet", "language", "interval", "enabled"]}),
        ("Health", {"fields": ["kind", "created", "last_poll", "last_success", "last_new_article",
                               "consecutive_failures", "next_poll", "last_result", "last_error",
                               "page_failures", "last_page_error"]}),
    )
    actions = ["poll_soon"]

    @admin.display(description="health")
    def health(self, source):
        return problem_of(source, timezone.now()) or "ok"

    @admin.action(description="Poll at the follower's next look")
    def poll_soon(self, request, queryset):
        count = queryset.update(next_poll=None)
        messages.info(request, f"{count} source(s) will be polled at the follower's next look "
                               "(within a minute while `follow_sources` runs).")


@admin.register(Fetch)
class FetchAdmin(admin.ModelAdmin):
    list_display = ("fetched_at", "purpose", "status", "url", "source", "article", "truncated", "error")
    list_filter = ("purpose", "status")
    search_fields = ("url",)
    list_select_related = ("source", "article")
    raw_id_fields = ("source", "article")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False        # a record of what happened: not edited


class FetchInline(admin.TabularInline):
    """On an article's page: where its text was fetched from, when, and what came back."""
    model = Fetch
    verbose_name = "capture"
    verbose_name_plural = "provenance (fetched by the follower; kept in WARC files)"
    fields = ("fetched_at", "url", "final_url", "status", "source", "truncated", "error", "warc_file", "warc_offset")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False
