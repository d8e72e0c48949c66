"""List every index that follows the change log (one per host) and how far behind it is.

    python manage.py index_status

Lag is counted in log rows after the index's position and in seconds (the age of the oldest
of them). An index that has not drained for longer than INDEX_LOG_RETENTION no longer holds
the log back; if it returns behind the pruned horizon it rebuilds from the database.
"""
from django.core.management.base import BaseCommand
from django.utils import timezone

from search.index.changelog import head, pruned_through
from search.index.registry import every_lag, index_name


class Command(BaseCommand):
    help = "List every registered search index with its log position and lag."

    def handle(self, *args, **options):
        lags = every_lag()
        self.stdout.write(f"Change log head: {head().position}; pruned up to {pruned_through()}.")
        if not lags:
            self.stdout.write("No index has registered yet (each does on its first drain).")
            return
        now = timezone.now()
        self.stdout.write(f"{'index':<30} {'position':>9} {'rows':>7} {'seconds':>9}  "
                          f"{'generation':<10} last drain")
        for lag in lags:
            mine = " (this host)" if lag.name == index_name() else ""
            ago = f"{(now - lag.last_drain).total_seconds():.0f} s ago" if lag.last_drain else "never"
            self.stdout.write(f"{lag.name:<30} {lag.position:>9} {lag.rows_behind:>7} "
                              f"{lag.seconds_behind:>9.1f}  {lag.generation:<10} {ago}{mine}")
