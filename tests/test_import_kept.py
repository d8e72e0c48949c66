"""Nothing lost, nothing damaged at import: every record keeps its own text.

Short posts without a url (fixtures/posts/short_posts.jsonl, ours) are each an article with
their text searchable; the same text again is the same article; two texts under one url in
one file are two articles; a truncated capture never takes paragraphs from a complete copy;
a response over the size limit is reported. The shared Ukrainian and Russian collections are
imported whole when ../shared is present."""
import gzip
import io
import json
from pathlib import Path

import pytest
from django.conf import settings

from archive.formats.common import Defaults
from archive.importers import import_paths
from archive.models import Article
from tests.search_archive import headlines, index, run

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
POSTS = FIXTURES / "posts" / "short_posts.jsonl"
CORPORA = Path(settings.BASE_DIR).parent / "shared" / "corpora"
needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is absent")
ARTICLE = [f"Paragraph {n} of the report on the strike at the port of Odesa, with enough words "
           f"to be a paragraph of its own, number {n}." for n in range(1, 9)]


def imported(*paths):
    seen = []
    summary = import_paths([str(p) for p in paths], Defaults(), on_outcome=seen.append)
    return summary, seen


def test_short_posts_without_a_url_are_each_an_article_with_their_text():
    summary, seen = imported(POSTS)
    assert (summary.created, summary.repeated, summary.failed) == (6, 0, 0), [o.message for o in seen]
    posts = [json.loads(line) for line in POSTS.read_text(encoding="utf-8").splitlines()]
    for post, outcome in zip(posts, seen):
        second_line = post["body"].split("\n\n")[1]
        assert second_line in Article.objects.get(pk=outcome.article_id).body


def test_a_short_posts_words_are_found_by_a_phrase_search():
    imported(POSTS)
    index()
    assert headlines(run('"на кортанах"')) == ["А ви помітили цей натяк?"]
    assert headlines(run('"які пільги будуть"')) == ["Нова постанова уряду."]


def test_short_posts_imported_again_are_unchanged():
    imported(POSTS)
    summary, _ = imported(POSTS)
    assert (summary.unchanged, summary.created) == (6, 0)


def test_the_same_short_post_twice_is_one_article(tmp_path):
    post = json.dumps({"title": "Вибух у Харкові.", "outlet": "Channel", "body": "Вибух у Харкові.\n\n🇺🇦"})
    path = tmp_path / "twice.jsonl"
    path.write_text(post + "\n" + post + "\n", encoding="utf-8")
    summary, _ = imported(path)
    assert (summary.created, summary.repeated) == (1, 1)


def test_two_texts_under_one_url_in_one_file_are_two_articles(tmp_path):
    issue = "https://journal.example.org/2016/issue-7.pdf"
    path = tmp_path / "journal.jsonl"
    path.write_text("\n".join(json.dumps({"title": title, "outlet": "Journal", "url": issue, "body": body})
                              for title, body in (("A new branch in Donetsk region", ARTICLE[0]),
                                                  ("Hikes and retro evenings", ARTICLE[1]))), encoding="utf-8")
    summary, _ = imported(path)
    assert (summary.created, summary.repeated) == (2, 0)
    summary, _ = imported(path)
    assert (summary.unchanged, Article.objects.count()) == (2, 2)


def capture(path, url, html, truncate_at=None, warc_truncated=None):
    """A gzipped WARC of one HTML response, cut after `truncate_at` bytes of the file."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    stream = io.BytesIO()
    writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    extra = {"WARC-Truncated": warc_truncated} if warc_truncated else None
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html),
                                                  http_headers=headers, warc_headers_dict=extra))
    data = stream.getvalue()
    path.write_bytes(data[:truncate_at] if truncate_at else data)
    return path


def page(paragraphs):
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>Port of Odesa struck</title></head><body><article><h1>Port of Odesa "
            f"struck</h1>{body}</article>{'<!-- padding -->' * 4000}</body></html>").encode()


def test_a_truncated_capture_never_takes_paragraphs_from_a_complete_copy(tmp_path):
    url = "https://news.example.org/odesa"
    imported(capture(tmp_path / "whole.warc.gz", url, page(ARTICLE)))
    before = Article.objects.get().body
    cut = capture(tmp_path / "cut.warc", url, page(ARTICLE[:3]), warc_truncated="length")
    summary, seen = imported(cut)
    assert summary.failed == 1 and summary.updated == 0
    assert "WARC-Truncated: length" in seen[0].message and "would take 5 of the 8 paragraphs" in seen[0].message
    assert Article.objects.get().body == before


def test_a_capture_cut_inside_its_record_is_said_so_and_changes_nothing(tmp_path):
    url = "https://news.example.org/odesa"
    whole = capture(tmp_path / "whole.warc", url, page(ARTICLE))
    imported(whole)
    before = Article.objects.get().body
    cut_at = whole.read_bytes().index(ARTICLE[3].encode())
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole.read_bytes()[:cut_at])
    summary, seen = imported(cut)
    assert summary.failed == 1 and "the capture is truncated" in seen[0].message
    assert "the complete copy is kept" in seen[0].message
    assert Article.objects.get().body == before


def test_a_truncated_capture_of_a_new_article_is_kept_and_said_so(tmp_path):
    summary, seen = imported(capture(tmp_path / "cut.warc.gz", "https://news.example.org/new",
                                     page(ARTICLE[:3]), warc_truncated="length"))
    assert summary.created == 1 and any("may lack its end" in w for w in seen[0].warnings)


def test_a_response_over_the_size_limit_is_reported(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    bomb = gzip.compress(b"<html><body>" + b"<p>x</p>" * 3_000_000 + b"</body></html>")
    path = tmp_path / "bomb.warc.gz"
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.org/bomb", "response",
                                                      payload=io.BytesIO(bomb), http_headers=headers))
    summary, seen = imported(path)
    assert (summary.total, summary.failed) == (1, 1)
    assert "larger than 20,000,000 bytes once decoded" in seen[0].message
    assert not Article.objects.exists()


@needs_corpora
def test_the_shared_ukrainian_and_russian_files_keep_every_record():
    from archive.models import Chunk
    from search.models import IndexChange

    index()         # an empty index, so that only the posts below need indexing (seconds, not minutes)
    files = [CORPORA / "cyrillic" / "uk_news_shared.jsonl", CORPORA / "cyrillic" / "ru_news_shared.jsonl"]
    summary, seen = imported(*files)
    assert (summary.failed, summary.updated) == (0, 0)
    assert summary.created + summary.repeated == 1808 + 2589
    for outcome in seen:                # a repeat is the very same text as what it repeats
        if outcome.status == "repeated":
            assert "text differ" not in outcome.message, outcome.message
    posts = {a for phrase in ("на кортанах", "які пільги будуть")
             for a in [*Chunk.objects.filter(text__contains=phrase).values_list("article", flat=True),
                       *Article.objects.filter(headline__contains=phrase).values_list("id", flat=True)]}
    assert len(posts) >= 2
    IndexChange.objects.exclude(article_id__in=posts).delete()
    index()
    assert len(headlines(run('"на кортанах"'))) >= 1
    assert len(headlines(run('"які пільги будуть"'))) >= 1
