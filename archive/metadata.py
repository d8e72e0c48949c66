"""From a Record to the Fields of an article: cleaned text, headline, outlet, date, url.

Nothing here rejects a record that has a headline or a text: a bad url is dropped (or,
missing only its scheme, repaired), a date that cannot be read leaves the date unknown, an
over-long value is shortened, a missing outlet is found from the url; each of these says so
in a warning naming the record. A record is refused only when it has no text at all.
"""
import datetime
import email.utils
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from .cleaning import CleaningError, clean, strip_controls
from .formats.common import BadInput
from .headlines import clean_headline, fallback_headline, shorten
from .models import Article, Outlet
from .outlets import domain_of, fallback_outlet, outlet_name

PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?)?)?$")
DATELINE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%Y-%m-%d")
SCHEMELESS = re.compile(r"^(?://)?(?:www\d?\.)?[\w-]+(?:\.[\w-]+)+(?::\d+)?(?:[/?#]|$)")
UNKNOWN = Article.Precision.UNKNOWN


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
    language: str = ""        # ISO 639 code; empty: detected when the article is saved
    whole_file: bool = False
    headline_only: bool = False
    outlet_from: str = ""  # "domain" or "unknown" when the record named no outlet
    broken: str = ""       # why its capture is incomplete: it may not take paragraphs away
    file: str = ""         # the file it was read from
    warnings: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # what cleaning did, e.g. "dropped a footer"


LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def check_language(code):
    """An ISO 639 code as given ("uk", "RU" -> "ru"); empty to have it detected."""
    code = (code or "").strip().lower()
    if code and not LANGUAGE_CODE.match(code):
        raise BadInput(f"language “{code[:20]}” is not an ISO 639-1 code such as en, uk or ru")
    return code


# Dates ----------------------------------------------------------------------------------

def parse_published(value, precision=""):
    """"YYYY-MM-DD", "YYYY-MM" or "YYYY" (a datetime's date part too) -> (date, precision);
    no value is (None, "unknown")."""
    if not value:
        return None, UNKNOWN
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
    """A date written out ("17 September 2025", "Tue, 14 Aug 2024 10:00:00 GMT", "2024-08")
    -> (date, precision), or None."""
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
    try:
        return email.utils.parsedate_to_datetime(text).date(), Article.Precision.DAY
    except (TypeError, ValueError, IndexError):
        return None


def find_date(record, cleaned_dateline, warnings):
    """(date, precision, note): the record's date, else a date line in the text, else unknown."""
    note = record.published_note
    try:
        published, precision = parse_published(record.published, record.precision)
    except BadInput as error:
        written = parse_dateline(record.published)
        if written is None:
            warnings.append(f"{error}: the date is left unknown")
        published, precision = written or (None, UNKNOWN)
    if published is None and cleaned_dateline and parse_dateline(cleaned_dateline):
        published, precision = parse_dateline(cleaned_dateline)
        note = note or f"from the date line in the text ({cleaned_dateline})"
    return published, (precision if published else UNKNOWN), note


# Urls and lengths ---------------------------------------------------------------------

def check_url(url, warnings):
    """The url if it is a valid http(s) one, repaired when it only lacks its scheme; else ""
    with a warning (the article is kept, without it)."""
    if not url:
        return ""
    if SCHEMELESS.match(url) and not urlsplit(url).scheme:
        repaired = "https://" + url.lstrip("/")
        warnings.append(f"url {url[:80]!r} had no scheme: stored as {repaired[:88]!r}")
        url = repaired
    scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    if scheme not in ("http", "https"):
        warnings.append(f"url {url[:80]!r} dropped: only http and https urls are stored")
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        warnings.append(f"url {url[:80]!r} dropped: not a valid web address")
        return ""
    if len(url) > Article._meta.get_field("url").max_length:
        warnings.append(f"url of {len(url):,} characters dropped (limit 1,000)")
        return ""
    return url


def fit(model, name, value, warnings):
    """The value, shortened (and said so) when it is longer than its column."""
    limit = model._meta.get_field(name).max_length
    if len(value) <= limit:
        return value
    warnings.append(f"{name} of {len(value):,} characters shortened to {limit}")
    return shorten(value, limit - 1)


# The whole record -----------------------------------------------------------------------

def clean_text(record):
    """The Cleaned text, or None for a headline-only record (no text, or none left)."""
    if not record.text.strip():
        return None
    try:
        return clean(record.text, headline_hint=record.headline)
    except CleaningError as error:
        if record.headline and "no article text left" in str(error):
            return None
        raise BadInput(str(error)) from None


def choose_outlet(record, cleaned, url):
    """(outlet, how it was chosen): as named, else the url's domain, else the unknown outlet."""
    named = outlet_name(record.outlet or (cleaned.outlet if cleaned else ""))
    return (named, "") if named else fallback_outlet(url)


def choose_headline(record, cleaned, body, outlet, url, warnings):
    given = strip_controls(record.headline or (cleaned.headline if cleaned else ""))
    headline = clean_headline(given, [outlet, domain_of(url)])
    if headline:
        return headline
    if given.strip():
        warnings.append(f"headline {shorten(' '.join(given.split()), 60)!r} is only a dateline, "
                        "a label or a call to subscribe: using the text's first sentence")
    else:
        warnings.append("no headline given or found: using the text's first sentence")
    return fallback_headline(body, outlet) or shorten(" ".join(body.split()))


def prepare(record):
    """Clean a record into Fields; raises BadInput only when there is nothing to keep."""
    warnings = []
    cleaned = clean_text(record)
    url = check_url(record.url or (cleaned.url if cleaned else ""), warnings)
    outlet, outlet_from = choose_outlet(record, cleaned, url)
    headline_only = cleaned is None
    if headline_only:
        lead = " ".join(strip_controls(record.subtitle).split())
        body = "\n\n".join(filter(None, [" ".join(strip_controls(record.headline).split()), lead]))
        if not body:
            raise BadInput("no text at all: neither a headline nor a body")
    else:
        body = cleaned.body
    headline = choose_headline(record, cleaned, body, outlet, url, warnings)
    published, precision, note = find_date(record, cleaned.dateline if cleaned else "", warnings)
    return Fields(
        outlet=fit(Outlet, "name", outlet, warnings), outlet_from=outlet_from,
        headline=fit(Article, "headline", headline, warnings),
        subtitle=fit(Article, "subtitle", "" if headline_only else (record.subtitle or cleaned.subtitle), warnings),
        authors=fit(Article, "authors", record.authors or (cleaned.authors if cleaned else ""), warnings),
        published=published, precision=precision,
        published_note=fit(Article, "published_note", note, warnings), url=url,
        source=record.source[:Article._meta.get_field("source").max_length],
        body=body, language=check_language(record.language),
        whole_file=record.whole_file, headline_only=headline_only, broken=record.broken, file=record.file,
        warnings=warnings, notes=cleaned.notes if cleaned else ["headline only: no text given"],
    )
