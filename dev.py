#!/usr/bin/env python3
"""Set up and run the archive with nothing but Python 3.11+ and git.

    python3 dev.py serve   # venv, dependencies, database, seed articles, index; then serve on :8000
    python3 dev.py test    # venv, dependencies (with test tools); then the whole test suite,
                           # the load and fault run (gunicorn, a few minutes) included

Everything lands in `.venv/` and `data/` (both git-ignored). Extra arguments after `test`
go to pytest (e.g. `python3 dev.py test tests/test_cleaning.py -x`).
"""
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def run(*args, env=None):
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=True)


def ensure_venv(requirements):
    """Create .venv and install `requirements`, skipping pip when nothing changed."""
    if sys.version_info < (3, 11):
        sys.exit(f"The archive needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        run(sys.executable, "-m", "venv", VENV)
    stamp = VENV / f".installed-{requirements}"
    wanted = requirements_digest(requirements)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "-r", ROOT / requirements)
    stamp.write_text(wanted)


def requirements_digest(requirements):
    digest = hashlib.sha256()
    for name in ("requirements.txt", requirements):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def manage(*args, env=None):
    run(PYTHON, ROOT / "manage.py", *args, env=env)


def serve(argv):
    ensure_venv("requirements.txt")
    env = dict(os.environ)
    # A laptop run: DEBUG on unless the environment or .env says otherwise.
    env.setdefault("DEBUG", "true")
    manage("migrate", "--no-input", env=env)
    if archive_is_empty(env):
        # Only into an empty archive: a re-import would overwrite edits made in the admin.
        manage("import_articles", ROOT / "fixtures" / "seeds", "--quiet", env=env)
    # The import indexes what it changed; rebuild only when the index is missing or drifted.
    check = subprocess.run([str(PYTHON), str(ROOT / "manage.py"), "sync_index", "--check"],
                           cwd=ROOT, env=env, capture_output=True)
    if check.returncode != 0:
        manage("rebuild_index", "--no-progress", env=env)
    address = env.get("ADDRESS", "127.0.0.1:8000")
    print(f"\nThe archive is at http://{address}/ (admin: `python3 dev.py manage createsuperuser`)\n")
    manage("runserver", address, *argv, env=env)


def archive_is_empty(env):
    probe = "from archive.models import Article; raise SystemExit(int(Article.objects.exists()))"
    result = subprocess.run([str(PYTHON), str(ROOT / "manage.py"), "shell", "-c", probe],
                            cwd=ROOT, env=env)
    return result.returncode == 0


def find_chromium():
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def test(argv):
    ensure_venv("requirements-test.txt")
    chromium = find_chromium()
    if chromium:
        print(f"Browser tests will run in {chromium}.")
    else:
        print("No Chromium found (set CHROMIUM_PATH, or `apt-get install chromium`): "
              "the browser tests will be SKIPPED.")
    if argv:
        sys.exit(pytest(*argv))
    # The whole suite: everything, then the load and fault run (gunicorn with 4 workers),
    # which plain `pytest` leaves out because it takes minutes.
    code = pytest()
    sys.exit(code or pytest("-m", "load", "tests/load"))


def pytest(*args):
    return subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT).returncode


def manage_passthrough(argv):
    ensure_venv("requirements.txt")
    env = dict(os.environ)
    env.setdefault("DEBUG", "true")
    manage(*argv, env=env)


COMMANDS = {"serve": serve, "test": test, "manage": manage_passthrough}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    try:
        COMMANDS[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode)
    except KeyboardInterrupt:
        sys.exit(130)
