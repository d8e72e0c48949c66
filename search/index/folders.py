"""Where the index lives on disk and which generation is live.

Layout of settings.SEARCH_INDEX_DIR (read at call time: tests change it per test):

    write.lock   the one writer lock (lock.py)
    current      the name of the live generation, e.g. "gen-3", switched by os.replace
    gen-3/       a complete Whoosh index

A rebuild writes gen-4/ beside gen-3/ while searches go on reading gen-3/, then
replaces `current` in one atomic step and removes the old folders.
"""
import os
import pickle
import re
import shutil
import struct
from pathlib import Path

from django.conf import settings
from whoosh import index as whoosh_index

from .errors import IndexUnavailable
from .schema import build_schema

SMALL = 1 << 16
GENERATION = re.compile(r"^gen-(\d+)$")
# What Whoosh raises on a missing or damaged table of contents or segment file.
UNREADABLE = (
    whoosh_index.IndexError, OSError, EOFError,
    pickle.UnpicklingError, struct.error, ValueError, KeyError, AttributeError,
)


def root():
    return Path(settings.SEARCH_INDEX_DIR)


def read_small(path):
    """The bytes of a small file (`current`, a cursor, a checksum record) in three system
    calls, where open().read() makes nine. Each call gives the GIL away, and under load a
    thread waits its turn for it again after every one: /healthz reads these files on
    every probe."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks = [os.read(fd, SMALL)]
        while len(chunks[-1]) == SMALL:         # a short read is the end of the file
            chunks.append(os.read(fd, SMALL))
        return b"".join(chunks)
    finally:
        os.close(fd)


def current_generation():
    """The live generation's folder name, or None when there is no index yet."""
    try:
        name = read_small(root() / "current").decode().strip()
    except FileNotFoundError:
        return None
    return name if GENERATION.match(name) else None


def live_dir():
    name = current_generation()
    return root() / name if name else None


def generation_names():
    if not root().is_dir():
        return []
    names = [p.name for p in root().iterdir() if p.is_dir() and GENERATION.match(p.name)]
    return sorted(names, key=lambda n: int(GENERATION.match(n).group(1)))


def new_generation():
    """Create and return an empty folder for the next generation, with an empty index."""
    root().mkdir(parents=True, exist_ok=True)
    names = generation_names()
    number = int(GENERATION.match(names[-1]).group(1)) + 1 if names else 1
    path = root() / f"gen-{number}"
    path.mkdir()
    whoosh_index.create_in(str(path), build_schema())
    return path


def switch_to(path):
    """Make `path` the live generation in one atomic step."""
    pointer = root() / "current"
    tmp = root() / "current.tmp"
    tmp.write_text(Path(path).name + "\n")
    os.replace(tmp, pointer)


def remove_other_generations():
    """Delete every generation folder but the live one (readers keep open files alive)."""
    live = current_generation()
    for name in generation_names():
        if name != live:
            shutil.rmtree(root() / name, ignore_errors=True)


def open_live_index():
    """The live Whoosh index, or IndexUnavailable saying what is wrong."""
    path = live_dir()
    if path is None or not path.is_dir():
        raise IndexUnavailable(f"There is no search index in {root()} yet.")
    try:
        ix = whoosh_index.open_dir(str(path))
    except UNREADABLE as error:
        raise IndexUnavailable(
            f"The search index in {path} cannot be read ({type(error).__name__}: {error})."
        ) from error
    return ix
