"""What goes wrong with the search index, said so that an operator knows what to do.

Every missing, empty or unreadable index raises `IndexUnavailable`, whose message names
the command that fixes it; views turn it into a 503 page (or a JSON 503) instead of a
stack trace. The message names folders and commands, so it goes to the server log and
to the command line; public pages, the API and /healthz show only PUBLIC_MESSAGE.
"""
import logging

from ..types import IndexUnavailable

log = logging.getLogger("search.index")

REBUILD_HINT = IndexUnavailable.REBUILD_HINT
PUBLIC_MESSAGE = IndexUnavailable.public

