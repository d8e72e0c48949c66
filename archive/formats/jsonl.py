"""`.jsonl`: one article per line, a JSON object.

Fields: `title` (or `headline`), `body` (or `text`, `content`), `outlet`, `author` (or
`authors`: text or a list of names), `published`, `url`, and optionally `subtitle` (or
`lead`) and `published_note`; other fields are ignored. A line needs a title or a body: a
headline dataset has no bodies, and each of its headlines is an article.
"""
import json

from .common import MAX_FILE_BYTES, SNIFF_BYTES, BadInput, Outcome, Record, check_not_binary, \
    decode, source_name, text_value, valid_unicode, with_defaults

SUFFIX = ".jsonl"
# The first of these present is the field's value (datasets name them differently).
SYNONYMS = {
    "headline": ("title", "headline"), "text": ("body", "text", "content"),
    "subtitle": ("subtitle", "lead"), "authors": ("author", "authors"),
    "language": ("language", "lang"),
}


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


def parse_line(raw, encoding, first):
    """The JSON object of a line, None for a blank line; BadInput otherwise."""
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
    return data


def first_of(data, name):
    key = next((k for k in SYNONYMS.get(name, (name,)) if data.get(k) is not None), None)
    return (key, data[key]) if key else (SYNONYMS.get(name, (name,))[0], None)


def line_record(raw, where, encoding, first):
    data = parse_line(raw, encoding, first)
    if data is None:
        return None
    key, body = first_of(data, "text")
    if body is not None and not isinstance(body, str):
        raise BadInput(f"{key} must be text, not {type(body).__name__}")
    values = {name: text_value(first_of(data, name)[1], first_of(data, name)[0])
              for name in ("headline", "subtitle", "authors", "outlet", "published",
                           "published_note", "url", "language")}
    body = valid_unicode(body or "", key)
    if not body.strip() and not values["headline"]:
        known = ", ".join(k for names in SYNONYMS.values() for k in names[:2] if names[0] in ("title", "body"))
        raise BadInput(f"no text at all: neither a title nor a body ({known}); this line has "
                       f"{', '.join(list(data)[:8]) or 'no fields'}")
    return Record(source=where, text=body, **values)
