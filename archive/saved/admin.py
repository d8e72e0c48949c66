from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import User

from .models import Reader, SavedSearch


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "alerts", "alerted_at", "created")
    list_filter = ("alerts",)
    search_fields = ("name", "user__username", "parameters")
    readonly_fields = ("seen_through", "alerted_through", "alerted_at", "seen_at", "created")


class ReaderInline(admin.StackedInline):
    model = Reader
    can_delete = False
    fields = ("verified_email", "verified_at", "verification_sent_at", "set_aside_email")
    readonly_fields = fields
    verbose_name = "e-mail confirmation"

    def has_add_permission(self, request, obj=None):
        return False


class UniqueAddressChangeForm(UserChangeForm):
    def clean_email(self):
        """One account per address, said here rather than as the database's refusal."""
        email = self.cleaned_data.get("email", "").strip()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and others.exists():
            raise forms.ValidationError(f"The account “{others.first()}” already uses this "
                                        "address: one account per address.")
        return email


admin.site.unregister(User)


@admin.register(User)
class ReaderUserAdmin(UserAdmin):
    """Django's user admin, with one account per e-mail address and whether it is confirmed."""
    form = UniqueAddressChangeForm
    inlines = [ReaderInline]
