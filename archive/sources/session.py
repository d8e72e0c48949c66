"""One follower run's means: the HTTP client, robots.txt, the WARC files; and each fetch
recorded (a Fetch row per exchange, its response kept in the WARC files).

A fetch is conditional when the url was fetched before: the ETag and Last-Modified of the
last answer go with it, and a 304 costs a header's worth.
"""
from dataclasses import dataclass

from .fetching import Client, decoded
from .models import Fetch
from .robots import Robots
from .warc_files import WarcFiles, read_body

ROBOTS_MAX_BYTES = 500_000      # Google reads 500 KiB of a robots.txt and ignores the rest


@dataclass
class Kept:
    """A fetch and where its final response is: the row, and the WARC record's id."""
    fetched: object         # fetching.Fetched
    row: Fetch
    record_id: str = ""

    @property
    def status(self):
        return self.fetched.status

    def body(self, limit):
        return decoded(self.fetched.final, limit)


class Session:
    def __init__(self, settings, should_stop=lambda: False):
        self.settings = settings
        self.should_stop = should_stop
        self.warcs = WarcFiles(settings.SOURCES_WARC_DIR, settings.SOURCES_WARC_MAX_BYTES)
        agent = settings.SOURCES_USER_AGENT.split("/")[0].split()[0]
        self.robots = Robots(self, agent, settings.SOURCES_ROBOTS_MAX_AGE)
        self.client = Client(settings, self.robots, should_stop)

    def close(self):
        self.warcs.close()

    def fetch(self, url, purpose, source=None, conditional=True, obey_robots=True):
        """Kept: the url asked (conditionally when known); every exchange (redirects too) is
        kept in the WARC files, and one Fetch row says what the last one answered."""
        last = last_validators(url) if conditional else None
        fetched = self.client.get(url, last.etag if last else "", last.last_modified if last else "",
                                  obey_robots=obey_robots)
        places = [self.warcs.keep(exchange) for exchange in fetched.exchanges]
        row = Fetch(url=url, purpose=purpose, source=source, error=fetched.error[:500])
        final = fetched.final
        if final is not None:
            unchanged = last if final.status == 304 else None    # a 304 keeps the validators
            row.fetched_at, row.status, row.final_url = final.fetched_at, final.status, final.url
            row.etag = final.header("ETag")[:500] or (unchanged.etag if unchanged else "")
            row.last_modified = final.header("Last-Modified")[:100] or (
                unchanged.last_modified if unchanged else "")
            row.length, row.truncated = len(final.body), final.truncated
            row.warc_file, row.warc_offset = places[-1][0], places[-1][1]
        row.save()
        return Kept(fetched, row, places[-1][2] if places else "")

    def fetch_robots(self, robots_url, not_before):
        """(status, text, error) of a host's robots.txt: from the last day's fetch, read
        back from its WARC file, else asked of the host."""
        last = Fetch.objects.filter(url=robots_url, purpose=Fetch.Purpose.ROBOTS,
                                    fetched_at__gte=not_before).first()
        if last and last.status == 200 and last.warc_file:
            text = read_body(self.settings.SOURCES_WARC_DIR, last.warc_file, last.warc_offset, ROBOTS_MAX_BYTES)
            if text:
                return 200, text.decode("utf-8", "replace"), ""
        elif last and last.status != 200:
            return last.status, "", last.error
        kept = self.fetch(robots_url, Fetch.Purpose.ROBOTS, conditional=False, obey_robots=False)
        body, _ = kept.body(ROBOTS_MAX_BYTES) if kept.status == 200 else (b"", "")
        return kept.status, body.decode("utf-8", "replace"), kept.fetched.error


def last_validators(url):
    """The last answer to `url` that carries validators (a 200 or a 304), or None."""
    return Fetch.objects.filter(url=url, status__in=(200, 304)).exclude(etag="", last_modified="").first()
