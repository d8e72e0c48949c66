from django.apps import AppConfig


class GazetteerConfig(AppConfig):
    name = "archive.gazetteer"
    label = "gazetteer"
    verbose_name = "People and places"
