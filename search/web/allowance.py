"""What one client used of an allowance over a sliding window, counted in Django's cache.

A sliding-window counter: one counter per client per window (its key names the window), and
the use "over the last window" is the current counter plus the previous one weighted by the
part of it still inside the last `window` seconds. Counters only grow by cache.incr(),
atomic in memcached, Redis and the per-process cache; in the file and database caches it
reads and writes, and the increments lost when two workers charge one client at the same
instant only make its limit a little more generous.

A worker writes a client's use to the cache at most once per FLUSH_SECONDS, and counts
what it has not written yet in its own answers: the file cache replaces a file for each
write, and with two allowances charged per search that was two file replacements per
request, each waiting for the disk while the index was being written (10 ms each, profile
of a search page after a rebuild). The other workers see a client's use up to a second late.
"""
import ipaddress
import math
import threading
import time
from dataclasses import dataclass

from django.core.cache import cache

FLUSH_SECONDS = 1.0
HELD_AT_MOST = 1000                 # keys held unwritten before all are written at once
_unwritten = {}                     # cache key -> [units, monotonic time of the first]
_unwritten_lock = threading.Lock()


@dataclass(frozen=True)
class Allowance:
    name: str          # "search" or "export"
    limit: float       # units (milliseconds, exports) per window
    window: int        # seconds

    def used(self, client, now=None):
        """(units used over the last window, seconds until use falls below the limit)."""
        now = time.time() if now is None else now
        index, into = divmod(now, self.window)
        keys = [self._key(client, index - 1), self._key(client, index)]
        counts = cache.get_many(keys)
        previous, current = (counts.get(key, 0) + unwritten(key) for key in keys)
        weight = 1 - into / self.window
        return previous * weight + current, self._wait(previous, current, into)

    def charge(self, client, units, now=None):
        now = time.time() if now is None else now
        key = self._key(client, now // self.window)
        for due_key, due_units in hold(key, max(1, round(units))):
            write(due_key, due_units, 2 * self.window + 1)

    def _wait(self, previous, current, into):
        """Seconds until previous * weight + current drops below the limit, with no new use."""
        if current >= self.limit:   # only the next window's weighting can bring it down
            return (self.window - into) + self.window * (1 - self.limit / current)
        if previous * (1 - into / self.window) + current < self.limit:
            return 0
        return self.window * (1 - (self.limit - current) / previous) - into

    def _key(self, client, index):
        return f"allowance:{self.name}:{client_key(client)}:{int(index)}"


def client_key(address):
    """IPv4 addresses one by one; IPv6 by their /64, which one subscriber usually holds whole
    (counting each of its addresses apart would give one client 2**64 allowances)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address) + "/64"
    return str(ip)


def retry_after(seconds):
    return max(1, math.ceil(seconds))


def unwritten(key):
    with _unwritten_lock:
        return _unwritten.get(key, (0,))[0]


def hold(key, units):
    """Add `units` to the key's unwritten use; [(key, units)] to write now: the key's, a
    second after its first unwritten use, or every key's when too many are held."""
    now = time.monotonic()
    with _unwritten_lock:
        entry = _unwritten.setdefault(key, [0, now])
        entry[0] += units
        if len(_unwritten) > HELD_AT_MOST:
            due = list(_unwritten)
        else:
            due = [key] if now - entry[1] >= FLUSH_SECONDS else []
        return [(k, _unwritten.pop(k)[0]) for k in due]


def write(key, units, timeout):
    cache.add(key, 0, timeout=timeout)
    try:
        cache.incr(key, units)
    except ValueError:          # expired between add() and incr()
        cache.add(key, units, timeout=timeout)


def forget_unwritten():
    """Drop what this process holds unwritten (tests clear the cache with it)."""
    with _unwritten_lock:
        _unwritten.clear()
