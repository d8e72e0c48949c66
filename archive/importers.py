"""Import articles from files: plain text and Markdown with a manifest, and JSON lines.

Sources, found in the files and folders given (folders are walked; hidden entries and a
README.md describing the folder are skipped):
- `.txt`, `.md`, `.markdown`: one article per file, cleaned by archive/cleaning.py. Its
  metadata comes from `manifest.json` in the same folder, keyed by file name (see
  MANIFEST_FIELDS and fixtures/seeds/manifest.json), then from the command's options, then
  from the text itself (a title line, a byline, feed boilerplate, a date line).
- `.jsonl`: one article per line, a JSON object with `title, outlet, author, published, url,
  body` (and optionally `subtitle`, `published_note`); other fields are ignored.

Each article is saved in its own transaction: it lands whole or not at all. The same
article again (same url, or else the same text, see archive.models.fingerprint) updates the
existing one, or leaves it alone when nothing changed; it is never duplicated. A file or
line that cannot be imported becomes a failed Outcome whose message names it and says why;
the rest goes on.

Encodings: UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are
read as such. Anything else is reported as "not UTF-8" rather than guessed: decoding a
Windows-1252 file as Latin-1 silently turns its quotes into control characters. The
caller may name another encoding (`--encoding cp1252`).
"""
import datetime
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction

from .cleaning import CleaningError, clean
from .models import Article, Outlet, fingerprint

PLAIN_SUFFIXES = {".txt", ".md", ".markdown"}
LINES_SUFFIX = ".jsonl"
MANIFEST = "manifest.json"
MANIFEST_FIELDS = {
    "outlet", "headline", "subtitle", "authors", "published", "precision", "published_note",
    "url", "origin",
}
MAX_FILE_BYTES = 5_000_000  # one article; a bigger "article" is a mistake, not prose
SNIFF_BYTES = 8192


class BadInput(Exception):
    """A file, line or record that cannot be imported; the message says why."""


@dataclass
class Defaults:
    """Metadata given on the command line, for whatever the sources leave empty."""
    outlet: str = ""
    authors: str = ""
    published: str = ""
    published_note: str = ""
    language: str = ""


@dataclass
class Record:
    """One article as received, before cleaning."""
    source: str
    text: str
    headline: str = ""
    subtitle: str = ""
    authors: str = ""
    outlet: str = ""
    published: str = ""
    precision: str = ""
    published_note: str = ""
    url: str = ""
    language: str = ""        # ISO 639-1 code; empty: detected from the text
    whole_file: bool = False  # the file holds this one article (so the file names it)


@dataclass
class Outcome:
    source: str
    status: str  # "created", "updated", "unchanged" or "failed"
    message: str = ""
    article_id: int = None
    warnings: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0

    def add(self, outcome):
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)

    @property
    def total(self):
        return self.created + self.updated + self.unchanged + self.failed


# Finding and reading files ------------------------------------------------------------------

def find_files(paths):
    """The importable files under these paths, in a stable order; a missing path is an error."""
    found = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_importable(p, path)))
        elif path.is_file():
            found.append(path)
        else:
            found.append(path)  # reported as missing when read
    return found


def is_importable(path, root):
    """In a folder: article files, not hidden ones, nor a README describing the folder."""
    hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
    readme = path.stem.lower() == "readme"
    return not hidden and not readme and path.suffix.lower() in PLAIN_SUFFIXES | {LINES_SUFFIX}


def source_name(path):
    """The path as the user knows it: relative to the working folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(Path(path).resolve())


def decode(data, encoding=None):
    """Bytes to text: UTF-8 (BOM or not), UTF-16 with a BOM, or the encoding asked for."""
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise BadInput(f"cannot be read as {encoding}: {error}") from None
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = data[error.start:error.start + 1].hex()
        raise BadInput(
            f"not UTF-8 (byte 0x{byte} at position {error.start:,}); convert it to UTF-8, "
            "or name its encoding with --encoding (e.g. --encoding cp1252)") from None


def check_not_binary(head):
    if head.startswith(b"%PDF"):
        raise BadInput("a PDF file: extract its text first (e.g. to Markdown)")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInput("a binary file, not text")


def read_plain(path, encoding=None):
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BadInput(f"{size:,} bytes is too large for one article (limit {MAX_FILE_BYTES:,})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput("no such file or folder") from None
    except OSError as error:
        raise BadInput(f"cannot be read: {error.strerror}") from None
    check_not_binary(data[:SNIFF_BYTES])
    text = decode(data, encoding)
    if not text.strip():
        raise BadInput("empty file")
    return text


# Sources ------------------------------------------------------------------------------------

def load_manifest(folder, cache):
    """The manifest of a folder ({} if there is none); raises BadInput if it is unreadable."""
    if folder not in cache:
        cache[folder] = _read_manifest(folder / MANIFEST)
    if isinstance(cache[folder], BadInput):
        raise cache[folder]
    return cache[folder]


def _read_manifest(path):
    if not path.exists():
        return {}
    try:
        entries = json.loads(decode(path.read_bytes()))
    except (json.JSONDecodeError, BadInput) as error:
        return BadInput(f"{source_name(path)} is unreadable: {error}")
    if not isinstance(entries, dict) or not all(isinstance(v, dict) for v in entries.values()):
        return BadInput(f"{source_name(path)} must map file names to objects of metadata")
    for name, entry in entries.items():
        unknown = set(entry) - MANIFEST_FIELDS
        if unknown:
            return BadInput(f"{source_name(path)}: unknown field(s) {', '.join(sorted(unknown))} "
                            f"for {name} (known: {', '.join(sorted(MANIFEST_FIELDS))})")
    return entries


def plain_record(path, defaults, manifests, encoding=None):
    entry = load_manifest(path.parent, manifests).get(path.name, {})
    source = source_name(path)
    if entry.get("origin"):
        source = f"{source} ({entry['origin']})"
    record = Record(source=source, text=read_plain(path, encoding), whole_file=True)
    for name in ("headline", "subtitle", "authors", "outlet", "published", "precision",
                 "published_note", "url"):
        setattr(record, name, text_value(entry.get(name), name))
    return with_defaults(record, defaults)


def jsonl_records(path, defaults, encoding=None):
    """Yield a Record, or a failed Outcome, for each non-blank line of a JSON lines file."""
    source = source_name(path)
    try:
        with open(path, "rb") as file:
            check_not_binary(file.read(SNIFF_BYTES))
            file.seek(0)
            for number, raw in enumerate(file, 1):
                where = f"{source} line {number}"
                try:
                    record = line_record(raw, where, encoding, first=number == 1)
                except BadInput as error:
                    yield Outcome(where, "failed", str(error))
                    continue
                if record is not None:
                    yield with_defaults(record, defaults)
    except FileNotFoundError:
        yield Outcome(source, "failed", "no such file or folder")
    except BadInput as error:
        yield Outcome(source, "failed", str(error))
    except OSError as error:
        yield Outcome(source, "failed", f"cannot be read: {error.strerror}")


def line_record(raw, where, encoding, first):
    if len(raw) > MAX_FILE_BYTES:
        raise BadInput(f"{len(raw):,} bytes is too large for one article (limit {MAX_FILE_BYTES:,})")
    line = decode(raw, encoding)
    if first:
        line = line.lstrip("\ufeff")
    if not line.strip():
        return None
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise BadInput(f"not valid JSON ({error.msg} at column {error.colno})") from None
    except (ValueError, RecursionError) as error:  # a 5,000-digit number; [[[[... nested too deep
        raise BadInput(f"not usable JSON ({type(error).__name__}: {str(error)[:80]})") from None
    if not isinstance(data, dict):
        raise BadInput("not a JSON object")
    body = data.get("body")
    if not isinstance(body, str) or not body.strip():
        raise BadInput("no body text")
    return Record(
        source=where, text=valid_unicode(body, "body"),
        headline=text_value(data.get("title"), "title"),
        subtitle=text_value(data.get("subtitle"), "subtitle"),
        authors=text_value(data.get("author", data.get("authors")), "author"),
        outlet=text_value(data.get("outlet"), "outlet"),
        published=text_value(data.get("published"), "published"),
        published_note=text_value(data.get("published_note"), "published_note"),
        url=text_value(data.get("url"), "url"),
        language=text_value(data.get("language", data.get("lang")), "language"),
    )


def text_value(value, name):
    """A metadata value as one line of text: None is empty, a list of names is joined."""
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = join_names([v.strip() for v in value if v.strip()])
    if not isinstance(value, str):
        raise BadInput(f"{name} must be text, not {type(value).__name__}")
    return " ".join(valid_unicode(value, name).split())


def valid_unicode(text, name):
    """JSON can carry half a surrogate pair ("\\ud800"), which no database can store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(f"{name} holds invalid Unicode (a lone surrogate)") from None
    return text


def join_names(names):
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def with_defaults(record, defaults):
    for name in ("outlet", "authors", "published", "published_note", "language"):
        if not getattr(record, name):
            setattr(record, name, getattr(defaults, name))
    return record


def records(paths, defaults, encoding=None):
    """Every Record (or failed Outcome) in these paths, in order."""
    manifests = {}
    for path in find_files(paths):
        if path.suffix.lower() == LINES_SUFFIX:
            yield from jsonl_records(path, defaults, encoding)
            continue
        if path.suffix.lower() not in PLAIN_SUFFIXES:
            yield Outcome(source_name(path), "failed",
                          "not a file type the importer reads (.txt, .md, .markdown, .jsonl)")
            continue
        try:
            yield plain_record(path, defaults, manifests, encoding)
        except BadInput as error:
            yield Outcome(source_name(path), "failed", str(error))


def count_articles(paths):
    """How many articles the paths hold, roughly (for a progress bar): files plus lines."""
    total = 0
    for path in find_files(paths):
        if path.suffix.lower() == LINES_SUFFIX and path.is_file():
            with open(path, "rb") as file:
                total += sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))
        else:
            total += 1
    return total


# From record to article -----------------------------------------------------------------------

@dataclass
class Fields:
    """An article's cleaned, validated fields, ready to save."""
    outlet: str
    headline: str
    subtitle: str
    authors: str
    published: datetime.date
    precision: str
    published_note: str
    url: str
    source: str
    body: str
    language: str = ""
    whole_file: bool = False
    warnings: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # what cleaning did, e.g. "dropped a footer"


PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?)?)?$")
DATELINE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%Y-%m-%d")


def parse_published(value, precision=""):
    """"YYYY-MM-DD", "YYYY-MM" or "YYYY" (a datetime's date part too) -> (date, precision)."""
    if not value:
        return None, precision or Article.Precision.DAY
    match = PUBLISHED.match(value)
    if not match:
        raise BadInput(f"published {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = match.groups()
    found = "day" if day else "month" if month else "year"
    try:
        date = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise BadInput(f"published {value!r} is not a date of the calendar") from None
    if precision and precision not in Article.Precision.values:
        raise BadInput(f"precision {precision!r} is not one of: day, month, year")
    return date, precision or found


def parse_dateline(text):
    """A date found in the text ("17 September 2025", "2024-08") -> (date, precision), or None."""
    if PUBLISHED.match(text):
        try:
            return parse_published(text)
        except BadInput:
            return None
    for fmt in DATELINE_FORMATS:
        try:
            return datetime.datetime.strptime(text.replace(".", ""), fmt).date(), Article.Precision.DAY
        except ValueError:
            continue
    return None


def check_url(url):
    """The url if it is a valid http(s) one; "" if empty; BadInput otherwise."""
    if not url:
        return ""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise BadInput(f"url {url[:80]!r} rejected: only http and https urls are stored")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise BadInput(f"url {url[:80]!r} is not a valid web address") from None
    return url


def check_length(name, value):
    limit = Article._meta.get_field(name).max_length
    if len(value) > limit:
        raise BadInput(f"{name} has {len(value):,} characters (limit {limit})")
    return value


def prepare(record):
    """Clean and validate a record; raises BadInput with the reason it cannot be imported."""
    try:
        cleaned = clean(record.text, headline_hint=record.headline)
    except CleaningError as error:
        raise BadInput(str(error)) from None
    warnings = []
    headline = record.headline or cleaned.headline
    if not headline:
        headline = first_words(cleaned.body)
        warnings.append("no headline given or found: using the text's first words")
    outlet = " ".join((record.outlet or cleaned.outlet).split())
    if not outlet:
        raise BadInput("no outlet: give it in manifest.json beside the file, or with --outlet")
    if len(outlet) > Outlet._meta.get_field("name").max_length:
        raise BadInput(f"outlet name has {len(outlet):,} characters (limit 200)")
    published, precision = parse_published(record.published, record.precision)
    note = record.published_note
    if published is None and cleaned.dateline and parse_dateline(cleaned.dateline):
        published, precision = parse_dateline(cleaned.dateline)
        note = note or f"from the date line in the text ({cleaned.dateline})"
    return Fields(
        outlet=outlet, headline=check_length("headline", headline),
        subtitle=check_length("subtitle", record.subtitle or cleaned.subtitle),
        authors=check_length("authors", record.authors or cleaned.authors),
        published=published, precision=precision,
        published_note=check_length("published_note", note),
        url=check_length("url", check_url(record.url or cleaned.url)),
        source=record.source[:Article._meta.get_field("source").max_length],
        body=cleaned.body, language=check_language(record.language),
        whole_file=record.whole_file, warnings=warnings, notes=cleaned.notes,
    )


LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def check_language(code):
    """An ISO 639 code as given ("uk", "RU" -> "ru"); empty to have it detected."""
    code = code.strip().lower()
    if code and not LANGUAGE_CODE.match(code):
        raise BadInput(f"language “{code[:20]}” is not an ISO 639-1 code such as en, uk or ru")
    return code


def first_words(body, limit=100):
    text = next((line for line in body.split("\n\n") if not line.startswith("## ")), body)
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[:limit].rsplit(" ", 1)[0] + "…"


# Saving -------------------------------------------------------------------------------------

def find_existing(fields):
    """The article this one is again: the same url, else the same text (fingerprint), else,
    for a file holding one article, the article imported from that same file (its text was
    edited, or cleaned by newer rules).

    The same text under two different urls is two publications of it (two press releases,
    a syndicated copy), each kept; so the text and the file only match an article without a
    url, or any article when this one has no url.
    """
    if fields.url:
        found = Article.objects.filter(url=fields.url).order_by("id").first()
        if found:
            return found
    candidates = [Article.objects.filter(fingerprint=fingerprint(fields.body))]
    if fields.whole_file:
        candidates.append(Article.objects.filter(source=fields.source))
    for queryset in candidates:
        found = (queryset.filter(url="") if fields.url else queryset).order_by("id").first()
        if found:
            return found
    return None


def import_record(record):
    """Import one record in its own transaction. Returns an Outcome; never raises BadInput."""
    try:
        fields = prepare(record)
        with transaction.atomic():
            return save(fields, record.source)
    except BadInput as error:
        return Outcome(record.source, "failed", str(error))
    except DatabaseError as error:  # e.g. a value the database refuses; the transaction rolled back
        return Outcome(record.source, "failed", f"the database refused it: {error}")


def save(fields, source):
    article = find_existing(fields)
    warnings = list(fields.warnings)
    if article is None:
        article = Article(source=fields.source)
        status = "created"
    else:
        status = "updated"
        fields.url = fields.url or article.url  # a copy without its url does not erase it
    outlet, _ = Outlet.objects.get_or_create(name=fields.outlet)
    values = dict(
        outlet_id=outlet.pk, headline=fields.headline, subtitle=fields.subtitle,
        authors=fields.authors, published=fields.published,
        published_precision=fields.precision, published_note=fields.published_note,
        url=fields.url, body=fields.body,
    )
    if fields.language:      # else kept as it is, or detected for a new article
        values["language"] = fields.language
    if status == "updated" and all(getattr(article, k) == v for k, v in values.items()):
        return Outcome(source, "unchanged", article_id=article.pk, warnings=warnings, notes=fields.notes)
    for name, value in values.items():
        setattr(article, name, value)
    article.save()
    if getattr(article, "detached_commentary", 0):
        warnings.append(f"{article.detached_commentary} comment(s) moved to the article "
                        "because their paragraph was removed")
    return Outcome(source, status, article_id=article.pk, warnings=warnings, notes=fields.notes)


def import_paths(paths, defaults=None, encoding=None, on_outcome=None):
    """Import everything under these paths; calls on_outcome(outcome) after each article.

    Bulk callers wrap this in search.deferred_indexing(), so that the index is updated once
    at the end rather than after each article's commit (as the import command does).
    """
    summary = Summary()
    for item in records(paths, defaults or Defaults(), encoding):
        outcome = item if isinstance(item, Outcome) else import_record(item)
        summary.add(outcome)
        if on_outcome:
            on_outcome(outcome)
    return summary
