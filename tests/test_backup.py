"""Backup and restore: a round trip loses nothing, commentary (private too) included; a
backup is readable by the archive's user alone; a restore works into a new, empty database."""
import os
import stat
from datetime import date, datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from archive.models import Article, Chunk, Commentary, Outlet

pytestmark = pytest.mark.django_db(transaction=True)


def make_archive():
    archivist = User.objects.create_user("archivist", password="a-long-staff-password", is_staff=True)
    outlet = Outlet.objects.create(name="Kyiv Independent")
    article = Article.objects.create(
        outlet=outlet, headline="Drones strike «Kursk» depot", published=date(2024, 8, 10),
        body="## Overnight\n\nFirst paragraph about the drones.\n\nSecond — with ünïcode.",
    )
    Article.objects.create(outlet=outlet, headline="Undated piece", body="Only paragraph.")
    chunk = article.chunks.first()
    Commentary.objects.create(article=article, chunk=chunk, author=archivist, text="Public note.")
    Commentary.objects.create(article=article, author=archivist, text="Private doubt.", private=True)


def snapshot(to_millisecond=False):
    """Every row of every content model; the JSON dump keeps times to the millisecond."""
    def value(v):
        return v.replace(microsecond=v.microsecond // 1000 * 1000) if to_millisecond and \
            isinstance(v, datetime) else v
    models = (User, Outlet, Article, Chunk, Commentary)
    return {m.__name__: sorted((tuple(map(value, row)) for row in m.objects.values_list()), key=repr)
            for m in models}


def wipe():
    Commentary.objects.all().delete()
    Article.objects.all().delete()
    Outlet.objects.all().delete()
    User.objects.all().delete()


@pytest.mark.parametrize("portable", [False, True], ids=["native", "portable"])
def test_it_restores_exactly_what_was_backed_up(tmp_path, portable):
    make_archive()
    as_json = portable or connection.vendor != "sqlite"  # the only format off SQLite
    before = snapshot(to_millisecond=as_json)
    args = ["--portable"] if portable else []
    call_command("backup_archive", tmp_path / "backup", *args, stdout=None)

    wipe()
    Outlet.objects.create(name="Written after the backup")
    call_command("restore_archive", tmp_path / "backup", "--yes", "--no-rebuild")

    assert snapshot(to_millisecond=as_json) == before
    assert Commentary.objects.filter(private=True).count() == 1


def test_it_rebuilds_the_index_after_a_restore(tmp_path):
    make_archive()
    call_command("backup_archive", tmp_path / "backup")
    wipe()
    call_command("restore_archive", tmp_path / "backup", "--yes")
    call_command("sync_index", "--check")  # raises CommandError when the index disagrees


def test_it_refuses_to_back_up_into_a_folder_in_use(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "something").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup_archive", tmp_path / "old")


def test_it_refuses_a_folder_that_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="no manifest.json"):
        call_command("restore_archive", tmp_path, "--yes")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own backup format")
def test_it_refuses_a_damaged_sqlite_backup_and_keeps_the_database(tmp_path):
    make_archive()
    before = snapshot()
    call_command("backup_archive", tmp_path / "backup")
    (tmp_path / "backup" / "db.sqlite3").write_bytes(b"not a database at all" * 100)
    with pytest.raises(CommandError):
        call_command("restore_archive", tmp_path / "backup", "--yes", "--no-rebuild")
    assert snapshot() == before


@pytest.mark.parametrize("portable", [False, True], ids=["native", "portable"])
def test_a_backup_is_readable_by_the_archives_user_alone(tmp_path, portable):
    """It holds password hashes and private commentary: 0700 folder, 0600 files, whatever
    the umask of whoever runs it."""
    make_archive()
    before = os.umask(0)            # the loosest: files would be created 0666
    try:
        call_command("backup_archive", tmp_path / "backup", *(["--portable"] if portable else []))
    finally:
        os.umask(before)
    folder = tmp_path / "backup"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in folder.iterdir()}
    assert len(modes) == 2 and set(modes.values()) == {0o600}, modes
