from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search index"

    def ready(self):
        # Wire the index outbox: model changes write outbox rows in their transaction
        # and the outbox is drained after commit (see search/indexing.py).
        from . import signals  # noqa: F401
        from . import whoosh_fixes

        whoosh_fixes.apply()
