"""Sources the archive follows on its own (feeds and sitemaps), and every fetch it made.

A Source is a feed (RSS, Atom) or a sitemap (a news sitemap, a sitemap index) with its
outlet, a language hint, an interval and its health: when it was last polled, when it last
gave a new article, how many polls in a row failed, when it is next due. A Fetch is one
request the follower made (robots.txt, a listing, a page) and what came of it: the status,
the validators for the next conditional request (ETag, Last-Modified), where the response
is kept (a WARC file and the offset of its record) and the article it made or updated,
which is the article's provenance (fetched at, from, status).
"""
from datetime import timedelta

from django.db import models
from django.utils import timezone

from archive.models import Article, Outlet


class Source(models.Model):
    class Kind(models.TextChoices):
        UNKNOWN = "", "not polled yet"
        FEED = "feed", "feed (RSS, Atom)"
        SITEMAP = "sitemap", "sitemap"

    url = models.URLField(max_length=1000, unique=True, help_text="The feed's or the sitemap's address.")
    kind = models.CharField(max_length=8, choices=Kind.choices, blank=True, editable=False,
                            help_text="Read from what the address answers.")
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="sources",
        help_text="The outlet of every article from this source; empty: each page's own site name.")
    language = models.CharField(
        max_length=8, blank=True, help_text="ISO 639-1 code (en, uk, ru...) of the source's "
        "articles; empty: each article's language is detected.")
    interval = models.DurationField(default=timedelta(minutes=30),
                                    help_text="How often it is polled, e.g. 00:30:00.")
    enabled = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    # Health, written by the follower.
    last_poll = models.DateTimeField(null=True, blank=True, editable=False)
    last_success = models.DateTimeField(null=True, blank=True, editable=False)
    last_new_article = models.DateTimeField(null=True, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    next_poll = models.DateTimeField(null=True, blank=True, db_index=True, editable=False,
                                     help_text="Empty: due now.")
    last_result = models.CharField(max_length=500, blank=True, editable=False)
    last_error = models.CharField(max_length=500, blank=True, editable=False)
    page_failures = models.PositiveIntegerField(
        default=0, editable=False, help_text="Pages of the last poll that could not be fetched "
        "or read: their entry's own text was imported instead.")
    last_page_error = models.CharField(max_length=500, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["url"]

    def __str__(self):
        return self.url


class Fetch(models.Model):
    class Purpose(models.TextChoices):
        ROBOTS = "robots", "robots.txt"
        LISTING = "listing", "feed or sitemap"
        PAGE = "page", "page"

    url = models.URLField(max_length=1000, db_index=True)
    purpose = models.CharField(max_length=8, choices=Purpose.choices)
    source = models.ForeignKey(Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="fetches")
    article = models.ForeignKey(Article, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="fetches")
    fetched_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.PositiveSmallIntegerField(default=0, help_text="HTTP status; 0: no answer or not asked.")
    final_url = models.URLField(max_length=1000, blank=True, help_text="After redirects.")
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    length = models.PositiveBigIntegerField(default=0, help_text="Bytes of the body received.")
    truncated = models.CharField(max_length=200, blank=True, help_text="Why only part was kept.")
    error = models.CharField(max_length=500, blank=True)
    warc_file = models.CharField(max_length=300, blank=True, help_text="Under SOURCES_WARC_DIR.")
    warc_offset = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-fetched_at", "-id"]
        indexes = [models.Index(fields=["url", "-fetched_at"])]

    def __str__(self):
        return f"{self.status or self.error[:40]} {self.url}"
