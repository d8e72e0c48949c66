"""Admission control: searches wait their turn or are refused, so readers keep their pace
under a flood.

Three limits, each answered with 429 and Retry-After when passed:

- per process, a gate: at most SEARCH_MAX_CONCURRENT searches in progress, SEARCH_QUEUE more
  waiting, none longer than SEARCH_QUEUE_SECONDS. Searches are CPU-bound Python that share one
  interpreter lock per process, so more of them at once only makes each slower; and the
  threads the gate leaves free (gunicorn's 8 per worker) answer article pages, static files
  and /healthz at once, never behind a search;
- per host, a costly lane: exports, and the searches of clients that used more than
  SEARCH_LIGHT_SECONDS of search work in the last ten seconds, also need one of
  SEARCH_COSTLY_CONCURRENT slots shared by the host's workers, taken without waiting, which
  rest after each use SEARCH_COSTLY_REST times as long as it took. However many clients
  flood the site with costly work, it gets that share of that many threads, and readers at
  a reader's pace keep the rest;
- per client (its address behind the proxy, archive/client_address.py), an allowance: the
  seconds of search work (CPU time of the request's thread) it used in the last minute,
  SEARCH_CLIENT_SECONDS at most, and the exports it started in the last hour,
  EXPORTS_PER_CLIENT_HOUR at most. Past it, a refusal costs a look at its counts, and is
  charged REFUSAL_CHARGE_MS itself: a client that ignores Retry-After stays refused.

The allowances are counted by default in a table every gunicorn worker of the host shares
(host_counts.py), so each client is counted once per host. When CACHE_URL names a cache,
they are counted there instead: one every host shares (dbcache://, rediscache://) counts
each client once for the site; a per-process cache (locmemcache://) would count it once
per worker (a client gets an allowance from each). The costly lane is per host whatever
the cache.

Which views are searches is said by URL name below; any other request is never held here.
"""
import functools
import heapq
import itertools
import json
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

from archive.client_address import client_address

from ..service import wait_for_warm_up

from . import host_slots
from .allowance import Allowance, retry_after

SEARCH_VIEWS = {"search", "search_api", "search_feed", "attention", "attention_api",
                "paragraph_copies", "saved_list", "saved_detail"}
EXPORT_VIEWS = {"search_export_csv", "search_export_json", "search_export_ris",
                "search_export_bib", "attention_csv"}
JSON_VIEWS = {"search_api", "attention_api"}
BUSY_RETRY_SECONDS = 2
REFUSAL_CHARGE_MS = 20
EXPORT_RETRY_SECONDS = 30     # an export takes seconds: as views.py says when its slots are full
# A new worker's warm-up takes about a second, seconds at a million paragraphs
# (search/service/warm.py); a search waits for it at most this long before going in cold.
WARM_UP_WAIT = 15


class Gate:
    """At most `slots` holders at once and at most `queue` waiting, each for at most `wait`
    seconds. The waiter with the lowest priority value goes first (admit_search gives the
    client's recent use: a reader goes before a client that has been searching hard), and a
    newcomer finding the queue full takes the place of a heavier waiter, who is refused."""

    def __init__(self, slots, queue):
        self.slots, self.queue = slots, queue
        self._held, self._waiting, self._lock = 0, [], threading.Lock()
        self._arrivals = itertools.count()

    def enter(self, wait, priority=0.0):
        """True once a slot is held (call leave() after); False if refused."""
        with self._lock:
            if self._held < self.slots and not self._waiting:
                self._held += 1
                return True
            ticket = Ticket(priority, next(self._arrivals))
            if not self._queue_up(ticket):
                return False
        ticket.answered.wait(wait)
        with self._lock:
            if not ticket.admitted and ticket in self._waiting:
                self._waiting.remove(ticket)
                heapq.heapify(self._waiting)
            return ticket.admitted

    def _queue_up(self, ticket):
        if len(self._waiting) >= self.queue:
            heaviest = max(self._waiting, default=None)
            if heaviest is None or heaviest < ticket:
                return False
            self._waiting.remove(heaviest)
            heapq.heapify(self._waiting)
            heaviest.answered.set()              # refused: admitted stays False
        heapq.heappush(self._waiting, ticket)
        return True

    def leave(self):
        with self._lock:
            if self._waiting:                    # the slot passes straight to the next
                ticket = heapq.heappop(self._waiting)
                ticket.admitted = True
                ticket.answered.set()
            else:
                self._held -= 1


@dataclass(order=True)
class Ticket:
    priority: float
    arrival: int
    admitted: bool = field(default=False, compare=False)
    answered: threading.Event = field(default_factory=threading.Event, compare=False)


def gate():
    """This process's gate, for the settings of the moment."""
    return _gate(settings.SEARCH_MAX_CONCURRENT, settings.SEARCH_QUEUE)


@functools.lru_cache(maxsize=None)
def _gate(slots, queue):
    return Gate(slots, queue)


def search_allowance():
    """The hard limit: seconds of search work a client may use in any minute."""
    return Allowance("search", 1000 * settings.SEARCH_CLIENT_SECONDS, 60)


def light_share():
    """The common lane's limit: past it (over the last 10 s), a client's searches are costly."""
    return Allowance("recent", 1000 * settings.SEARCH_LIGHT_SECONDS, 10)


def export_allowance():
    return Allowance("export", settings.EXPORTS_PER_CLIENT_HOUR, 3600)


class SearchAdmission:
    """Middleware: the gate, the costly lane and the allowances in front of the search views
    (SEARCH_VIEWS, EXPORT_VIEWS). In MIDDLEWARE after WhiteNoise (static files never reach
    it) and after /healthz's probe_middleware; it acts in process_view, once the URL names
    the view, and lets go when the view has answered (an export's costly slot: when its
    file has been sent)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = None
        try:
            response = self.get_response(request)
            return response
        finally:
            admitted = getattr(request, "_admitted", None)
            if admitted:
                admitted.leave(response)

    def process_view(self, request, view_func, view_args, view_kwargs):
        name = request.resolver_match.url_name if request.resolver_match else None
        if name in SEARCH_VIEWS:
            return admit_search(request, name)
        if name in EXPORT_VIEWS:
            return admit_export(request, name)
        return None


def admit_search(request, name):
    """None (admitted: request._admitted set) or the 429 to answer. A refusal is charged a
    little too, so a client that ignores Retry-After stays refused and stays costly."""
    client, minute, recent = client_address(request), search_allowance(), light_share()
    used, wait = minute.used(client)
    if used >= minute.limit:
        return refused(request, name, wait, "search", client, (minute, recent))
    recently = recent.used(client)[0]
    return enter(request, name, client, recently, recently >= recent.limit, (minute, recent))


def admit_export(request, name):
    client, hourly = client_address(request), export_allowance()
    used, wait = hourly.used(client)
    if used >= hourly.limit:
        return refused(request, name, wait, "export", client, ())
    return enter(request, name, client, float("inf"), True, (hourly,), per_request=True)


def enter(request, name, client, priority, costly, charges, per_request=False):
    """Through the costly lane when `costly`, then through this process's gate, where a
    lower `priority` (the client's recent use) waits less. A search waits for its worker's
    warm-up first: one that must go in cold is not charged for the loading it does."""
    warm = wait_for_warm_up(WARM_UP_WAIT)
    busy = EXPORT_RETRY_SECONDS if per_request else BUSY_RETRY_SECONDS
    refusal_charges = () if per_request else charges
    slot = host_slots.take("costly", settings.SEARCH_COSTLY_CONCURRENT) if costly else None
    if costly and slot is None:
        return refused(request, name, busy, "costly", client, refusal_charges)
    if not gate().enter(settings.SEARCH_QUEUE_SECONDS, priority):
        if slot:
            slot.release()
        return refused(request, name, busy, "busy", client, refusal_charges)
    request._admitted = Admitted(gate(), slot, charges if warm or per_request else (), client,
                                 per_request)
    return None


def refused(request, name, wait, reason, client, charges):
    for allowance in charges:
        allowance.charge(client, REFUSAL_CHARGE_MS)
    return refusal(request, name, wait, reason)


class Admitted:
    """A search let through: on leave(), its slots are freed and its client charged."""

    def __init__(self, held, costly, charges, client, per_request):
        self.held, self.costly, self.charges, self.client = held, costly, charges, client
        self.per_request = per_request
        self.started, self.cpu_started = time.monotonic(), time.thread_time()

    def leave(self, response):
        self.held.leave()
        if self.costly and response is not None and response.streaming:
            response._resource_closers.append(self.rest_costly)     # once the file is sent
        elif self.costly:
            self.rest_costly()
        cost = 1 if self.per_request else 1000 * (time.thread_time() - self.cpu_started)
        for allowance in self.charges:
            allowance.charge(self.client, cost)

    def rest_costly(self):
        """The costly slot rests SEARCH_COSTLY_REST times as long as the work took, so
        costly work has its slot at most 1 / (1 + SEARCH_COSTLY_REST) of the time."""
        took = time.monotonic() - self.started
        self.costly.release(rest=settings.SEARCH_COSTLY_REST * took)


MESSAGES = {
    "search": "You have searched a great deal in the last minute; the archive shares its "
              "time among its readers.",
    "export": "You have started many exports in the last hour.",
    "costly": "The archive is answering many costly searches and exports at the moment.",
    "busy": "The archive is answering many searches at the moment.",
}


def refusal(request, view_name, wait, reason):
    """429 with Retry-After, in the form the view would have answered in; X-Refused names
    the limit (search, export, costly, busy) for the operator's logs and for tests."""
    seconds = retry_after(wait)
    message = f"{MESSAGES[reason]} Please try again in {seconds} s."
    if view_name in JSON_VIEWS:
        response = HttpResponse(json.dumps({"error": "too many requests", "message": message,
                                            "retry_after": seconds}),
                                status=429, content_type="application/json")
    elif view_name in EXPORT_VIEWS or view_name == "search_feed":
        response = HttpResponse(message + "\n", status=429,
                                content_type="text/plain; charset=utf-8")
    else:
        response = HttpResponse(render_to_string("429.html", {"message": message}, request),
                                status=429)
    response["Retry-After"] = str(seconds)
    response["X-Refused"] = reason
    return response
