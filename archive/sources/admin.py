"""The admin of followed sources: their health at a glance, a filter for those in trouble,
every fetch read-only, and each article's provenance (ArticleAdmin shows provenance_table)."""
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html, format_html_join

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


def provenance_table(article):
    """An article's captures, for its admin page: when, from where, what came back, and
    where the response is kept (the follower's fetches that made or updated it)."""
    fetches = list(article.fetches.select_related("source")[:20]) if article.pk else []
    if not fetches:
        return "Not fetched by the follower (imported or written here)."
    rows = format_html_join(
        "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} @ {}</td></tr>",
        ((f"{f.fetched_at:%Y-%m-%d %H:%M:%S} UTC", f.final_url or f.url, f.status or "–",
          f.source or "", f.truncated or f.error or "", f.warc_file or "–", f.warc_offset or 0)
         for f in fetches))
    return format_html("<table><thead><tr><th>fetched at</th><th>from</th><th>status</th>"
                       "<th>source</th><th>cut or error</th><th>WARC file @ offset</th></tr>"
                       "</thead><tbody>{}</tbody></table>", rows)
