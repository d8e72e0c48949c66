"""A read-only index folder or a full disk ends sync_index and rebuild_index with one
line naming the cause, not a traceback."""
import errno
from collections import namedtuple

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.index import disk
from search.management.commands import rebuild_index, sync_index
from tests.search_archive import article

pytestmark = pytest.mark.django_db
Usage = namedtuple("Usage", "total used free")


def failing(error):
    def fail(*args, **kwargs):
        raise error
    return fail


def test_it_names_a_read_only_index_folder(monkeypatch):
    article("Port", "A paragraph.")
    monkeypatch.setattr(sync_index, "drain",
                        failing(PermissionError(errno.EROFS, "Read-only file system", "write.lock")))
    with pytest.raises(CommandError, match="cannot be written \\(read-only file system"):
        call_command("sync_index")


def test_it_names_a_full_disk_whatever_whoosh_raised(monkeypatch):
    article("Port", "A paragraph.")
    monkeypatch.setattr(rebuild_index, "rebuild",
                        failing(FileNotFoundError(errno.ENOENT, "No such file", "x.seg")))
    monkeypatch.setattr(disk.shutil, "disk_usage", lambda path: Usage(10**9, 10**9, 4096))
    with pytest.raises(CommandError, match="is full: 4 KB free"):
        call_command("rebuild_index", "--no-progress")
