from django.contrib import admin, messages

from .models import Entity


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "created")
    list_filter = ("kind",)
    search_fields = ("name", "spellings")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        messages.info(request, "It is found in the articles from the next search on: "
                               "no rebuild of the index is needed.")
