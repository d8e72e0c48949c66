"""`python3 dev.py serve`: a newcomer's first screen says what happens and where the site is."""
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_it_says_the_steps_and_the_address_and_nothing_else_before_the_server(tmp_path):
    env = {**os.environ, "DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # A newcomer's machine: SQLite in the data folder. (The PostgreSQL pass of CI sets
    # DATABASE_URL to a database that outlives the test; its articles would be "already there".)
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen([sys.executable, str(ROOT / "dev.py"), "serve", "127.0.0.1:8719",
                               "--noreload"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines = []
    try:
        for line in server.stdout:
            lines.append(line.rstrip("\n"))
            if "Quit the server" in line:
                break
    finally:
        os.killpg(server.pid, signal.SIGTERM)     # dev.py and the server it started
        server.wait(timeout=20)
    before_django = lines[:lines.index("Performing system checks...")]
    # (a first run, or one after requirements.txt changed, installs them first, and says so)
    steps = [line for line in before_django if line and not line.startswith("Installing the dependencies")]
    assert steps == [
        "Preparing the database ...",
        "Importing the five seed articles ...",
        "The archive is at http://127.0.0.1:8719/ (stop it with Ctrl-C; an account for the "
        "admin: `python3 dev.py manage createsuperuser`)",
    ]
    assert not any("imported automatically" in line for line in lines)
