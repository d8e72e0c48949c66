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
        # The archive's models detect languages and romanise slugs with the engine's own
        # functions, handed in here so that the archive never imports the search app.
        from archive import text_analysis
        from .engine.detection import detect, detect_paragraph
        from .engine.transliteration import romanise_text

        text_analysis.install(detect, detect_paragraph, romanise_text)
