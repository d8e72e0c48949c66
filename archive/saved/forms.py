"""Forms of readers' accounts and saved searches."""
from dataclasses import replace

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.http import QueryDict

from search import read_search_parameters, stored_search

from .models import SavedSearch


ADDRESS_TAKEN = ("An account already uses this e-mail address. Sign in, or reset its "
                 "password: the link is sent to the address.")


class SignupForm(UserCreationForm):
    email = forms.EmailField(help_text="Where alerts of your saved searches are sent, once "
                                       "you confirm it through the link we e-mail there.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self):
        """One account per address, whatever its case."""
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(ADDRESS_TAKEN)
        return email


class SavedSearchForm(forms.ModelForm):
    # The search page's query string, as the page hands it over; kept as the search
    # service stores a request (SavedSearch.parameters).
    parameters = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)

    class Meta:
        model = SavedSearch
        fields = ("name", "parameters", "alerts")
        widgets = {"alerts": forms.RadioSelect}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.initial["parameters"] = self.instance.page_parameters()

    def clean_parameters(self):
        """The search's parameters validated as the search page does, then stored."""
        request, problems = read_search_parameters(
            QueryDict(self.cleaned_data["parameters"].lstrip("?")))
        if request is None:
            raise forms.ValidationError("; ".join(f"{k}: {v}" for k, v in problems.items()))
        return stored_search(replace(request, page=1))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = SavedSearch.objects.filter(user=self.user, name=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("You already have a saved search of this name.")
        return name
