from django.apps import AppConfig


class SavedConfig(AppConfig):
    name = "archive.saved"
    label = "saved"
    verbose_name = "Saved searches"
