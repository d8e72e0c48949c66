"""The admin at ease: paragraphs offered at once, pasted text split, dates in ISO."""
import datetime
import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from pytest_django.asserts import assertContains

from archive.models import Article, Chunk, Commentary, Outlet

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(User.objects.create_superuser("archivist", password="pw"))
    return client


def new_article_data(body, comments=()):
    outlet = Outlet.objects.get_or_create(name="Test Wire")[0]
    data = {"outlet": outlet.pk, "headline": "Fresh report", "subtitle": "", "authors": "",
            "published": "2024-08-14", "published_precision": "day", "published_note": "",
            "url": "", "source": "", "body": body, "_save": "Save",
            "commentary-TOTAL_FORMS": str(len(comments)), "commentary-INITIAL_FORMS": "0",
            "commentary-MIN_NUM_FORMS": "0", "commentary-MAX_NUM_FORMS": "1000"}
    for i, (paragraph, text) in enumerate(comments):
        data.update({f"commentary-{i}-chunk": paragraph, f"commentary-{i}-text": text})
    return data


def test_a_new_articles_commentary_is_anchored_to_a_paragraph_in_one_step(staff):
    body = "Troops crossed the border.\n\nThe governor spoke.\n\nShelling went on."
    response = staff.post(reverse("admin:archive_article_add"),
                          new_article_data(body, [("1", "The governor's second speech.")]))
    assert response.status_code == 302
    note = Commentary.objects.get()
    assert note.chunk.text == "The governor spoke." and note.chunk.position == 1


def test_the_commentary_form_can_ask_for_an_articles_paragraphs(staff):
    article = Article.objects.create(outlet=Outlet.objects.create(name="Wire"), headline="H",
                                     body="First one.\n\nSecond one.")
    data = staff.get(reverse("admin:archive_commentary_paragraphs"),
                     {"article": article.pk}).json()
    first, second = article.chunks.order_by("position")
    assert data["paragraphs"] == [{"value": first.pk, "label": "¶1: First one."},
                                  {"value": second.pk, "label": "¶2: Second one."}]
    assert staff.get(reverse("admin:archive_commentary_paragraphs"),
                     {"article": "x"}).json() == {"paragraphs": []}


def test_pasted_text_with_single_line_breaks_is_split_into_paragraphs_and_says_so(staff):
    body = ("Ukrainian forces advanced into the Kursk region on Tuesday, officials said.\n"
            "Moscow said its troops had repelled several attacks near the border overnight.\n"
            "Analysts said the operation could change the course of the war.")
    response = staff.post(reverse("admin:archive_article_add"), new_article_data(body),
                          follow=True)
    article = Article.objects.get()
    assert article.chunks.count() == 3
    assertContains(response, "split as the file importer splits it: 3 paragraphs")


def test_a_body_with_blank_lines_is_left_as_it_is(staff):
    body = "One line\nwrapped.\n\nAnother paragraph."
    staff.post(reverse("admin:archive_article_add"), new_article_data(body))
    assert [c.text for c in Chunk.objects.order_by("position")] == ["One line\nwrapped.",
                                                                    "Another paragraph."]


def test_admin_dates_read_yyyy_mm_dd(staff):
    article = Article.objects.create(outlet=Outlet.objects.create(name="Wire"), headline="H",
                                     body="Text.", published=datetime.date(2024, 8, 14))
    Commentary.objects.create(article=article, text="A note.")
    note = article.commentary.get()
    listing = staff.get(reverse("admin:archive_commentary_changelist")).content.decode()
    assert f'<td class="field-written">{note.created:%Y-%m-%d}</td>' in listing
    page = staff.get(reverse("admin:archive_commentary_change", args=[note.pk])).content.decode()
    assert note.created.strftime("%Y-%m-%d %H:%M") in page
    change = staff.get(reverse("admin:archive_article_change", args=[article.pk]))
    assertContains(change, 'value="2024-08-14"')
    assert article.updated.strftime("%Y-%m-%d %H:%M") in change.content.decode()
