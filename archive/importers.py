"""Import articles from files: text, Markdown, JSON lines, saved web pages, WARC and feeds.

Sources, found in the files and folders given (folders are walked; hidden entries and a
README.md describing the folder are skipped), each read by its module in archive/formats/:
`.txt`/`.md`/`.markdown` (metadata from a manifest.json beside them), `.jsonl` (one article
a line), `.html`/`.htm` (saved pages), `.warc`/`.warc.gz` (web archives: each HTML response
a page) and `.rss`/`.atom`/`.xml` (feeds: each entry an article).

Every record then takes the same path: archive/metadata.py cleans it into Fields (headline
fallback, outlet, date, url; warnings for what it repaired or dropped), archive/identity.py
finds the article it is again, and it is saved in its own transaction: it lands whole or not
at all. Every record with a headline or a text becomes an article; one without either is a
failed Outcome whose message names it and says why, and the rest goes on.

Encodings: UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are
read as such. Anything else is reported as "not UTF-8" rather than guessed: decoding a
Windows-1252 file as Latin-1 silently turns its quotes into control characters. The
caller may name another encoding (`--encoding cp1252`). Pages, captures and feeds declare
their own encoding, which their libraries follow.
"""
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, transaction

from .formats import feeds, jsonl, pages, plain, warc
from .formats.common import BadInput, Defaults, Outcome, Record, source_name  # noqa: F401 (API)
from .identity import Run, changes, differences, find_existing
from .metadata import check_language, parse_published, prepare  # noqa: F401 (the command's API)
from .models import Article, Outlet
from .outlets import UNKNOWN_OUTLET

STATUSES = ("created", "updated", "repeated", "unchanged", "failed")
READERS = [  # (suffixes, what they are), in the order the error message lists them
    (plain.SUFFIXES, "text"), ({jsonl.SUFFIX}, "JSON lines"), (pages.SUFFIXES, "saved pages"),
    (warc.SUFFIXES, "WARC"), (feeds.SUFFIXES, "feeds"),
]


def suffix_of(path):
    """".warc.gz" for a gzipped capture, else the last suffix, lower case."""
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def readable(path):
    return any(suffix_of(path) in suffixes for suffixes, _ in READERS)


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    repeated: int = 0
    unchanged: int = 0
    failed: int = 0
    headline_only: int = 0
    outlet_from: Counter = field(default_factory=Counter)  # "domain" / "unknown": how many

    def add(self, outcome):
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        if outcome.status != "failed":
            self.headline_only += outcome.headline_only
            if outcome.outlet_from:
                self.outlet_from[outcome.outlet_from] += 1

    @property
    def total(self):
        return sum(getattr(self, status) for status in STATUSES)

    def lines(self, seconds):
        """The summary as the command and the admin page print it."""
        said = [f"{self.total:,} records in {seconds:.1f} s: "
                + ", ".join(f"{getattr(self, s):,} {s}" for s in STATUSES) + "."]
        if self.headline_only:
            said.append(f"{self.headline_only:,} of them headline only (a headline, and a lead "
                        "if any, but no text): kept, and marked so on their page.")
        if self.outlet_from:
            said.append(no_outlet_line(self.outlet_from))
        return said


def no_outlet_line(counts):
    """One line for all the records that named no outlet (not one line each)."""
    parts = []
    if counts["domain"]:
        parts.append(f"{counts['domain']:,} filed under their url's domain")
    if counts["unknown"]:
        parts.append(f"{counts['unknown']:,} under “{UNKNOWN_OUTLET}” (no url either)")
    total = counts["domain"] + counts["unknown"]
    return (f"{total:,} record{'s' if total != 1 else ''} named no outlet: {' and '.join(parts)}. Name it in the records, "
            "with --outlet, or for .txt/.md files in a manifest.json beside them.")


# Finding files and reading records ----------------------------------------------------

def find_files(paths):
    """The importable files under these paths, in a stable order; a missing path is an error."""
    found = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_importable(p, path)))
        else:
            found.append(path)  # a file, or reported as missing when read
    return found


def is_importable(path, root):
    """In a folder: article files, not hidden ones, nor a README describing the folder."""
    hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
    readme = path.stem.lower() == "readme"
    return not hidden and not readme and readable(path) and path.name != plain.MANIFEST


def file_records(path, defaults, manifests, encoding):
    """The Records (or failed Outcomes) of one file, by its kind."""
    suffix = suffix_of(path)
    if suffix == jsonl.SUFFIX:
        return jsonl.jsonl_records(path, defaults, encoding)
    if suffix in pages.SUFFIXES:
        return pages.page_file_records(path, defaults)
    if suffix in warc.SUFFIXES:
        return warc.warc_records(path, defaults)
    if suffix in feeds.SUFFIXES:
        return feeds.feed_records(path, defaults)
    if suffix in plain.SUFFIXES:
        return [plain.plain_record(path, defaults, manifests, encoding)]
    kinds = ", ".join(f"{what} ({' '.join(sorted(s))})" for s, what in READERS)
    return [Outcome(source_name(path), "failed", f"not a file type the importer reads: {kinds}")]


def records(paths, defaults, encoding=None):
    """Every Record (or failed Outcome) in these paths, in order."""
    manifests = {}
    for path in find_files(paths):
        try:
            for item in file_records(path, defaults, manifests, encoding):
                if isinstance(item, Record):
                    item.file = str(path)
                yield item
        except BadInput as error:
            yield Outcome(source_name(path), "failed", str(error))


def count_articles(paths):
    """How many articles the paths hold, roughly (for a progress bar): files plus lines."""
    total = 0
    for path in find_files(paths):
        if suffix_of(path) == jsonl.SUFFIX and path.is_file():
            with open(path, "rb") as file:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))
        else:
            total += 1
    return total


# Saving -------------------------------------------------------------------------------

def import_record(record, run=None):
    """Import one record in its own transaction. Returns an Outcome; never raises BadInput."""
    run = run or Run()
    try:
        fields = prepare(record)
        with transaction.atomic():
            outcome = save(fields, run)
    except BadInput as error:
        return Outcome(record.source, "failed", str(error))
    except DatabaseError as error:  # e.g. a value the database refuses; the transaction rolled back
        return Outcome(record.source, "failed", f"the database refused it: {error}")
    run.saw(outcome.article_id, record.source, record.file)
    return outcome


def values_of(fields, outlet, article):
    values = dict(
        outlet_id=outlet.pk, headline=fields.headline, subtitle=fields.subtitle,
        authors=fields.authors, published=fields.published,
        published_precision=fields.precision, published_note=fields.published_note,
        url=fields.url or (article.url if article else ""),  # a copy without its url keeps it
        body=fields.body, headline_only=fields.headline_only,
    )
    if fields.language:      # else kept as it is, or detected for a new article
        values["language"] = fields.language
    if article and fields.headline_only and not article.headline_only:
        # A headline-only copy (a feed item, a headline dataset) never erases a text.
        values.update(body=article.body, headline_only=False, subtitle=article.subtitle)
    return values


def save(fields, run):
    outlet = Outlet.objects.filter(name=fields.outlet).first()
    article = find_existing(fields, outlet, run)
    outcome = Outcome(fields.source, "created", warnings=list(fields.warnings), notes=fields.notes,
                      outlet_from=fields.outlet_from, headline_only=fields.headline_only)
    first = run.repeat_of(article)
    if first:
        differ = differences(article, values_of(fields, outlet or article.outlet, article))
        outcome.status, outcome.article_id = "repeated", article.pk
        outcome.message = f"repeats {first}" + (
            f" (its {', '.join(differ)} differ{'s' if len(differ) == 1 else ''}: the first is kept)"
            if differ else "")
        return outcome
    outlet = outlet or Outlet.objects.create(name=fields.outlet)
    values = values_of(fields, outlet, article)
    if fields.broken:
        refusal = refuse_broken(article, values["body"], fields.broken, outcome)
        if refusal:
            return refusal
    if article is None:
        article = Article(source=fields.source)
    elif all(getattr(article, k) == v for k, v in values.items()):
        outcome.status, outcome.article_id = "unchanged", article.pk
        return outcome
    else:
        outcome.status = "updated"
        outcome.changes = changes(article, values, outlet_names)
    for name, value in values.items():
        setattr(article, name, value)
    detached = article.save_and_sync()
    if detached:
        outcome.warnings.append(f"{detached} comment(s) moved to the article "
                                "because their paragraph was removed")
    outcome.article_id = article.pk
    return outcome


def refuse_broken(article, body, why, outcome):
    """An incomplete capture may make a new article (said so), or update one without taking
    a paragraph away; an update that would lose paragraphs is refused: the failed Outcome."""
    if article is None:
        outcome.warnings.append(f"{why}: the article may lack its end")
        return None
    kept = set(body.split("\n\n"))
    lost = [p for p in article.body.split("\n\n") if p not in kept]
    if not lost:
        return None
    return Outcome(outcome.source, "failed", message=(
        f"not imported: {why}, and it would take {len(lost)} of the "
        f"{article.body.count(chr(10) * 2) + 1} paragraphs away from article {article.pk}; "
        "the complete copy is kept"))


def outlet_names(outlet_id):
    return Outlet.objects.filter(pk=outlet_id).values_list("name", flat=True).first()


def import_paths(paths, defaults=None, encoding=None, on_outcome=None):
    """Import everything under these paths; calls on_outcome(outcome) after each record.

    Bulk callers wrap this in search.deferred_indexing(batch_seconds), so that the index is
    updated in batches (or once at the end) rather than after each article's commit.
    """
    summary, run = Summary(), Run()
    for item in records(paths, defaults or Defaults(), encoding):
        outcome = item if isinstance(item, Outcome) else import_record(item, run)
        summary.add(outcome)
        if on_outcome:
            on_outcome(outcome)
    return summary
