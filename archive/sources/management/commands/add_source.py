"""Follow a feed or a sitemap.

    python manage.py add_source https://kyivindependent.com/feed/ --outlet "Kyiv Independent"
    python manage.py add_source https://example.org/news-sitemap.xml --every 15m --language uk

It is polled by `follow_sources` (first at its next look); what it is, a feed or a sitemap,
is read from its first answer. Adding a url that is already followed changes its options.
"""
import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from archive.metadata import check_language
from archive.formats.common import BadInput
from archive.models import Outlet
from archive.sources.models import Source

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
SHORTEST = timedelta(minutes=1)     # more often than this is not polite to anyone


def parse_interval(text):
    """"30m", "2h", "1d", "90s" (or a number of minutes) -> timedelta; CommandError otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*([smhd]?)\s*", text or "")
    if not match:
        raise CommandError(f"--every {text!r}: give a number and a unit, such as 30m, 2h or 1d.")
    interval = timedelta(seconds=int(match.group(1)) * UNITS[match.group(2) or "m"])
    if interval < SHORTEST:
        raise CommandError(f"--every {text!r}: at least 1m (a source is not polled more often).")
    return interval


class Command(BaseCommand):
    help = "Follow a feed (RSS, Atom) or a sitemap: follow_sources polls it every --every."

    def add_arguments(self, parser):
        parser.add_argument("url", help="The feed's or the sitemap's address (http or https).")
        parser.add_argument("--outlet", default="", help="Outlet of its articles (made if new); "
                            "default: each page's own site name.")
        parser.add_argument("--every", default="30m", help="Interval between polls: 30m, 2h, 1d "
                            "(default %(default)s).")
        parser.add_argument("--language", default="", help="ISO 639-1 code of its articles "
                            "(en, uk, ru); default: detected per article.")
        parser.add_argument("--disabled", action="store_true", help="Add it without following it yet.")

    def handle(self, *args, url, outlet, every, language, disabled, **options):
        try:
            URLValidator(schemes=["http", "https"])(url)
            language = check_language(language)
        except ValidationError:
            raise CommandError(f"{url!r} is not an http or https address.") from None
        except BadInput as error:
            raise CommandError(f"--language: {error}") from None
        values = {"interval": parse_interval(every), "language": language, "enabled": not disabled}
        if outlet.strip():
            values["outlet"] = Outlet.objects.get_or_create(name=" ".join(outlet.split()))[0]
        source, created = Source.objects.update_or_create(url=url, defaults=values)
        self.stdout.write(f"{'Added' if created else 'Updated'} {source.url}: every "
                          f"{source.interval}, outlet {source.outlet or '(each page’s own)'}"
                          f"{', disabled' if disabled else ''}.")
