"""robots.txt, read as RFC 9309 says, by Protego (see requirements.txt for why).

Each host's file is fetched once per SOURCES_ROBOTS_MAX_AGE (a day, the RFC's most) and kept
like every response (a Fetch row and its WARC record); a follower that starts again reads it
back from its WARC file rather than asking the host again. As the RFC says: a 4xx answer
(but 429) means no rules; a 5xx or 429 answer, or none at all, means nothing may be fetched
for now. The group that applies is the one naming the User-Agent's first word
("WarReportingArchive"), else "*".
"""
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.utils import timezone
from protego import Protego

ALLOW_ALL = Protego.parse("")
DISALLOW_ALL = Protego.parse("User-agent: *\nDisallow: /")
MAX_CRAWL_DELAY = 60.0      # a site asking for more than a minute between requests gets one


@dataclass
class Rules:
    parser: Protego
    expires: object         # datetime
    why: str = ""           # what the rules are, when not the file itself


class Robots:
    """The rules of every host the follower asks, fetched through `session`."""

    def __init__(self, session, agent, max_age):
        self.session = session      # polling.Session: fetch_robots(url) -> (status, text, error)
        self.agent = agent
        self.max_age = timedelta(seconds=max_age)
        self.hosts = {}             # "scheme://host" -> Rules

    def allowed(self, url):
        return self.rules(url).parser.can_fetch(url, self.agent)

    def crawl_delay(self, host):
        rules = next((r for origin, r in self.hosts.items() if urlsplit(origin).netloc == host), None)
        delay = rules.parser.crawl_delay(self.agent) if rules else None
        return min(float(delay or 0), MAX_CRAWL_DELAY)

    def rules(self, url):
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        now = timezone.now()
        if origin not in self.hosts or self.hosts[origin].expires < now:
            self.hosts[origin] = self.read(origin + "/robots.txt", now)
        return self.hosts[origin]

    def read(self, robots_url, now):
        status, text, error = self.session.fetch_robots(robots_url, now - self.max_age)
        expires = now + self.max_age
        if error or status == 429 or status >= 500:
            # Unreachable: nothing for now, asked again within the hour.
            return Rules(DISALLOW_ALL, min(expires, now + timedelta(hours=1)),
                         f"robots.txt unreachable ({error or status}): nothing fetched for now")
        if status >= 400:
            return Rules(ALLOW_ALL, expires, f"no robots.txt ({status})")
        return Rules(Protego.parse(text), expires)
