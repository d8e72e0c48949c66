"""Production security: deploy checks, headers, HTTPS, the admin's door and login throttling."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
# Variables the test settings set for plain-http runs; a production process must not inherit them.
TEST_ONLY_ENV = ("SECURE_SSL_REDIRECT", "AXES_ENABLED", "DEBUG", "SECURE_COOKIES", "ADMIN_URL",
                 "SECURE_HSTS_SECONDS", "DJANGO_SETTINGS_MODULE",
                 # set by the browser tests for Playwright in the same pytest process
                 "DJANGO_ALLOW_ASYNC_UNSAFE")


def production_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_ENV}
    env.update(SECRET_KEY="k" * 20 + "-realistic-production-secret-" + "z" * 20,
               DATA_DIR=str(tmp_path), ALLOWED_HOSTS="archive.example.org",
               DJANGO_SETTINGS_MODULE="archive.settings", DEBUG="false", **extra)
    return env


def run_python(code, env):
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_it_passes_the_deploy_checks_with_debug_off(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT, env=production_env(tmp_path, ADMIN_URL="office-7f3a/"),
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_it_moves_the_admin_to_ADMIN_URL(tmp_path):
    code = ("import django; django.setup(); from django.urls import reverse; "
            "print(reverse('admin:index'))")
    result = run_python(code, production_env(tmp_path, ADMIN_URL="office-7f3a/"))
    assert result.stdout.strip() == "/office-7f3a/", result.stderr


@pytest.mark.parametrize("bad", ["admin", "/admin/", "/"])
def test_it_refuses_to_start_with_a_malformed_ADMIN_URL(tmp_path, bad):
    result = run_python("import django; django.setup()", production_env(tmp_path, ADMIN_URL=bad))
    assert result.returncode != 0
    assert "ADMIN_URL must be a path like" in result.stderr


def test_it_sends_the_protective_headers(client, db):
    response = client.get(reverse("admin:login"))
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_it_redirects_plain_http_to_https(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31_536_000,
                   SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_it_trusts_the_proxy_header_and_sends_hsts_over_https(client, db):
    response = client.get(reverse("admin:login"), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_it_keeps_non_staff_out_of_the_admin(client, db):
    User.objects.create_user("reader", password="a-long-reader-password")
    client.post(reverse("admin:login"), {"username": "reader", "password": "a-long-reader-password"})
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.headers["Location"]


def test_it_lets_staff_into_the_admin(client, db):
    User.objects.create_user("archivist", password="a-long-staff-password", is_staff=True)
    client.post(reverse("admin:login"), {"username": "archivist", "password": "a-long-staff-password"})
    assert client.get(reverse("admin:index")).status_code == 200


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_it_locks_out_repeated_failed_logins_even_with_the_right_password(client, db):
    User.objects.create_user("archivist", password="a-long-staff-password", is_staff=True)
    for _ in range(3):
        client.post(reverse("admin:login"), {"username": "archivist", "password": "wrong"})
    response = client.post(reverse("admin:login"),
                           {"username": "archivist", "password": "a-long-staff-password"})
    assert response.status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_it_does_not_lock_out_another_address(client, db):
    User.objects.create_user("archivist", password="a-long-staff-password", is_staff=True)
    for _ in range(3):
        client.post(reverse("admin:login"), {"username": "archivist", "password": "wrong"},
                    REMOTE_ADDR="203.0.113.9")
    client.post(reverse("admin:login"), {"username": "archivist", "password": "a-long-staff-password"},
                REMOTE_ADDR="198.51.100.7")
    assert client.get(reverse("admin:index")).status_code == 200


PUBLIC_SURFACES = ["/", "/?q={q}", "/api/search?q={q}", "/api/search?q={q}&group=paragraph",
                   "/search/export.csv?q={q}", "/search/export.json?q={q}",
                   "/search/feed.atom?q={q}", "/search/feed.atom", "/articles/{id}/"]


def test_it_never_shows_private_commentary_in_public(client, db):
    from tests.search_archive import article, comment, index

    piece = article("Drones over Kursk", "Drones struck a depot near Kursk overnight.",
                    "A second paragraph on the damage.")
    comment(piece, "Public reading: drones again.", paragraph=0)
    comment(piece, "Privatenote zebrafish: the source is doubtful.", paragraph=0, private=True)
    comment(piece, "Privatenote zebrafish on the whole article.", private=True)
    index()

    for query in ("drones", "zebrafish", "privatenote", "doubtful"):
        for pattern in PUBLIC_SURFACES:
            url = pattern.format(q=query, id=piece.pk)
            response = client.get(url)
            assert response.status_code == 200, url
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert b"the source is doubtful" not in body, url
            assert b"zebrafish on the whole article" not in body, url
    assert client.get("/api/search?q=zebrafish").json()["total_articles"] == 0
    assert b"Public reading" in client.get(piece.get_absolute_url()).content  # the control


@pytest.mark.parametrize("weak", ["x" * 32 + "abcdefgh", " " * 40, "ab" * 30, "", " " + "k" * 60])
def test_it_refuses_a_secret_key_that_breaks_the_rule_it_states(tmp_path, weak):
    env = production_env(tmp_path)
    env["SECRET_KEY"] = weak
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "at least 50 characters, 5 of them different, with no spaces at either end" in result.stderr


def test_it_accepts_a_secret_key_that_keeps_the_rule(tmp_path):
    env = production_env(tmp_path)
    env["SECRET_KEY"] = "Ab3-" + "k" * 46
    result = run_python("import django; django.setup()", env)
    assert result.returncode == 0, result.stderr


def test_it_logs_a_bad_host_header_in_one_line(client, db, caplog):
    import logging

    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(records) == 1
    line = logging.Formatter().format(records[0])
    assert "attacker.example" in line and "\n" not in line
