"""Which followed sources need a look: failing, or silent for longer than their interval.

- failing: its last polls failed (consecutive_failures), and it has not been read for longer
  than its interval; one failure that the next poll cures is not worth a look.
- silent: it was due and has not been polled for a further interval: the follower is not
  running, or is far behind.

A source in trouble is not an archive in trouble: /healthz lists them and stays 200.
"""
from django.utils import timezone

from .models import Source

SHOWN = 20      # sources named in /healthz's answer


def problem_of(source, now):
    """"failing", "silent" or "" for one source."""
    if not source.enabled:
        return ""
    heard = source.last_success or source.created
    if source.consecutive_failures and now - heard > source.interval:
        return "failing"
    due = source.next_poll or source.created
    if due and now - due > source.interval:
        return "silent"
    return ""


def problems(now=None):
    """Every enabled source in trouble: [{"url", "problem", "last_error", "last_success"}]."""
    now = now or timezone.now()
    found = []
    for source in Source.objects.filter(enabled=True).only(
            "url", "enabled", "created", "interval", "last_success", "consecutive_failures",
            "next_poll", "last_error"):
        problem = problem_of(source, now)
        if problem:
            found.append({"url": source.url, "problem": problem, "last_error": source.last_error,
                          "last_success": source.last_success.isoformat() if source.last_success else None})
    return found


def summary(now=None):
    """For /healthz: counts and the first few sources in trouble."""
    found = problems(now)
    return {"failing": sum(1 for p in found if p["problem"] == "failing"),
            "silent": sum(1 for p in found if p["problem"] == "silent"),
            "in_trouble": [{"url": p["url"], "problem": p["problem"]} for p in found[:SHOWN]]}
