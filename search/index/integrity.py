"""Damage to an index generation's files, found before a search trips on it.

Whoosh notices a damaged segment only when a search reads the damaged block (a
`zlib.error` deep in a posting list), and a deleted segment only when a new reader
opens: one worker keeps serving while the next fails. So each commit records the size
and hash of every file of the generation (CHECKSUMS, written by `record()` from the
drain and the rebuild, holding the writer lock), and

    verify(folder)          sizes and hashes against the record: what `sync_index --check`
                            and /healthz report (hashes are remembered per file name,
                            size and mtime, so a process hashes each new file once)
    mark_damaged(folder)    what a search that hit a read error leaves behind (DAMAGED),
                            so every worker's /healthz says 503 alike until a rebuild,
                            which writes a new generation.

The cure for either is `manage.py rebuild_index` (the database holds everything).
"""
import hashlib
import json
import os
from pathlib import Path

from .folders import read_small
from .memo import PROCESS

CHECKSUMS = "checksums.json"
DAMAGED = "DAMAGED"
REPAIR = "python manage.py rebuild_index"
# Not Whoosh's files: this module's own, and the change-log cursor (cursor.py), which is
# rewritten after every drain without a new Whoosh commit.
NOT_CONTENT = {CHECKSUMS, DAMAGED, CHECKSUMS + ".tmp", "cursor.json", "cursor.json.tmp"}

HASHES, HASHES_KEPT = "file hashes", 20_000     # (path, size, mtime_ns) -> sha256


def _is_content(name):
    return name not in NOT_CONTENT and not name.endswith("WRITELOCK")


def file_hash(path, stat=None):
    stat = stat or path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    return PROCESS.memo(HASHES, HASHES_KEPT).get_or_make(key, lambda: _sha256(path))


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def latest_toc(folder):
    """The name of the generation's newest Whoosh table of contents (what readers open)."""
    tocs = [p.name for p in Path(folder).glob("_MAIN_*.toc")]
    return max(tocs, key=lambda n: int(n[len("_MAIN_"):-len(".toc")]), default=None)


def record(folder):
    """Write the sizes and hashes of the generation's files, after a commit. A file the
    previous record lists with the same size keeps its recorded hash: Whoosh never
    rewrites a file, so only the commit's new files are read (hashing every file cost a
    drain half a second at a million paragraphs), and a file damaged since the last
    record stays damaged in the new one rather than being blessed."""
    folder = Path(folder)
    before = _recorded_files(folder)
    files = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and _is_content(path.name):
            size = path.stat().st_size
            known = before.get(path.name)
            files[path.name] = known if known and known[0] == size else [size, file_hash(path)]
    tmp = folder / (CHECKSUMS + ".tmp")
    tmp.write_text(json.dumps({"toc": latest_toc(folder), "files": files}, indent=1))
    os.replace(tmp, folder / CHECKSUMS)


def _recorded_files(folder):
    """{name: [size, hash]} of the folder's last record ({} when there is none or it is
    unreadable: then every file is hashed afresh)."""
    try:
        files = json.loads(read_small(folder / CHECKSUMS)).get("files")
    except (OSError, ValueError, AttributeError):
        return {}
    if not isinstance(files, dict):
        return {}
    return {name: entry for name, entry in files.items()
            if isinstance(entry, list) and len(entry) == 2}


def verify(folder, hashes=True):
    """What is wrong with the generation's files, as sentences ([] when nothing is)."""
    folder = Path(folder)
    marked = folder / DAMAGED
    if marked.exists():
        return [f"a search could not read the index: {marked.read_text().strip()}"]
    try:
        recorded = json.loads(read_small(folder / CHECKSUMS))
    except FileNotFoundError:
        return []              # written before checksums were recorded: nothing to compare
    except ValueError:         # not JSON, not even text: the record itself is damaged
        return [f"{CHECKSUMS} is damaged (unreadable)"]
    if not isinstance(recorded, dict):
        return [f"{CHECKSUMS} is damaged (not a record of files)"]
    if recorded.get("toc") != latest_toc(folder):
        return []              # a commit is between its Whoosh files and its record
    problems = []
    for name, (size, digest) in recorded["files"].items():
        path = folder / name
        try:
            stat = path.stat()
        except FileNotFoundError:
            problems.append(f"{name} is missing")
            continue
        if stat.st_size != size:
            problems.append(f"{name} has {stat.st_size} bytes, not {size}")
        elif hashes and file_hash(path, stat) != digest:
            problems.append(f"{name} is damaged (its checksum differs)")
    return problems


def confirm_damage(folder, error):
    """After a read error: when the generation's files differ from their record, leave
    word (DAMAGED) for every process's /healthz and sync_index --check. A read error
    whose files check out (a generation removed under a late reader) leaves nothing."""
    problems = verify(folder) if Path(folder).is_dir() else []
    if problems:
        mark_damaged(folder, f"{type(error).__name__}: {error}; " + "; ".join(problems))
    return problems


def mark_damaged(folder, reason):
    """Leave word that a search hit a read error here, for every process's /healthz."""
    try:
        (Path(folder) / DAMAGED).write_text(reason + "\n")
    except OSError:
        pass       # a read-only or full disk: the error itself still answers 503
