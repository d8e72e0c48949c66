"""How far in the change log one index generation is: kept in the generation's folder.

    gen-3/cursor.json   {"position": 120, "applied": [123], "waiting": [125, [81234]],
                         "epoch": "9f2c..."}

position  every visible log row with an id up to here is in this generation
applied   rows above `position` already applied (they committed before a lower id did)
waiting   a head read earlier that was not final: (its position, the transactions then in
          flight); once none of them is in progress, everything up to it is final
epoch     the log these positions count in (changelog.py); "" in an index built before
          epochs, which adopts the log's at its next drain

The file is replaced (atomically) only after the Whoosh commit that applied the rows, so a
process dying in between leaves the older cursor, and the next drain applies those rows
again; re-indexing an article from the database is idempotent.
"""
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .changelog import Head
from .errors import IndexUnavailable, Problem
from .folders import live_dir, read_small

FILE = "cursor.json"


@dataclass(frozen=True)
class Cursor:
    position: int = 0
    applied: frozenset = frozenset()
    waiting: Head | None = None
    epoch: str = ""

    def final_through(self, now):
        """The highest position up to which the log is final, seen from head `now`."""
        if now.final:
            return now.position
        if self.waiting is not None and not (self.waiting.in_flight & now.in_flight):
            return max(self.position, self.waiting.position)
        return self.position

    def after(self, now, taken, batch_end):
        """The cursor once the rows `taken` (ids) are applied; `batch_end` is the last id
        this batch covered (every visible row above the cursor and up to it was taken)."""
        final = self.final_through(now)
        position = max(self.position, min(final, batch_end))
        applied = frozenset(i for i in self.applied | set(taken) if i > position)
        if position >= now.position:
            waiting = None
        elif self.waiting is None or final >= self.waiting.position:
            waiting = now                 # the earlier head settled: watch this one
        else:
            waiting = self.waiting
        return replace(self, position=position, applied=applied, waiting=waiting)


def read_cursor(folder):
    """The cursor stored with a generation (position 0 when it has none); IndexUnavailable
    when the file is damaged."""
    path = Path(folder) / FILE
    try:
        data = json.loads(read_small(path))
        waiting = data.get("waiting")
        return Cursor(int(data["position"]), frozenset(data.get("applied", ())),
                      Head(waiting[0], frozenset(waiting[1])) if waiting else None,
                      str(data.get("epoch") or ""))
    except FileNotFoundError:
        return Cursor()
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise IndexUnavailable(f"The index's change log position in {path} cannot be read "
                               f"({type(error).__name__}).") from error


def live_position():
    """The live generation's log position (0 with no index; IndexUnavailable if damaged)."""
    folder = live_dir()
    return read_cursor(folder).position if folder else 0


def write_cursor(folder, cursor):
    """Store the cursor with its generation in one atomic step."""
    data = {"position": cursor.position, "applied": sorted(cursor.applied),
            "waiting": [cursor.waiting.position, sorted(cursor.waiting.in_flight)]
            if cursor.waiting else None, "epoch": cursor.epoch}
    tmp = Path(folder) / (FILE + ".tmp")
    tmp.write_text(json.dumps(data))
    os.replace(tmp, Path(folder) / FILE)


def outside_log(cursor, log):
    """Why this index's position does not count in the log as it is now (a Problem), or
    None. `log` is a changelog.LogState. Each cure is a build from the database: the rows
    this index lacks are gone from the log, or the database is another one (a restored
    backup: its log begins again at ids this index has passed, so following on from the
    position would skip every new change, and rows from the beginning would not undo
    what the index holds of the database it replaced)."""
    if cursor.position < log.horizon:
        return Problem("behind the change log's pruned part: it must be rebuilt",
                       f"the index is at log position {cursor.position}, but the log was "
                       f"pruned up to {log.horizon}")
    if cursor.epoch and cursor.epoch != log.epoch:
        return Problem("follows the change log of a replaced database: it must be rebuilt",
                       "the change log was begun anew (the database was replaced, as "
                       "restore_archive does) after this index was built")
    if cursor.position > log.end:
        return Problem("past the end of the change log (the database was replaced): "
                       "it must be rebuilt",
                       f"the index is at log position {cursor.position}, past the log's "
                       f"end ({log.end}): the database was replaced")
    return None
