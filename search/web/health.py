"""/healthz: can this process answer searches? For load balancers, uptime checks and people.

200 with {"status": "ok", ...} when the database answers, the index opens, its files match
the sizes and hashes recorded at their commit (search/index/integrity.py: every worker
checks the same files, so all say 503 alike) and the index outbox is being drained;
otherwise 503 with {"status": "fail", "reason": "..."} saying what is wrong, without
folders or commands (those go to the server log). GET and HEAD; answered before the Host
header is checked, so a load balancer may probe by IP address (probe_middleware).
A backlog in the outbox is normal for a moment after edits; it is a failure only when its
oldest row is older than HEALTHZ_MAX_OUTBOX_AGE seconds (nothing is draining it: run
`manage.py sync_index`).
"""
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..index.errors import PUBLIC_MESSAGE, log as index_log
from ..index.status import index_status
from ..models import IndexOutbox

DEFAULT_MAX_OUTBOX_AGE = 600  # seconds


@never_cache
@require_safe
def healthz(request):
    try:
        backlog, oldest_age = database_status()
    except DatabaseError as error:
        return _answer(503, reason=f"database unavailable: {error.__class__.__name__}")

    index = index_report()
    body = {"database": "ok", "index": index["state"], "documents": index["documents"],
            "outbox_backlog": backlog}
    if index["state"] != "ok":
        return _answer(503, reason=f"index unavailable: {index['message']}", **body)

    max_age = getattr(settings, "HEALTHZ_MAX_OUTBOX_AGE", DEFAULT_MAX_OUTBOX_AGE)
    if oldest_age is not None and oldest_age > timedelta(seconds=max_age):
        minutes = int(oldest_age.total_seconds() // 60)
        return _answer(503, reason=f"index outbox not drained for {minutes} min: "
                                   "run `manage.py sync_index`", **body)
    return _answer(200, **body)


def probe_middleware(get_response):
    """Answer /healthz before anything checks the Host header: a load balancer probes by
    the host's IP address, which ALLOWED_HOSTS rightly refuses for every other page.
    First in MIDDLEWARE; the answer carries no host name and reveals nothing one would."""
    def middleware(request):
        if request.path_info == "/healthz":
            return healthz(request)
        return get_response(request)
    return middleware


def database_status():
    """(outbox rows waiting, age of the oldest) from one short query round; raises DatabaseError."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    backlog = IndexOutbox.objects.count()
    oldest = IndexOutbox.objects.order_by("created").values_list("created", flat=True).first()
    return backlog, (timezone.now() - oldest if oldest else None)


def index_report():
    """The search index's own account of itself (search/index/status.py), as plain values."""
    status = index_status()
    if not status.ok:       # the folder and the cure go to the log, not to the prober
        index_log.error("/healthz: %s", status.message)
    return {
        "state": "ok" if status.ok else "unavailable",
        "message": "ok" if status.ok else PUBLIC_MESSAGE,
        "documents": status.documents,
    }


def _answer(code, reason=None, **fields):
    body = {"status": "ok" if code == 200 else "fail"}
    if reason:
        body["reason"] = reason
    body.update(fields)
    return JsonResponse(body, status=code)
