import os
import sys

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
        if serves_runserver():
            from .service import start_warm_up
            start_warm_up()


def serves_runserver():
    """Whether this process is the one Django's development server answers from (with its
    reloader, the child it starts, RUN_MAIN; without, itself). It warms up like a gunicorn
    worker (gunicorn.conf.py): else a reader's first searches load the lexicon and the
    dictionaries (seconds), and the admission would count that reader as costly."""
    argv = sys.argv[1:]
    return bool(argv) and argv[0] == "runserver" and (
        os.environ.get("RUN_MAIN") == "true" or "--noreload" in argv)
