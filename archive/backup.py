"""Backing up and restoring the archive's database. The search index is not backed up: it is
always rebuilt from the database (`manage.py rebuild_index`), so a restore ends with a rebuild.

Two formats, one folder per backup:
  db.sqlite3   SQLite's online backup API (sqlite3.Connection.backup): a consistent copy
               taken while the site keeps running, restored the same way. SQLite only.
  data.json.gz Django's dumpdata with natural keys: portable between SQLite and PostgreSQL
               (and the only built-in path for PostgreSQL; pg_dump is the faster one there).
Beside it, manifest.json records when, from what, and how many rows of each kind, so a
restore can prove it brought everything back.

A backup holds password hashes and private commentary: its folder is made readable by
the archive's user alone (0700) and each file is created so (0600), never readable by
others even for a moment.

A restore works into the same database or a new, empty one: it creates the tables first
(`migrate`). It then tells the search indexes that the database was replaced (a new epoch
of the index change log, search.database_replaced), so every host's index rebuilds
itself rather than apply the new log's rows from a position reached in the old one.
"""
import gzip
import json
import os
import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from search import database_replaced

SQLITE_FILE = "db.sqlite3"
JSON_FILE = "data.json.gz"
MANIFEST_FILE = "manifest.json"
# Rows that are derived, rebuilt or disposable: not worth carrying to another database.
DUMP_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "search.indexchange", "search.indexreplica", "search.changelogpruned", "axes"]
PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600
COUNTED_MODELS = ["archive.Outlet", "archive.Article", "archive.Chunk", "archive.Commentary",
                  "auth.User", "auth.Group"]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for people."""


@dataclass
class Manifest:
    format: str
    created: str
    engine: str
    counts: dict[str, int] = field(default_factory=dict)


def row_counts():
    return {label: apps.get_model(label).objects.count() for label in COUNTED_MODELS}


def backup(folder: Path, portable: bool = False) -> Manifest:
    """Write a backup into `folder`; the manifest's counts are read back from the copy itself."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(PRIVATE_FOLDER)
    if connection.vendor == "sqlite" and not portable:
        fmt, counts = "sqlite", _sqlite_backup(private_file(folder / SQLITE_FILE))
    else:
        fmt, counts = "json", _json_backup(private_file(folder / JSON_FILE))
    manifest = Manifest(format=fmt, created=timezone.now().isoformat(),
                        engine=connection.vendor, counts=counts)
    private_file(folder / MANIFEST_FILE).write_text(json.dumps(asdict(manifest), indent=2) + "\n")
    return manifest


def private_file(path: Path) -> Path:
    """Create `path` empty, readable and writable by this user alone, and return it: the
    writers that follow (SQLite, dumpdata) open it as it is, keeping its mode."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    return path


def _sqlite_backup(target: Path) -> dict[str, int]:
    # Not inside a transaction: SQLite's backup from a connection holding a write lock
    # never finishes. The backup API copies a consistent snapshot on its own.
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        return {label: destination.execute(
                    f'SELECT COUNT(*) FROM "{apps.get_model(label)._meta.db_table}"').fetchone()[0]
                for label in COUNTED_MODELS}
    finally:
        destination.close()


def _json_backup(target: Path) -> dict[str, int]:
    call_command("dumpdata", natural_foreign=True, exclude=DUMP_EXCLUDES,
                 output=str(target), verbosity=0)
    with gzip.open(target, "rt", encoding="utf-8") as dump:
        found = Counter(row["model"] for row in json.load(dump))
    return {label: found[label.lower()] for label in COUNTED_MODELS}


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST_FILE
    if not path.is_file():
        raise BackupError(f"{folder} is not a backup folder: it has no {MANIFEST_FILE}.")
    try:
        return Manifest(**json.loads(path.read_text()))
    except (ValueError, TypeError) as error:
        raise BackupError(f"{path} is damaged: {error}") from error


def restore(folder: Path) -> Manifest:
    """Replace the whole database with the backup in `folder`; checks the row counts after."""
    manifest = read_manifest(folder)
    if manifest.format == "sqlite":
        _sqlite_restore(folder / SQLITE_FILE)
        call_command("migrate", interactive=False, verbosity=0)  # a backup from an older release
        database_replaced()
    else:
        # A new, empty database has no tables to load into: create them first.
        call_command("migrate", interactive=False, verbosity=0)
        _json_restore(folder / JSON_FILE)
    # The database cache's tables (the rate limits') are not in a backup from a database
    # whose settings kept them elsewhere: made here when these settings want them.
    call_command("createcachetable", verbosity=0)
    found = row_counts()
    if found != manifest.counts:
        raise BackupError(f"restored rows differ from the backup's manifest: expected "
                          f"{manifest.counts}, found {found}")
    return manifest


def _sqlite_restore(source_path: Path):
    if connection.vendor != "sqlite":
        raise BackupError("this backup is a SQLite file and the database is "
                          f"{connection.vendor}: make a portable backup (--portable) instead.")
    if not source_path.is_file():
        raise BackupError(f"{source_path} is missing.")
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        try:
            (verdict,) = source.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{source_path} is not a readable SQLite database: {error}") from error
        if verdict != "ok":
            raise BackupError(f"{source_path} fails SQLite's integrity check: {verdict}")
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def _json_restore(dump_path: Path):
    if not dump_path.is_file():
        raise BackupError(f"{dump_path} is missing.")
    # One transaction: a dump that fails to load leaves the database as it was.
    with transaction.atomic():
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(dump_path), verbosity=0)
        database_replaced()
