"""The admin's import page: uploads of every kind, the command's summary, a size limit."""
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import Article

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
URL = reverse("admin:archive_article_import")
LINES = "\n".join(json.dumps({"title": f"Headline {i}", "outlet": "Wire", "url": f"https://wire.example.org/{i}"})
                  for i in range(3)).encode()


@pytest.fixture
def staff(client):
    user = User.objects.create_user("archivist", password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="archive"))
    client.force_login(user)
    return user


def upload(client, *files, **data):
    return client.post(URL, {"files": list(files), **data})


def test_the_article_list_links_to_the_import_page(client, staff):
    assert URL in client.get(reverse("admin:archive_article_changelist")).content.decode()
    assert client.get(URL).status_code == 200


def test_an_upload_of_several_kinds_shows_the_summary(client, staff):
    response = upload(client, SimpleUploadedFile("wire.jsonl", LINES),
                      SimpleUploadedFile("page.html", (FIXTURES / "pages" / "odesa-port.html").read_bytes()),
                      SimpleUploadedFile("war.atom", (FIXTURES / "feeds" / "war.atom").read_bytes()))
    page = response.content.decode()
    assert "5 records in" in page and "5 created" in page and "3 of them headline only" in page
    assert Article.objects.count() == 5
    source = Article.objects.get(url="https://wire.example.org/0").source
    assert source.startswith("upload ") and source.endswith("by archivist/wire.jsonl line 1")
    again = upload(client, SimpleUploadedFile("wire.jsonl", LINES)).content.decode()
    assert "3 unchanged" in again and Article.objects.count() == 5


def test_an_upload_over_the_limit_or_of_another_kind_imports_nothing(client, staff, settings):
    settings.IMPORT_UPLOAD_MAX_BYTES = 100
    page = upload(client, SimpleUploadedFile("wire.jsonl", LINES)).content.decode()
    assert "the limit is 100" in page
    settings.IMPORT_UPLOAD_MAX_BYTES = 10_000
    page = upload(client, SimpleUploadedFile("wire.jsonl", LINES), SimpleUploadedFile("x.pdf", b"%PDF")).content.decode()
    assert "Not a kind the importer reads: x.pdf" in page
    assert not Article.objects.exists()


def test_staff_without_the_right_to_add_articles_cannot_import(client):
    user = User.objects.create_user("reader", password="pw", is_staff=True)
    client.force_login(user)
    assert upload(client, SimpleUploadedFile("wire.jsonl", LINES)).status_code == 403
    assert not Article.objects.exists()


def test_the_admin_refuses_control_characters_the_importer_removes(client, staff):
    from archive.admin import ArticleForm
    from archive.models import Outlet

    outlet = Outlet.objects.create(name="Wire")
    form = ArticleForm(data={"outlet": outlet.pk, "headline": "Bad\x07 title", "body": "Text.",
                             "published_precision": "day"})
    assert not form.is_valid() and "headline" in form.errors
    form = ArticleForm(data={"outlet": outlet.pk, "headline": "Good title", "body": "Text.",
                             "published_precision": "day"})
    assert form.is_valid() and form.cleaned_data["published_precision"] == "unknown"
