"""One poll of one source: its listing, asked conditionally; each new entry's page fetched,
read as a saved page and imported; the source's health written.

A page is fetched once: an entry whose page the archive has is passed over, unless the
listing says it changed since (then it is asked conditionally). A page that cannot be
fetched or read (robots.txt forbids it, an error, no article in it) leaves the entry's own
text from the feed to be imported instead, and the failure is written on the source; it is
tried again on later polls, SOURCES_PAGE_ATTEMPTS times in all (never when robots.txt
forbids it). At most SOURCES_MAX_PAGES_PER_POLL pages a poll, the newest first.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from archive.formats.common import BadInput
from archive.formats.pages import MAX_PAGE_BYTES, page_record
from archive.formats.warc import RECORD_FIELDS, apply_entry, listing_record, truncated_by_crawler
from archive.identity import Run
from archive.importers import import_record
from search import deferred_indexing

from .listings import Entry, read_listing
from .models import Fetch, Source

LEASE = timedelta(minutes=30)       # a poll that takes longer may be taken over
MAX_CHILD_SITEMAPS = 50             # sitemaps of an index read in one poll


@dataclass
class PollReport:
    source: Source
    error: str = ""
    listed: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    page_failures: list = field(default_factory=list)
    not_modified: bool = False
    retry_after: int = 0
    attempted: set = field(default_factory=set)     # page urls asked in this poll

    def line(self):
        if self.error:
            return f"{self.source.url}: failed: {self.error}"
        if self.not_modified:
            return f"{self.source.url}: not modified"
        said = (f"{self.source.url}: {self.listed} listed, {self.created} new, {self.updated} updated, "
                f"{self.unchanged} unchanged")
        if self.page_failures:
            said += f"; {len(self.page_failures)} page(s) not fetched, their entry's text kept: " \
                    f"{self.page_failures[0]}"
        return said


def poll(source, session):
    """Poll `source` once; None when another follower holds it."""
    if not claim(source):
        return None
    report = PollReport(source)
    try:
        with deferred_indexing(settings.INDEX_BATCH_SECONDS):
            read_source(source, session, report)
            if not report.error:
                retry_pages(source, session, report)
    except BadInput as error:
        report.error = str(error)
    finally:
        finish(source, report)
    return report


def claim(source):
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    return Source.objects.filter(free, pk=source.pk).update(lease_until=now + LEASE) == 1


def read_source(source, session, report):
    kept = session.fetch(source.url, Fetch.Purpose.LISTING, source)
    if not listing_answer(kept, report):
        return
    listing = read_listing(kept.body(settings.SOURCES_MAX_BYTES)[0], source.url, settings.SOURCES_MAX_BYTES)
    source.kind = Source.Kind.FEED if listing.kind == "feed" else Source.Kind.SITEMAP
    entries = [(entry, kept) for entry in listing.entries]
    for url, _ in listing.sitemaps[:MAX_CHILD_SITEMAPS]:
        child = session.fetch(url, Fetch.Purpose.LISTING, source)
        if child.status == 200:
            entries += [(e, child) for e in read_listing(child.body(settings.SOURCES_MAX_BYTES)[0], url,
                                                         settings.SOURCES_MAX_BYTES).entries]
    report.listed = len(entries)
    run = Run()
    for entry, listing_kept in to_fetch(entries):
        if session.should_stop():
            break
        import_entry(entry, source, session, listing_kept, run, report)


def retry_pages(source, session, report):
    """Pages of this source that failed, asked again (the listing may not list them any
    more, or not have changed): their articles, made from the feed's text, get the page's."""
    failed = (Fetch.objects.filter(source=source, purpose=Fetch.Purpose.PAGE)
              .exclude(url__in=Fetch.objects.filter(purpose=Fetch.Purpose.PAGE, status__in=(200, 304), error="")
                       .values("url"))
              .exclude(url__in=report.attempted).values_list("url", flat=True).distinct())
    run = Run()
    for url in list(failed)[:settings.SOURCES_MAX_PAGES_PER_POLL]:
        history = list(Fetch.objects.filter(url=url, purpose=Fetch.Purpose.PAGE)[:settings.SOURCES_PAGE_ATTEMPTS])
        if wanted(Entry(url), history) and not session.should_stop():
            import_entry(Entry(url), source, session, None, run, report)


def listing_answer(kept, report):
    """Is there a listing to read? Else says why on the report (a 304 is no failure)."""
    status = kept.status
    if status == 304:
        report.not_modified = True
    elif kept.fetched.error or status != 200:
        report.error = kept.fetched.error or f"HTTP {status}"
        retry = kept.fetched.final.header("Retry-After") if kept.fetched.final else ""
        report.retry_after = int(retry) if retry.isdigit() else 0
    return status == 200 and not kept.fetched.error


def to_fetch(entries):
    """The entries whose page is new, changed, or worth another try; newest first, at most
    SOURCES_MAX_PAGES_PER_POLL."""
    chosen = []
    for entry, listing_kept in entries:
        if not entry.url:
            continue
        history = list(Fetch.objects.filter(url=entry.url, purpose=Fetch.Purpose.PAGE)[:settings.SOURCES_PAGE_ATTEMPTS])
        if wanted(entry, history):
            chosen.append((entry, listing_kept))
    chosen.sort(key=lambda pair: pair[0].updated.timestamp() if pair[0].updated else 0, reverse=True)
    return chosen[:settings.SOURCES_MAX_PAGES_PER_POLL]


def wanted(entry, history):
    if not history:
        return True
    if any(f.status in (200, 304) and not f.error for f in history):
        last = history[0]
        return bool(entry.updated and entry.updated > last.fetched_at)
    if any(f.error.startswith("robots.txt forbids") for f in history):
        return False
    return len(history) < settings.SOURCES_PAGE_ATTEMPTS


def import_entry(entry, source, session, listing_kept, run, report):
    report.attempted.add(entry.url)
    meta = entry_meta(entry, source)
    kept = session.fetch(entry.url, Fetch.Purpose.PAGE, source)
    if kept.status == 304:
        report.unchanged += 1
        return
    record, failure = page_of(kept, meta)
    if record is not None:
        session.warcs.keep_entry(meta, kept.record_id, kept.fetched.final.url)
    else:
        report.page_failures.append(f"{entry.url[:120]}: {failure}")
        if entry.record is None or listing_kept is None:
            return          # a sitemap entry has no text of its own; a retried one has it already
        meta.update(record={name: getattr(entry.record, name) for name in RECORD_FIELDS}, error=failure)
        session.warcs.keep_entry(meta, listing_kept.record_id, entry.url)
        record = listing_record(meta, f"{source.url} ({entry.url[:200]})")
    outcome = import_record(record, run)
    count(report, outcome)
    if outcome.article_id:
        Fetch.objects.filter(pk=kept.row.pk).update(article_id=outcome.article_id)


def entry_meta(entry, source):
    """What the WARC file says of an entry: its source, and the listing's headline and date."""
    return {"source": source.url, "outlet": source.outlet.name if source.outlet_id else "",
            "language": source.language, "headline": entry.headline, "published": entry.published,
            "authors": entry.authors}


def page_of(kept, meta):
    """(Record, "") of a fetched page, as archive/formats/warc.py reads it back; (None, why)."""
    final = kept.fetched.final
    if kept.fetched.error or final is None:
        return None, kept.fetched.error or "no answer"
    if final.status != 200:
        return None, f"HTTP {final.status}"
    if "html" not in final.header("Content-Type").lower():
        return None, f"not an HTML page ({final.header('Content-Type')[:60] or 'no type'})"
    html, cut = kept.body(MAX_PAGE_BYTES)
    if cut and not final.truncated:
        return None, cut
    try:
        record = page_record(html, f"{final.url[:200]}", final.url)
    except BadInput as error:
        return None, str(error)
    record.broken = truncated_by_crawler(final.truncated) if final.truncated else ""
    apply_entry(record, meta)
    return record, ""


def count(report, outcome):
    if outcome.status == "created":
        report.created += 1
    elif outcome.status == "updated":
        report.updated += 1
    elif outcome.status == "failed":
        report.page_failures.append(f"{outcome.source[:120]}: {outcome.message}")
    else:
        report.unchanged += 1


def finish(source, report):
    """The source's health after the poll, and its lease given back."""
    now = timezone.now()
    source.last_poll = now
    if report.error:
        source.consecutive_failures += 1
        source.last_error = report.error[:500]
        backoff = source.interval * 2 ** (source.consecutive_failures - 1)
        wait = min(backoff, timedelta(seconds=settings.SOURCES_MAX_BACKOFF))
        source.next_poll = now + max(wait, timedelta(seconds=report.retry_after), source.interval)
    else:
        source.consecutive_failures, source.last_error = 0, ""
        source.last_success, source.next_poll = now, now + source.interval
        source.page_failures = len(report.page_failures)
        source.last_page_error = report.page_failures[-1][:500] if report.page_failures else ""
    if report.created:
        source.last_new_article = now
    source.last_result, source.lease_until = report.line()[:500], None
    # Only what the follower owns: an archivist may have edited the source meanwhile.
    source.save(update_fields=HEALTH_FIELDS)


HEALTH_FIELDS = ["kind", "last_poll", "last_success", "last_new_article", "consecutive_failures",
                 "next_poll", "last_result", "last_error", "page_failures", "last_page_error",
                 "lease_until"]
