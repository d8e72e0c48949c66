"""What every reader shares: the Record it yields, the failed Outcome, and reading bytes as text."""
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from archive.cleaning import strip_controls

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
    subtitle: str = ""  # a subtitle or lead: for a headline-only record, its only text
    authors: str = ""
    outlet: str = ""
    published: str = ""
    precision: str = ""
    published_note: str = ""
    url: str = ""
    language: str = ""        # ISO 639-1 code; empty: detected from the text
    whole_file: bool = False  # the file holds this one article (so the file names it)
    structured: bool = False  # the text came from an extractor, paragraphs already found
    broken: str = ""          # why the capture it came from is incomplete (never replaces a whole copy)
    file: str = ""            # the file it was read from (two texts under one url in a file: two articles)


@dataclass
class Outcome:
    source: str
    status: str  # "created", "updated", "repeated", "unchanged" or "failed"
    message: str = ""
    article_id: int = None
    warnings: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # what an update changed, e.g. "headline: ..."
    outlet_from: str = ""  # "domain" or "unknown" when the record named no outlet
    headline_only: bool = False


# (folder, label): files under the folder are named "label/file" (an upload's temporary
# folder means nothing to the archivist, and would be stored as the articles' source).
_NAMED_FOLDER = ContextVar("named_folder", default=None)


@contextmanager
def named_folder(folder, label):
    token = _NAMED_FOLDER.set((Path(folder).resolve(), label))
    try:
        yield
    finally:
        _NAMED_FOLDER.reset(token)


def source_name(path):
    """The path as the user knows it: relative to the working folder when inside it."""
    named = _NAMED_FOLDER.get()
    if named and Path(path).resolve().is_relative_to(named[0]):
        return f"{named[1]}/{Path(path).resolve().relative_to(named[0])}"
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


def read_bytes(path, limit=MAX_FILE_BYTES):
    """A file's bytes; BadInput when it is missing, unreadable, too large or empty."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise BadInput(f"{size:,} bytes is too large for one article (limit {limit:,})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadInput("no such file or folder") from None
    except OSError as error:
        raise BadInput(f"cannot be read: {error.strerror}") from None
    if not data.strip():
        raise BadInput("empty file")
    return data


def text_value(value, name):
    """A metadata value as one line of text: None is empty, a list of names is joined;
    control characters go (the admin form refuses them, so a stored one could never be
    edited)."""
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = join_names([v.strip() for v in value if v.strip()])
    if not isinstance(value, str):
        raise BadInput(f"{name} must be text, not {type(value).__name__}")
    return " ".join(strip_controls(valid_unicode(value, name)).split())


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
