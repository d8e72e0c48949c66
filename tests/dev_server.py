"""`python3 dev.py serve` run as a newcomer runs it, for the tests that start it."""
import os
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def dev_server(data_dir, address):
    """Start `dev.py serve ADDRESS --noreload` on a fresh DATA_DIR; yields the lines it
    printed up to Django's "Quit the server", the server answering; ends it and the
    runserver it started."""
    env = {**os.environ, "DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # A newcomer's machine: SQLite in the data folder. (The PostgreSQL pass of CI sets
    # DATABASE_URL to a database that outlives the test; its articles would be "already there".)
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen([sys.executable, str(ROOT / "dev.py"), "serve", address,
                               "--noreload"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines = []
    try:
        for line in server.stdout:
            lines.append(line.rstrip("\n"))
            if "Quit the server" in line:
                break
        yield lines
    finally:
        os.killpg(server.pid, signal.SIGTERM)     # dev.py and the server it started
        server.wait(timeout=20)
