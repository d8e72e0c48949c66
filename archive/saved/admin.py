from django.contrib import admin

from .models import SavedSearch


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "alerts", "alerted_at", "created")
    list_filter = ("alerts",)
    search_fields = ("name", "user__username", "parameters")
    readonly_fields = ("seen_through", "alerted_through", "alerted_at", "seen_at", "created")
