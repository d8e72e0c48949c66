"""One line saying why the index folder could not be written: a full disk, a read-only
file system or folder, or else the system's own words.

Whoosh reports a full disk in a rebuild's indexing processes as a FileNotFoundError in
the parent (the child's output never appeared) and a read-only folder as a traceback
from deep in its lock code, so the commands ask the disk itself what is wrong.
"""
import errno
import os
import shutil
from pathlib import Path

READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
FULL = {errno.ENOSPC, errno.EDQUOT}
NEARLY_FULL = 16 * 1024 * 1024     # bytes free below which "disk full" is the likely cause


def _existing(folder):
    folder = Path(folder)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def explain(error, folder):
    """Why `error` (an OSError) happened while writing the index in `folder`."""
    existing = _existing(folder)
    free = shutil.disk_usage(existing).free
    if error.errno in FULL or free < NEARLY_FULL:
        return full(folder, free) + " Free some space, then run the command again."
    if error.errno in READ_ONLY or not os.access(existing, os.W_OK):
        return read_only(folder)
    return f"Writing the search index in {folder} failed: {error.strerror or error}" + (
        f" ({error.filename})" if error.filename else "") + "."


def full(folder, free):
    return f"The disk holding the search index ({folder}) is full: {free // 1024} KB free."


def read_only(folder):
    return (f"The search index folder {folder} cannot be written (read-only file system "
            "or permissions): run the command as the user that owns it, or remount it "
            "read-write.")
