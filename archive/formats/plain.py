"""`.txt`, `.md`, `.markdown`: one article per file, its metadata in a manifest.json beside it.

The manifest maps file names to objects of MANIFEST_FIELDS (see fixtures/seeds/manifest.json);
what it leaves empty comes from the command's options, then from the text itself.
"""
import json

from .common import BadInput, Record, check_not_binary, decode, read_bytes, source_name, \
    text_value, with_defaults

SUFFIXES = {".txt", ".md", ".markdown"}
MANIFEST = "manifest.json"
MANIFEST_FIELDS = {
    "outlet", "headline", "subtitle", "authors", "published", "precision", "published_note",
    "url", "origin",
}


def read_plain(path, encoding=None):
    data = read_bytes(path)
    check_not_binary(data[:8192])
    text = decode(data, encoding)
    if not text.strip():
        raise BadInput("empty file")
    return text


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
