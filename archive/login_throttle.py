"""Login throttling with two limits, on django-axes' database handler (settings: AXES_*).

django-axes counts failures for each of AXES_LOCKOUT_PARAMETERS (here: the username with
the client's address, then the username alone) and compares the largest count with one
limit. With one limit, five wrong passwords from one client would lock the username out for
every client: the lock-out an attacker wants. So the two counts get their own limits:

- a username and one address: locked after AXES_FAILURE_LIMIT failures (5), that address only;
- a username from any addresses: locked after AXES_USERNAME_FAILURE_LIMIT failures (30), the
  brake on guessing spread over many addresses. A locked-out address adds no further
  failures (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off), so reaching it takes at least
  AXES_USERNAME_FAILURE_LIMIT / AXES_FAILURE_LIMIT addresses within a cool-off.

A successful login clears its own address's failures only (AXES_RESET_ON_SUCCESS): clearing
the username's would free every guesser whenever the archivist logs in.
"""
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class PairAndUsernameHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        pair, username = (attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
                          for attempts in self.get_user_attempts(request, credentials))
        if username >= settings.AXES_USERNAME_FAILURE_LIMIT:
            # axes locks out when this reaches AXES_FAILURE_LIMIT
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair

    def reset_user_attempts(self, request, credentials=None) -> int:
        pair = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair.delete()
        return count
