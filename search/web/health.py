"""/healthz: can this process answer searches? For load balancers, uptime checks and people.

200 with {"status": "ok", ...} when the database answers, the index opens, its files match
the sizes and hashes recorded at their commit (search/index/integrity.py: every worker
checks the same files, so all say 503 alike) and this host's index follows the change log;
otherwise 503 with {"status": "fail", "reason": "..."} saying what is wrong, without
folders or commands (those go to the server log). GET and HEAD; answered before the Host
header is checked, so a load balancer may probe by IP address (probe_middleware).

An index that can be read but cannot follow the database says 503 at once, with the
cause (search/index/upkeep.py): its disk is full or read-only, its follower's last
attempt failed while changes wait, or its position is outside the change log (the
database was replaced: it must be rebuilt). A lag behind the log is normal for a moment
after edits (on this host or another); it is a failure only when the oldest change this
host's index has not applied is older than HEALTHZ_MAX_INDEX_LAG seconds (nothing is
draining it: run `manage.py sync_index`, or see that `sync_index --follow` runs).
A 200 answer also lists the followed sources that are failing or silent ("sources"): they
are for people to look at, and never make the answer 503.
"""
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..service import follow_soon, index_status

index_log = logging.getLogger("search.index")


@never_cache
@require_safe
def healthz(request):
    # The index's report asks the database for its lag: that one query is the database's
    # check too, or the follower's look at the log within the last two intervals is
    # (the replica's own_lag). Under load every round trip waits its turn (for the
    # database's process, then for this process's GIL), so /healthz makes no other.
    try:
        index = index_report()
    except DatabaseError as error:
        return _answer(503, reason=f"database unavailable: {error.__class__.__name__}")

    body = {"database": "ok", "index": index["state"], "documents": index["documents"],
            "outbox_backlog": index["lag_rows"], "index_name": index["name"],
            "lag_rows": index["lag_rows"], "lag_seconds": index["lag_seconds"]}
    if index["state"] != "ok":
        return _answer(503, reason=f"index {index['cause']}", **body)
    lagging = lag_problem(index["lag_seconds"])
    if lagging:
        return _answer(503, reason=lagging, **body)
    return _answer(200, **body, sources=sources_report())


def probe_middleware(get_response):
    """Answer /healthz before anything checks the Host header: a load balancer probes by
    the host's IP address, which ALLOWED_HOSTS rightly refuses for every other page.
    First in MIDDLEWARE; the answer carries no host name and reveals nothing one would."""
    def middleware(request):
        if request.path_info == "/healthz":
            response = healthz(request)
            # A load balancer's probes are often a new host's only requests: they too start
            # the look at the change log that builds an empty index and follows the others
            # (FollowTheChangeLog, which this answer comes before).
            follow_soon()
            return response
        return get_response(request)
    return middleware


def index_report():
    """The search backend's own account of itself (types.IndexStatus), as plain values."""
    status = index_status()
    if not status.ok:       # the folder and the cure go to the log, not to the prober
        index_log.error("/healthz: %s", status.message)
    return {
        # Searches are answered unless "unavailable"; "not following": they are answered
        # from an index that no longer follows the database (status.cause says why).
        "state": "ok" if status.ok else (
            "unavailable" if status.cause.startswith("unavailable") else "not following"),
        "cause": status.cause,
        "documents": status.documents,
        "name": status.name,
        "lag_rows": status.outbox_backlog,
        "lag_seconds": round(status.lag_seconds, 3),
    }


def lag_problem(lag_seconds):
    """The reason to answer 503 when this host's index is too far behind the log, or None."""
    if lag_seconds <= settings.HEALTHZ_MAX_INDEX_LAG:
        return None
    minutes = int(lag_seconds // 60)
    # The cure goes to the log, not to whoever probes (as for every other failure here).
    index_log.error("/healthz: the index is %d min behind the change log: run "
                    "`manage.py sync_index` (or see that `sync_index --follow` runs)", minutes)
    return f"index behind the change log for {minutes} min"


_sources_seen = [float("-inf"), None]   # (monotonic time of the look, its summary)
_sources_guard = threading.Lock()


def sources_report():
    """The followed sources that are failing or silent (archive/sources/health.py), as a
    background look made at most once per HEALTHZ_SOURCES_LOOK seconds per process found them:
    a probe makes no query of its own (None until the first look is done). They never turn
    /healthz to 503: a dead source is not a dead archive; the body says so."""
    every = settings.HEALTHZ_SOURCES_LOOK
    with _sources_guard:
        stale = every > 0 and time.monotonic() - _sources_seen[0] > every
        if stale:
            _sources_seen[0] = time.monotonic()
    if stale:
        threading.Thread(target=look_in_background, name="healthz-sources", daemon=True).start()
    return _sources_seen[1]


def look_in_background():
    from django.db import connection
    try:
        look_at_sources()
    finally:
        connection.close()      # this thread's own connection


def look_at_sources():
    from archive.sources.health import summary
    try:
        _sources_seen[1] = summary()
    except DatabaseError:
        pass                    # said at the next look


def _answer(code, reason=None, **fields):
    body = {"status": "ok" if code == 200 else "fail"}
    if reason:
        body["reason"] = reason
    body.update(fields)
    return JsonResponse(body, status=code)
