"""Forms of readers' accounts and saved searches."""
from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.http import QueryDict

from search import read_search_parameters, search_parameters

from .models import SavedSearch


class SignupForm(UserCreationForm):
    email = forms.EmailField(help_text="Where alerts of your saved searches are sent.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class SavedSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ("name", "parameters", "alerts")
        widgets = {"parameters": forms.HiddenInput, "alerts": forms.RadioSelect}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_parameters(self):
        """The search's parameters validated as the search page does, then in one spelling."""
        request, problems = read_search_parameters(
            QueryDict(self.cleaned_data["parameters"].lstrip("?")))
        if request is None:
            raise forms.ValidationError("; ".join(f"{k}: {v}" for k, v in problems.items()))
        return search_parameters(request)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = SavedSearch.objects.filter(user=self.user, name=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("You already have a saved search of this name.")
        return name
