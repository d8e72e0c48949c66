"""Rate limits of the account pages that send e-mail: sign-up, password reset and the link
to confirm an address. Without them one client can mail-bomb any address through us.

Each attempt counts once per client address (as django-axes reads it: REMOTE_ADDR, or
the address the proxy passed on when AXES_IPWARE_* or AXES_CLIENT_IP_CALLABLE say so) and
once per e-mail address, in fixed windows of an hour; past ACCOUNT_LIMIT_PER_CLIENT or
ACCOUNT_LIMIT_PER_EMAIL attempts the page answers 429 with Retry-After until the window
ends. Refused attempts count too: a client that keeps trying stays refused.

The counters live in Django's cache "limits" (settings.py): by default a table of the
database, so every worker of every host counts in one place. Keys are keyed hashes, never
the addresses themselves.
"""
import time
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import caches
from django.shortcuts import render
from django.utils.crypto import salted_hmac

WINDOW = 3600               # seconds
KEPT = WINDOW + 60          # a counter outlives its window a little: no early reset


@dataclass(frozen=True)
class Limit:
    name: str               # "signup", "reset", "verify": each counts apart

    def refused(self, request, email=""):
        """Count this attempt; the seconds to wait when it is over a limit, else None."""
        now = time.time()
        window = int(now // WINDOW)
        counted = [(self._key("client", get_client_ip_address(request) or "", window),
                    settings.ACCOUNT_LIMIT_PER_CLIENT)]
        if email.strip():
            counted.append((self._key("email", email.strip().lower(), window),
                            settings.ACCOUNT_LIMIT_PER_EMAIL))
        over = [_count(key) > most for key, most in counted]
        return WINDOW - int(now % WINDOW) if any(over) else None

    def _key(self, kind, value, window):
        digest = salted_hmac("archive.saved.limits", f"{self.name}:{kind}:{value}").hexdigest()
        return f"limit:{digest[:32]}:{window}"


def _count(key):
    cache = caches["limits"]
    cache.add(key, 0, timeout=KEPT)
    try:
        return cache.incr(key)
    except ValueError:          # expired between the two calls
        cache.set(key, 1, timeout=KEPT)
        return 1


SIGNUP, PASSWORD_RESET, VERIFY = Limit("signup"), Limit("reset"), Limit("verify")


def too_many(request, retry_after):
    """The 429 page: what was refused, and when to try again."""
    response = render(request, "registration/too_many.html",
                      {"minutes": max(1, round(retry_after / 60))}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
