"""Backup and restore: a round trip loses nothing, commentary (private too) included; a
backup is readable by the archive's user alone; a restore works into a new, empty database."""
import os
import re
import stat
import subprocess
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from archive.models import Article, Chunk, Commentary, Outlet
from tests.databases import drop_postgres_database, fresh_postgres_database

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


# ---- the README's commands, as written, into a new server's empty database

ROOT = Path(__file__).resolve().parent.parent
NEW_SERVER_KEY = "restore-test-secret-" + "r" * 40


def readme_backup_blocks():
    """The shell blocks of the README's "Backups" section: back up, then restore."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n### Backups\n", 1)[1].split("\n### ", 1)[0]
    return [textwrap.dedent(block) for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def run_as_written(block, backups, env_file):
    """Run a README block in the project folder, its example paths (the backup folder,
    the environment file) put where this test keeps them; nothing else changed."""
    block = re.sub(r"/var/backups/archive/(?:\$\([^)]*\)|\S+)", str(backups), block)
    block = block.replace("/etc/archive.env", str(env_file))
    if not (ROOT / ".venv" / "bin" / "python").exists():    # pytest run from elsewhere
        block = block.replace(".venv/bin/python", sys.executable)
    env = {k: v for k, v in os.environ.items()     # the shell's own, not the test settings'
           if not k.startswith(("DJANGO_", "DATABASE_URL", "DATA_DIR", "SECRET_KEY",
                                "SEARCH_INDEX_DIR", "SECURE_", "AXES_"))}
    done = subprocess.run(["sh", "-ec", block], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, f"{block}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def server_env_file(path, data_dir, database_url=""):
    """/etc/archive.env of a server, as "Deploying" step 2 writes it."""
    lines = [f"SECRET_KEY={NEW_SERVER_KEY}", "ALLOWED_HOSTS=archive.example.org",
             f"DATA_DIR={data_dir}", "ADMIN_URL=office-7f3a/"]
    path.write_text("\n".join(lines + ([f"DATABASE_URL={database_url}"] if database_url else []))
                    + "\n")
    return path


def this_database_url():
    """This test's own database, for commands run in another process (PostgreSQL)."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def new_database():
    """A new, empty database for the new server: a PostgreSQL database beside this one,
    or no URL (SQLite: a new file in the server's data folder)."""
    if connection.vendor != "postgresql":
        yield ""
        return
    url = fresh_postgres_database(this_database_url(), purpose="restore")
    yield url
    drop_postgres_database(url)


def test_the_readmes_commands_restore_a_backup_into_a_new_empty_database(tmp_path, new_database):
    make_archive()
    backup_block, restore_block = readme_backup_blocks()
    backups = tmp_path / "backups" / "2026-11-22"
    if connection.vendor == "postgresql":      # the old server's backup, as written
        old_env = server_env_file(tmp_path / "old.env", tmp_path / "old", this_database_url())
        run_as_written(backup_block, backups, old_env)
    else:       # the tests' SQLite database lives in this process's memory alone
        call_command("backup_archive", backups)
    new_env = server_env_file(tmp_path / "new.env", tmp_path / "new", new_database)
    output = run_as_written(restore_block, backups, new_env)
    assert "Restored the" in output and "Indexed 3 paragraphs" in output
    check = run_as_written("set -a; . /etc/archive.env; set +a\n"
                           ".venv/bin/python manage.py sync_index --check\n"
                           f".venv/bin/python manage.py shell -c '{RESTORED}'\n",
                           backups, new_env)
    assert "The index matches the database." in check
    archivist = User.objects.get(username="archivist")
    assert check.splitlines()[-1] == repr(
        (sorted(Article.objects.values_list("headline", flat=True)), 1, archivist.password,
         True))


# What the new server holds: headlines, private notes, the archivist's password hash, and
# the table of the account pages' rate limits (made by migrate: saved.0003).
RESTORED = ("from archive.models import Article, Commentary; "
            "from django.contrib.auth.models import User; "
            "from django.db import connection; "
            "print(repr((sorted(Article.objects.values_list(\"headline\", flat=True)), "
            "Commentary.objects.filter(private=True).count(), "
            "User.objects.get(username=\"archivist\").password, "
            "\"archive_limits\" in connection.introspection.table_names())))")
