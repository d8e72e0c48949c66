"""The project's nginx.conf, run by a real nginx in front of a test gunicorn.

Only what must differ on a test machine is replaced: the addresses and ports, the
certificate (a self-signed one made here), the log paths and the admin's path; each
replacement must find its text, so a change to nginx.conf that the tests no longer follow
fails loudly. Tests that need it skip when nginx or openssl is not installed
(`.ci/run` installs both), as the browser tests skip without Chromium.

Clients connect from addresses of their own in 127.0.0.0/8 (all of it is this machine's
loopback), so nginx sees as many clients as the test means, as it would on the internet.
"""
import http.client
import http.cookiejar
import os
import shutil
import socket
import ssl
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .conftest import ADMIN_URL, ROOT, Site, free_port

HOST = "archive.example.org"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(p)), None)
OPENSSL = shutil.which("openssl")

# The production settings the README's env file gives, for a site behind this proxy.
BEHIND_PROXY_ENV = dict(
    ALLOWED_HOSTS=f"{HOST},127.0.0.1,localhost", CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
    SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto", PROXY_COUNT="1",
    SECURE_SSL_REDIRECT="true", SECURE_COOKIES="true", SECURE_HSTS_SECONDS="3600",
)

WRAPPER = """{user}
worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {folder}/tmp-body;
    proxy_temp_path {folder}/tmp-proxy;
    fastcgi_temp_path {folder}/tmp-fastcgi;
    uwsgi_temp_path {folder}/tmp-uwsgi;
    scgi_temp_path {folder}/tmp-scgi;
{site}
}}
"""


def site_config(upstream_port, http_port, https_port, folder):
    text = (ROOT / "nginx.conf").read_text()
    for old, new in [
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};"),
        ("    listen 80;\n", f"    listen 127.0.0.1:{http_port};\n"),
        ("    listen [::]:80;\n", ""),
        ("    listen 443 ssl http2;\n", f"    listen 127.0.0.1:{https_port} ssl http2;\n"),
        ("    listen [::]:443 ssl http2;\n", ""),
        (f"/etc/letsencrypt/live/{HOST}/fullchain.pem", f"{folder}/cert.pem"),
        (f"/etc/letsencrypt/live/{HOST}/privkey.pem", f"{folder}/key.pem"),
        ("/var/log/nginx/archive.access.log", f"{folder}/access.log"),
        ("/var/log/nginx/archive.error.log", f"{folder}/error.log"),
        ("location /office-7f3a/", f"location /{ADMIN_URL}"),
    ]:
        assert old in text, f"nginx.conf no longer has {old!r}: update tests/load/proxy.py"
        text = text.replace(old, new)
    return text


class Nginx:
    """nginx with the project's site file in front of gunicorn at `upstream_port`."""

    def __init__(self, folder, upstream_port):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.http_port, self.https_port = free_port(), free_port()
        subprocess.run([OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj",
                        f"/CN={HOST}", "-keyout", self.folder / "key.pem",
                        "-out", self.folder / "cert.pem"], check=True, capture_output=True)
        site = site_config(upstream_port, self.http_port, self.https_port, self.folder)
        # As root, nginx's workers would run as nobody, who cannot enter pytest's folders.
        user = "user root;" if os.geteuid() == 0 else ""
        (self.folder / "nginx.conf").write_text(WRAPPER.format(user=user, folder=self.folder,
                                                               site=site))
        self.process = None

    def start(self):
        command = [NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")]
        checked = subprocess.run(command + ["-t"], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        self.process = subprocess.Popen(command + ["-g", "daemon off;"],
                                        stderr=open(self.folder / "nginx.stderr", "ab"))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.https_port), timeout=1).close()
                return self
            except OSError:
                assert self.process.poll() is None, (self.folder / "error.log").read_text()
                time.sleep(0.1)
        raise AssertionError("nginx did not listen within 20 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def access_log(self):
        return (self.folder / "access.log").read_text()


class Client:
    """One visitor over https through nginx, from its own loopback address, keeping its
    cookies and one connection (as a browser does); Host is the site's name."""

    def __init__(self, proxy, address="127.0.0.1", timeout=30):
        self.proxy, self.address, self.timeout = proxy, address, timeout
        self.cookies = http.cookiejar.CookieJar()
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        """(status, response, body bytes, seconds). A failure is raised, never retried: the
        tests count them."""
        started = time.monotonic()
        headers = {"Host": HOST, **(headers or {})}
        fake = urllib.request.Request(f"https://{HOST}{path}", headers=headers)
        self.cookies.add_cookie_header(fake)
        headers = dict(fake.header_items())
        if self.connection is None:
            self.connection = http.client.HTTPSConnection(
                "127.0.0.1", self.proxy.https_port, timeout=self.timeout,
                source_address=(self.address, 0), context=UNVERIFIED)
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        self.cookies.extract_cookies(response, fake)
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, response, data, time.monotonic() - started

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)

    def post_form(self, path, fields):
        """The form at `path` posted back with `fields` and its CSRF token."""
        _, _, page, _ = self.get(path)
        token = page.split(b'name="csrfmiddlewaretoken" value="', 1)[1].split(b'"', 1)[0]
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.decode(), **fields})
        return self.request("POST", path, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://{HOST}{path}", "Origin": f"https://{HOST}"})

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def start_front(folder):
    """The README's production set-up: gunicorn (gunicorn.conf.py) with the production
    settings of its env file, behind nginx with the project's nginx.conf; (site, nginx).
    (The `front` fixture, tests/load/conftest.py.)"""
    if not (NGINX and OPENSSL):
        pytest.skip("nginx and openssl are needed (apt-get install nginx openssl)")
    site = Site(folder, one_client_many_readers=False)
    site.env_with(**BEHIND_PROXY_ENV)
    site.prepare()
    site.start()
    proxy = Nginx(site.data_dir / "nginx", site.port)
    try:
        proxy.start()
    except BaseException:
        site.stop()
        raise
    return site, proxy


UNVERIFIED = ssl.create_default_context()
UNVERIFIED.check_hostname = False
UNVERIFIED.verify_mode = ssl.CERT_NONE
