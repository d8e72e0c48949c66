"""Middleware of the search pages."""
from ..service import follow_soon


class FollowTheChangeLog:
    """Each request may start (at most once a second per process) a background look at the
    index change log, so changes made on other hosts reach this host's index while the
    site is in use (the search service's replica). The response never waits for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        follow_soon()
        return response
