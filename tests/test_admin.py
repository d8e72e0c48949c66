"""The admin, used as a staff member would: lists, edit pages, commentary that stays attached."""
import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from archive.models import Article, Chunk, Commentary, Outlet

pytestmark = pytest.mark.django_db

PARAS = [
    "Ukrainian forces advanced into the Kursk region on Tuesday, officials said.",
    "Moscow said its troops had repelled several attacks near the border overnight.",
    "Analysts said the operation could change the course of the war.",
]


@pytest.fixture
def staff(client):
    user = User.objects.create_user("archivist", password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="archive"))
    client.force_login(user)
    return user


def make_article(headline="Ukraine advances", paras=PARAS, outlet=None):
    outlet = outlet or Outlet.objects.get_or_create(name="Test Wire")[0]
    return Article.objects.create(outlet=outlet, headline=headline, body="\n\n".join(paras),
                                  published=datetime.date(2024, 8, 14))


def change_data(article, body, comments=(), extra_forms=0):
    """The POST of the article's change form, with its commentary inline."""
    data = {
        "outlet": article.outlet_id, "headline": article.headline, "subtitle": "", "authors": "",
        "published": "2024-08-14", "published_precision": "day", "published_note": "", "url": "",
        "source": "", "body": body, "_save": "Save",
        "commentary-TOTAL_FORMS": str(len(comments) + extra_forms),
        "commentary-INITIAL_FORMS": str(len(comments)),
        "commentary-MIN_NUM_FORMS": "0", "commentary-MAX_NUM_FORMS": "1000",
    }
    for i, comment in enumerate(comments):
        data.update({f"commentary-{i}-id": comment.pk, f"commentary-{i}-article": article.pk,
                     f"commentary-{i}-chunk": comment.chunk_id or "", f"commentary-{i}-text": comment.text})
    return data


def change_url(article):
    return reverse("admin:archive_article_change", args=[article.pk])


def test_it_lists_articles_with_outlet_date_and_counts(client, staff):
    article = make_article()
    Commentary.objects.create(article=article, chunk=article.chunks.first(), text="A note.")
    response = client.get(reverse("admin:archive_article_changelist"))
    assert response.status_code == 200
    row = response.context["cl"].result_list.get(pk=article.pk)
    assert (row.paragraph_count, row.commentary_count) == (3, 1)
    page = response.content.decode()
    assert "Ukraine advances" in page and "Test Wire" in page and "2024-08-14" in page


def test_the_article_list_costs_the_same_queries_for_more_articles(client, staff, django_assert_max_num_queries):
    make_article()
    url = reverse("admin:archive_article_changelist")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        make_article(headline=f"Story {n}", paras=[f"Paragraph {n} of another story about the war."])
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_it_filters_and_searches_articles(client, staff):
    make_article()
    other = Outlet.objects.create(name="Other Outlet")
    make_article(headline="Grain corridor reopens", outlet=other, paras=["Ships left Odesa on Friday."])
    url = reverse("admin:archive_article_changelist")
    assert client.get(url, {"outlet__id__exact": other.pk}).context["cl"].result_count == 1
    assert client.get(url, {"q": "grain"}).context["cl"].result_count == 1
    assert client.get(url, {"published__year": "2024"}).context["cl"].result_count == 2


def test_the_edit_page_offers_only_this_articles_paragraphs(client, staff):
    article = make_article()
    make_article(headline="Another", paras=["A paragraph of another article entirely."])
    response = client.get(change_url(article))
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    choices = set(formset.forms[0].fields["chunk"].queryset)
    assert choices == set(article.chunks.all())


def test_it_refuses_a_paragraph_of_another_article(client, staff):
    article = make_article()
    stranger = make_article(headline="Another", paras=["A paragraph of another article entirely."]).chunks.get()
    data = change_data(article, article.body, extra_forms=1)
    data.update({"commentary-0-article": article.pk, "commentary-0-chunk": stranger.pk,
                 "commentary-0-text": "Misplaced note."})
    response = client.post(change_url(article), data)
    assert response.status_code == 200  # the form again, with an error
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert "chunk" in errors[0]
    assert not Commentary.objects.exists()


def test_it_adds_inline_commentary_signed_by_the_current_user(client, staff):
    article = make_article()
    chunk = article.chunks.get(position=1)
    data = change_data(article, article.body, extra_forms=1)
    data.update({"commentary-0-chunk": chunk.pk, "commentary-0-text": "Compare with the ISW report."})
    response = client.post(change_url(article), data)
    assert response.status_code == 302
    comment = Commentary.objects.get()
    assert (comment.chunk, comment.author) == (chunk, staff)


def test_editing_the_body_keeps_commentary_attached(client, staff):
    article = make_article()
    chunk = article.chunks.get(position=1)
    comment = Commentary.objects.create(article=article, chunk=chunk, text="Compare with the ISW report.")
    body = "\n\n".join(["A new opening paragraph, added by the editor.", PARAS[0].replace("Tuesday", "Tuesday morning"), PARAS[1], PARAS[2]])
    response = client.post(change_url(article), change_data(article, body, [comment]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.chunk == chunk
    chunk.refresh_from_db()
    assert (chunk.position, chunk.text) == (2, PARAS[1])
    assert article.chunks.count() == 4


def test_it_says_so_when_an_edit_detaches_commentary(client, staff):
    article = make_article()
    comment = Commentary.objects.create(article=article, chunk=article.chunks.get(position=1), text="Note.")
    body = "\n\n".join([PARAS[0], "Something else entirely replaces the second paragraph now.", PARAS[2]])
    response = client.post(change_url(article), change_data(article, body, [comment]), follow=True)
    assert "1 comment moved to the article" in response.content.decode()
    comment.refresh_from_db()
    assert comment.chunk is None and comment.detached_from == PARAS[1]
    assert comment.article == article


def test_an_edited_comment_whose_paragraph_was_removed_in_the_same_save_is_kept(client, staff):
    article = make_article()
    comment = Commentary.objects.create(article=article, chunk=article.chunks.get(position=1), text="Note.")
    body = "\n\n".join([PARAS[0], PARAS[2]])
    data = change_data(article, body, [comment])
    data["commentary-0-text"] = "Note, revised."
    assert client.post(change_url(article), data).status_code == 302
    comment.refresh_from_db()
    assert (comment.text, comment.chunk, comment.detached_from) == ("Note, revised.", None, PARAS[1])


def test_it_refuses_a_url_that_is_not_a_web_address(client, staff):
    article = make_article()
    data = change_data(article, article.body)
    data["url"] = "ftp://example.org/file"
    response = client.post(change_url(article), data)
    assert response.status_code == 200 and "url" in response.context["adminform"].form.errors


def test_a_month_date_is_stored_as_the_first_of_the_month(client, staff):
    article = make_article()
    data = change_data(article, article.body)
    data.update({"published": "2024-11-17", "published_precision": "month"})
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert article.published == datetime.date(2024, 11, 1)


def test_the_commentary_list_shows_article_paragraph_and_author(client, staff):
    article = make_article()
    Commentary.objects.create(article=article, chunk=article.chunks.get(position=2), text="On the outlook.",
                              author=staff, private=True)
    response = client.get(reverse("admin:archive_commentary_changelist"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "On the outlook." in page and "Ukraine advances" in page and "¶3" in page and "archivist" in page


def test_commentary_added_on_its_own_page_gets_the_current_user_and_a_checked_paragraph(client, staff):
    article = make_article()
    other = make_article(headline="Another", paras=["A paragraph of another article entirely."])
    url = reverse("admin:archive_commentary_add")
    bad = client.post(url, {"article": article.pk, "chunk": other.chunks.get().pk, "text": "x"})
    assert bad.status_code == 200 and not Commentary.objects.exists()
    assert "chunk" in bad.context["adminform"].form.errors
    good = client.post(url, {"article": article.pk, "chunk": article.chunks.get(position=0).pk, "text": "Good."})
    assert good.status_code == 302
    assert Commentary.objects.get().author == staff


def test_a_commentary_naming_no_real_article_gets_the_forms_error(client, staff):
    url = reverse("admin:archive_commentary_add")
    for article in ("abc", "1 OR 1=1", "99999"):
        response = client.post(url, {"article": article, "text": "x"})
        assert response.status_code == 200
        assert "article" in response.context["adminform"].form.errors
    assert not Commentary.objects.exists()


def test_the_outlet_list_counts_articles(client, staff):
    make_article()
    response = client.get(reverse("admin:archive_outlet_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_list.get().article_count == 1


def test_non_staff_cannot_reach_the_admin(client):
    User.objects.create_user("reader", password="pw")
    client.login(username="reader", password="pw")
    response = client.get(reverse("admin:archive_article_changelist"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_paragraph_ids_survive_an_admin_edit(client, staff):
    article = make_article()
    keys = dict(Chunk.objects.filter(article=article).values_list("text", "key"))
    body = article.body + "\n\nA closing paragraph added later by the editor."
    client.post(change_url(article), change_data(article, body))
    after = dict(Chunk.objects.filter(article=article).values_list("text", "key"))
    assert all(after[text] == key for text, key in keys.items())
