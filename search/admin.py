"""A read-only admin page listing every index that follows the change log, with its lag."""
from django.contrib import admin

from .index.registry import lag_of
from .models import IndexReplica


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
