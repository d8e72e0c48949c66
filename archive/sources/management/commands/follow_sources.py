"""Follow the archive's sources: poll each feed and sitemap when it is due.

    python manage.py follow_sources              # a service: until SIGTERM or Ctrl-C
    python manage.py follow_sources --once       # every due source once, then exit
    python manage.py follow_sources --once --all # every enabled source now, due or not

Politeness (robots.txt, one request at a time per host, SOURCES_HOST_DELAY apart,
conditional requests) holds in every mode. Each poll prints one line; the command exits
1 when a poll in a --once run failed. See archive/sources/polling.py.
"""
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import F, Q
from django.utils import timezone

from archive.sources.models import Source
from archive.sources.polling import poll
from archive.sources.session import Session

LONGEST_NAP = 60        # seconds between looks for due sources when none is due soon


class Command(BaseCommand):
    help = "Poll the followed feeds and sitemaps when due (a service), or once with --once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Poll every due source once and exit.")
        parser.add_argument("--all", action="store_true",
                            help="With --once: every enabled source, due or not (still politely).")

    def handle(self, *args, once, all, **options):
        if all and not once:
            raise CommandError("--all goes with --once (the service polls each source when due).")
        stopping = []
        previous = signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        session = Session(settings, should_stop=lambda: bool(stopping))
        self.stdout.write(f"Following sources as “{settings.SOURCES_USER_AGENT}”"
                          f"{' (once)' if once else ''}.")
        failed = 0
        try:
            failed = self.follow(session, once, all, stopping)
        except KeyboardInterrupt:
            pass
        finally:
            session.close()
            signal.signal(signal.SIGTERM, previous)
        if stopping:
            self.stdout.write("Stopped (SIGTERM).")
        if failed and once:
            raise CommandError(f"{failed} source(s) failed (see above).", returncode=1)

    def follow(self, session, once, every_source, stopping):
        failed = 0
        while not stopping:
            for source in list(due(every_source)):
                if stopping:
                    break
                report = poll(source, session)
                if report is not None:
                    failed += bool(report.error)
                    self.stdout.write(report.line())
                    self.stdout.flush()
            if once:
                break
            nap(seconds_to_next(), stopping)
        return failed


def due(every_source=False):
    now = timezone.now()
    sources = Source.objects.filter(enabled=True).select_related("outlet")
    if not every_source:
        sources = sources.filter(Q(next_poll__isnull=True) | Q(next_poll__lte=now))
    return sources.order_by(F("next_poll").asc(nulls_first=True), "id")


def seconds_to_next():
    upcoming = Source.objects.filter(enabled=True).order_by(F("next_poll").asc(nulls_first=True)) \
        .values_list("next_poll", flat=True).first()
    if upcoming is None:
        return 0 if Source.objects.filter(enabled=True).exists() else LONGEST_NAP
    return max(0.0, min(LONGEST_NAP, (upcoming - timezone.now()).total_seconds()))


def nap(seconds, stopping):
    end = time.monotonic() + seconds
    while not stopping and time.monotonic() < end:
        time.sleep(min(1.0, end - time.monotonic()))
