"""What goes wrong with the search index, said so that an operator knows what to do.

Every missing, empty or unreadable index raises `IndexUnavailable`, whose message names
the command that fixes it; views turn it into a 503 page (or a JSON 503) instead of a
stack trace.
"""
REBUILD_HINT = "Run: python manage.py rebuild_index"


class IndexUnavailable(Exception):
    """The search index cannot be used; str(error) says why and what to run."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(f"{reason} {REBUILD_HINT}")
