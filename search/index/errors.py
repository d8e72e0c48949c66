"""What goes wrong with the search index, said so that an operator knows what to do.

Every missing, empty or unreadable index raises `IndexUnavailable` (search/types.py, so
that the service and the pages know it without importing the index), whose message names
the command that fixes it; views turn it into a 503 page (or a JSON 503) instead of a
stack trace. The message names folders and commands, so it goes to the server log and
to the command line; public pages, the API and /healthz show only its `public` text.
"""
from ..types import IndexUnavailable  # noqa: F401  (the index raises it)
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """What keeps this host's index from following the database, though it can be read
    (search/index/upkeep.py): `cause` in words fit for anyone who probes /healthz, e.g.
    "cannot be written: the disk is full"; `detail` names the folder and the cure, for the
    log and the commands."""
    cause: str
    detail: str
