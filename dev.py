#!/usr/bin/env python3
"""Set up and run the archive with nothing but Python 3.11+ and git.

    python3 dev.py serve   # venv, dependencies, database, seed articles, index; then serve on :8000
    python3 dev.py serve 0.0.0.0:8080   # another address or port (or ADDRESS=... in the env)
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


def step(message, *args, env=None):
    """Say what is happening in one line, and run `args` quietly: their output is shown
    only when they fail (a newcomer's first screen is the steps and the address)."""
    print(message, flush=True)
    done = subprocess.run([str(a) for a in args], cwd=ROOT, env=env, capture_output=True,
                          text=True)
    if done.returncode != 0:
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        raise subprocess.CalledProcessError(done.returncode, args)


def ensure_venv(requirements):
    """Create .venv and install `requirements`, skipping pip when nothing changed."""
    if sys.version_info < (3, 11):
        sys.exit(f"The archive needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        step("Creating the Python environment in .venv/ ...", sys.executable, "-m", "venv", VENV)
    stamp = VENV / f".installed-{requirements}"
    wanted = requirements_digest(requirements)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    step(f"Installing the dependencies ({requirements}) ...", PYTHON, "-m", "pip", "install",
         "--quiet", "--disable-pip-version-check", "-r", ROOT / requirements)
    stamp.write_text(wanted)


def requirements_digest(requirements):
    digest = hashlib.sha256()
    for name in ("requirements.txt", requirements):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def manage(*args, env=None):
    run(PYTHON, ROOT / "manage.py", *args, env=env)


def serve(argv):
    """Set up, then run Django's development server (with its reloader) at ADDRESS, or
    at the address or port given first (`serve 8080`, `serve 0.0.0.0:8080`)."""
    ensure_venv("requirements.txt")
    env = dict(os.environ)
    # A laptop run: DEBUG on unless the environment or .env says otherwise.
    env.setdefault("DEBUG", "true")
    address = env.get("ADDRESS", "127.0.0.1:8000")
    if argv and not argv[0].startswith("-"):
        address, argv = argv[0], argv[1:]
    if address.isdigit():
        address = f"127.0.0.1:{address}"
    manage_py = (PYTHON, ROOT / "manage.py")
    step("Preparing the database ...", *manage_py, "migrate", "--no-input", env=env)
    if archive_is_empty(env):
        # Only into an empty archive: a re-import would overwrite edits made in the admin.
        step("Importing the five seed articles ...", *manage_py, "import_articles",
             ROOT / "fixtures" / "seeds", "--quiet", env=env)
    # The import indexes what it changed; rebuild only when the index is missing or drifted.
    check = subprocess.run([*map(str, manage_py), "sync_index", "--check"],
                           cwd=ROOT, env=env, capture_output=True)
    if check.returncode != 0:
        step("Building the search index ...", *manage_py, "rebuild_index", "--no-progress",
             env=env)
    print(f"\nThe archive is at http://{address}/ (stop it with Ctrl-C; an account for the "
          "admin: `python3 dev.py manage createsuperuser`)\n", flush=True)
    subprocess.run([str(PYTHON), str(ROOT / "manage.py"), "runserver", address, *argv],
                   cwd=ROOT, env=env, check=True)


def archive_is_empty(env):
    """Whether the archive has no article yet, asked without `manage.py shell` (whose
    banner and auto-imports would be printed)."""
    # Exit codes 10 and 11, so a crash (exit 1) is never read as an answer.
    probe = ("import django; django.setup(); from archive.models import Article; "
             "raise SystemExit(11 if Article.objects.exists() else 10)")
    result = subprocess.run([str(PYTHON), "-c", probe], cwd=ROOT, capture_output=True,
                            env={**env, "DJANGO_SETTINGS_MODULE": "archive.settings"})
    if result.returncode not in (10, 11):
        sys.stderr.write(result.stderr.decode())
        raise subprocess.CalledProcessError(result.returncode, "the empty-archive probe")
    return result.returncode == 10


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
