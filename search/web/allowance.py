"""What one client used of an allowance over a sliding window.

A sliding-window counter: one counter per client per window (its key names the window), and
the use "over the last window" is the current counter plus the previous one weighted by the
part of it still inside the last `window` seconds.

The counters live in this host's table (host_counts.py), which every worker of the host
reads and writes at once, or, when CACHE_URL names one, in Django's cache, which several
hosts can share to count each client once for the site. There counters only grow by
cache.incr(), atomic in memcached and Redis; the database cache reads and writes, and the
increments lost when two workers charge one client at the same instant only make its limit
a little more generous.
"""
import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from . import host_counts


@dataclass(frozen=True)
class Allowance:
    name: str          # "search" or "export"
    limit: float       # units (milliseconds, exports) per window
    window: int        # seconds

    def used(self, client, now=None):
        """(units used over the last window, seconds until use falls below the limit)."""
        now = time.time() if now is None else now
        index, into = divmod(now, self.window)
        counts = counters().get_many([self._key(client, index - 1), self._key(client, index)],
                                     now)
        previous = counts.get(self._key(client, index - 1), 0)
        current = counts.get(self._key(client, index), 0)
        weight = 1 - into / self.window
        return previous * weight + current, self._wait(previous, current, into)

    def charge(self, client, units, now=None):
        now = time.time() if now is None else now
        key = self._key(client, now // self.window)
        counters().add(key, max(1, round(units)), 2 * self.window + 1, now)

    def _wait(self, previous, current, into):
        """Seconds until previous * weight + current drops below the limit, with no new use."""
        if current >= self.limit:   # only the next window's weighting can bring it down
            return (self.window - into) + self.window * (1 - self.limit / current)
        if previous * (1 - into / self.window) + current < self.limit:
            return 0
        return self.window * (1 - (self.limit - current) / previous) - into

    def _key(self, client, index):
        return f"allowance:{self.name}:{client_key(client)}:{int(index)}"


def counters():
    """Where the counts are kept: the cache CACHE_URL names, else this host's table."""
    return CacheCounts if settings.CACHE_URL else host_counts


class CacheCounts:
    """Counts in Django's cache, as host_counts keeps them in its table."""

    @staticmethod
    def get_many(keys, now):
        return cache.get_many(keys)        # the cache's own clock expires them

    @staticmethod
    def add(key, units, timeout, now):
        cache.add(key, 0, timeout=timeout)
        try:
            cache.incr(key, units)
        except ValueError:          # expired between add() and incr()
            cache.add(key, units, timeout=timeout)


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
