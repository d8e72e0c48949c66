"""Settings for the test suite: the real settings with test-only values.

Each test gets its own temporary database (pytest-django) and index folder
(the `index_dir` fixture in tests/conftest.py).
"""
import atexit
import os
import shutil
import tempfile
from pathlib import Path


def temporary_folder(prefix):
    """A folder removed when the process that made it exits: every test run (and every
    process that loads these settings on its own) makes one."""
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


os.environ.setdefault("SECRET_KEY", "test-secret-key-" + "x" * 40)
if "DATA_DIR" not in os.environ:     # processes the tests start inherit the parent's
    os.environ["DATA_DIR"] = temporary_folder("archive-test-data-")
# The test client speaks plain http, and Client.login() passes no request, which the
# login throttle needs: tests/test_security.py turns both back on where it tests them.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("AXES_ENABLED", "false")

from archive.settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests serve static files through the finders, not from a collected folder.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = Path(temporary_folder("archive-test-static-"))
# No background drains from the follower: a test drains when it means to
# (tests/test_index_follow.py turns it on where it tests it).
INDEX_FOLLOW_INTERVAL = 0
# Nor a background look at the followed sources from /healthz: its thread outlived the test
# that asked, and met the next test's database (SQLite: "database table is locked" at a
# teardown); tests/test_sources_politeness.py looks when it means to.
HEALTHZ_SOURCES_LOOK = 0
INDEX_NAME = "test-host"
# The rate limits count in a cache of their own: per test run, emptied before each test
# (tests/conftest.py); tests/test_account_limits.py counts through the database too.
CACHES = {**CACHES, "limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                               "LOCATION": "account-limits"}}
# One test client asks thousands of searches in a run (the hostile-parameter runs among
# them): the per-client allowances would refuse most of them. tests/test_admission.py sets
# them back where it tests them.
SEARCH_CLIENT_SECONDS = 1e9
EXPORTS_PER_CLIENT_HOUR = 10**9
SEARCH_LIGHT_SECONDS = 1e9
SEARCH_COSTLY_REST = 0
