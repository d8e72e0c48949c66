from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search index"

    def ready(self):
        # Wire the index outbox: model changes write outbox rows in their transaction
        # and the outbox is drained after commit (see search/index/outbox.py).
        from .index import outbox  # noqa: F401
        from .index import whoosh_patches

        whoosh_patches.apply()
        # Searches keep the small reference tables per process; their changes say so.
        from .service import reference

        reference.connect()
