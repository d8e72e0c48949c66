"""Filters for the archive's log (settings.LOGGING)."""
import logging


class WithoutTraceback(logging.Filter):
    """The record's message alone, without the traceback Django attaches: a request with a bad
    Host header (django.security.DisallowedHost) is one line in the log, not fourteen. The
    message already says everything (the header's value and the setting to change)."""

    def filter(self, record):
        record.exc_info, record.exc_text = None, None
        return True
