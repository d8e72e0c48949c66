"""What goes wrong with the search index, said so that an operator knows what to do.

Every missing, empty or unreadable index raises `IndexUnavailable`, whose message names
the command that fixes it; views turn it into a 503 page (or a JSON 503) instead of a
stack trace. The message names folders and commands, so it goes to the server log and
to the command line; public pages, the API and /healthz show only PUBLIC_MESSAGE.
"""
import logging
from dataclasses import dataclass

log = logging.getLogger("search.index")

REBUILD_HINT = "Run: python manage.py rebuild_index"
PUBLIC_MESSAGE = "The search index cannot be read at the moment."


class IndexUnavailable(Exception):
    """The search index cannot be used; str(error) says why and what to run."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(f"{reason} {REBUILD_HINT}")

    public = PUBLIC_MESSAGE      # what a visitor may be told (no folders, no commands)


def logged(error):
    """Log the whole story of an IndexUnavailable for the operator; the public text back."""
    log.error("search index unavailable: %s", error)
    return error.public


@dataclass(frozen=True)
class Problem:
    """What keeps this host's index from following the database, though it can be read
    (search/index/upkeep.py): `cause` in words fit for anyone who probes /healthz, e.g.
    "cannot be written: the disk is full"; `detail` names the folder and the cure, for the
    log and the commands."""
    cause: str
    detail: str
