"""Copies, syndication and boilerplate on the results page, built from real texts.

The collection: the seed articles' real paragraphs (fixtures/seeds/), republished the way
news collections repeat themselves: a Reuters report carried whole by two other outlets
(one adds a credit line and drops a paragraph), one of its paragraphs quoted in an
unrelated commentary, an outlet appending the same call to subscribe to every article,
and a transcript repeating one line.
"""
import re
from datetime import date
from pathlib import Path

import numpy
import pytest
from pytest_django.asserts import assertContains

from archive.models import Article, Outlet
from search.models import BoilerplateVerdict
from tests.search_archive import article, headlines, index, run

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
TELEGRAM = ("JOIN US ON TELEGRAM! Get the latest analysis of the war first: subscribe to "
            "our channel and share it with your friends.")


def seed(prefix, count, skip=0):
    """`count` long real paragraphs of the seed file starting with `prefix`."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    paragraphs = [p.strip().replace("*", "") for p in re.split(r"\n\s*\n|\n", path.read_text())
                  if len(p.split()) > 25]
    return paragraphs[skip:skip + count]


@pytest.fixture
def collection(db):
    wire = seed("003", 6)
    made = {
        "wire": article("Ukraine is advancing deeper into Russia", *wire,
                        published=date(2024, 8, 14)),
        "bbc": article("Zelenskiy: Ukraine advances deeper into Russia", *wire,
                       outlet_name="BBC", published=date(2024, 8, 14)),
        "guardian": article("Ukrainian troops push deeper into Kursk",
                            *wire[:4], wire[5] + " (Reuters)",
                            outlet_name="The Guardian", published=date(2024, 8, 15)),
        "commentary": article("Kursk: what the incursion means", *seed("001", 3), wire[1],
                              outlet_name="Foreign Policy", published=date(2024, 8, 16)),
    }
    for i in range(4):     # the same call to subscribe under four different Meer pieces
        made[f"meer{i}"] = article(f"Meer analysis {i}", *seed("000", 2, skip=2 * i), TELEGRAM,
                                   outlet_name="Meer", published=date(2024, 11, 1 + i))
    made["transcript"] = article(
        "Briefing transcript", seed("002", 1)[0], "Yes, sir.", seed("002", 1, skip=1)[0],
        "Yes, sir.", outlet_name="Polemology", published=date(2022, 9, 6))
    index()
    return made


def story_results(response, collection, names=("wire", "bbc", "guardian")):
    ids = {collection[n].id for n in names}
    return [r for r in response.results if r.article.id in ids]


def paragraph_texts(response):
    return [p.text for r in response.results for p in r.paragraphs]


def test_it_shows_a_syndicated_story_once_with_also_published_by(collection, client):
    response = run("kursk border region")
    [story] = story_results(response, collection)      # the best-ranked copy stands for it
    assert {c.outlet_name for c in story.copies} | {story.article.outlet_name} == {
        "Reuters", "BBC", "The Guardian"}
    assertContains(client.get("/", {"q": "kursk border region"}), "Also published by")
    # counts stay honest: every copy is its outlet's article
    assert response.total_articles >= 3 and response.folded >= 2


def test_it_never_shows_a_paragraph_text_twice_on_a_page(collection):
    for q in ("kursk", "putin", "ukrainian troops", "russia"):
        for group in ("article", "paragraph"):
            texts = paragraph_texts(run(q, group=group))
            assert len(texts) == len(set(texts)), (q, group)


def test_it_names_the_other_articles_under_a_shared_paragraph(collection):
    quoted = collection["commentary"].chunks.get(position=3).text
    words = " ".join(quoted.split()[:6])
    response = run(f'"{words}"')
    hits = [(r.article, p) for r in response.results for p in r.paragraphs if p.text == quoted]
    assert len(hits) == 1
    shown_in, hit = hits[0]
    assert hit.also_in_count == 3
    assert {c.outlet_name for c in hit.also_in} | {shown_in.outlet_name} == {
        "Reuters", "BBC", "The Guardian", "Foreign Policy"}
    assert len(hit.fingerprint) == 16 and len(hit.cluster) == 16
    # the commentary shares a paragraph, it is not a copy: it keeps its own entry
    [own] = [r for r in response.results if r.article.id == collection["commentary"].id]
    if shown_in.id != own.article.id:
        assert own.paragraphs == [] and own.shown_above.id == shown_in.id


def test_it_folds_copies_when_grouping_by_paragraph(collection, client):
    response = run("kursk", group="paragraph")
    texts = [r.paragraphs[0].text for r in response.results]
    assert len(texts) == len(set(texts))
    assert response.folded > 0
    assert response.total_paragraphs > len(texts)


def test_it_shows_a_repeated_line_of_one_article_once(collection):
    response = run('"yes sir"')
    assert [p.text for p in response.results[0].paragraphs] == ["Yes, sir."]
    assert response.results[0].matching_paragraphs == 2


def test_it_leaves_an_outlets_boilerplate_out_unless_asked(collection, client):
    # every word in one paragraph: the boilerplate line has both (a graded search would
    # also list the articles that say "Telegram" elsewhere)
    response = run("telegram subscribe", within="paragraph")
    assert response.total_articles == 0 and response.boilerplate_hidden == 4
    asked = run("telegram subscribe", boilerplate=True, within="paragraph")
    assert asked.total_articles == 4
    hit = asked.results[0].paragraphs[0]
    assert hit.boilerplate and hit.also_in_count == 3
    page = client.get("/", {"q": "telegram subscribe"})
    assertContains(page, "Include boilerplate")
    page = client.get("/", {"q": "telegram subscribe", "boilerplate": "on"})
    assertContains(page, '<span class="badge boilerplate">Boilerplate of Meer</span>', html=True)


def test_it_never_makes_boilerplate_a_snippet_of_another_search(collection):
    response = run("putin")
    assert TELEGRAM not in paragraph_texts(response)
    assert TELEGRAM not in paragraph_texts(run(""))


def test_an_archivists_verdict_overrides_the_detection(collection):
    hit = run("telegram subscribe", boilerplate=True).results[0].paragraphs[0]
    BoilerplateVerdict.objects.create(outlet=Outlet.objects.get(name="Meer"),
                                      fingerprint=hit.fingerprint, text=TELEGRAM,
                                      is_boilerplate=False)
    assert run("telegram subscribe", within="paragraph").total_articles == 4


def test_an_edit_updates_the_copies_without_a_rebuild(collection):
    guardian = collection["guardian"]
    guardian.body = "\n\n".join(seed("004", 4))
    guardian.save()
    index()
    response = run("kursk border region")
    [story] = story_results(response, collection, ("wire", "bbc"))
    assert [c.outlet_name for c in story.copies] == [
        {"Reuters": "BBC", "BBC": "Reuters"}[story.article.outlet_name]]


def test_the_copies_page_lists_every_article_with_the_paragraph(collection, client):
    quoted = collection["commentary"].chunks.get(position=3)
    page = client.get(f"/paragraphs/{quoted.pk}/copies/")
    assertContains(page, "in 3 other articles")
    for headline in ("Ukraine is advancing deeper into Russia",
                     "Zelenskiy: Ukraine advances deeper into Russia"):
        assertContains(page, headline)


def test_the_api_gives_fingerprints_clusters_and_copies(collection, client):
    data = client.get("/api/search", {"q": "kursk border region"}).json()
    ids = {collection[n].id for n in ("wire", "bbc", "guardian")}
    [story] = [r for r in data["results"] if r["article"]["id"] in ids]
    assert set(story["copies"]) == ids - {story["article"]["id"]}
    paragraph = story["paragraphs"][0]
    assert len(paragraph["fingerprint"]) == 16 and len(paragraph["cluster"]) == 16
    assert paragraph["also_in"] and data["folded"] >= 2
    assert client.get("/api/search", {"boilerplate": "maybe"}).status_code == 400


def test_the_article_page_greys_boilerplate_and_lists_copies_with_differences(collection, client):
    page = client.get(collection["meer0"].get_absolute_url())
    assertContains(page, "Boilerplate of Meer", count=1)
    guardian = collection["guardian"]
    page = client.get(collection["wire"].get_absolute_url())
    assertContains(page, "Copies of this article")
    assertContains(page, f'<a href="{guardian.get_absolute_url()}">The Guardian: '
                         f'“{guardian.headline}”</a>', html=True)
    missing = collection["wire"].chunks.get(position=4)
    assertContains(page, f'<a href="#{missing.anchor}">¶&nbsp;5</a>', html=True)


def test_the_article_page_offers_other_outlets_on_the_story_but_not_copies(collection, client):
    page = client.get(collection["commentary"].get_absolute_url())
    assertContains(page, "Other outlets on this story")
    others = page.context["same_story"]
    assert others and collection["commentary"].outlet_id not in {a.outlet_id for a in others}
    page = client.get(collection["wire"].get_absolute_url())
    offered = {a.pk for a in page.context["same_story"]}
    assert not offered & {collection["bbc"].pk, collection["guardian"].pk}


def test_the_admin_lists_each_outlets_boilerplate_and_takes_a_verdict(collection, client):
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user("archivist", password="pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="search"))
    client.force_login(user)
    listing = client.get("/admin/search/boilerplateverdict/")
    assertContains(listing, '<a href="/admin/search/boilerplateverdict/detected/">'
                            'Detected boilerplate</a>', html=True)
    page = client.get("/admin/search/boilerplateverdict/detected/")
    [row] = page.context["rows"]
    assert row.outlet.name == "Meer" and row.articles == 4 and row.boilerplate
    assertContains(page, "JOIN US ON TELEGRAM!")
    answer = client.post("/admin/search/boilerplateverdict/detected/decide/",
                         {"outlet": row.outlet.pk, "chunk": row.chunk.pk, "verdict": "not"})
    assert answer.status_code == 302
    assert run("telegram subscribe", within="paragraph").total_articles == 4
    [row] = client.get("/admin/search/boilerplateverdict/detected/").context["rows"]
    assert row.detected and not row.boilerplate


def test_exports_carry_fingerprints_clusters_and_copies(collection, client):
    import csv
    import io
    import json

    response = client.get("/search/export.csv", {"q": "kursk border region"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content)
                                           .decode("utf-8-sig"))))
    wire = {collection[n].id for n in ("wire", "bbc", "guardian")}
    story_rows = [r for r in rows if int(r["article_id"]) in wire]
    assert {int(r["article_id"]) for r in story_rows} == wire      # nothing folded in a download
    for row in story_rows:
        assert set(map(int, row["copies"].split())) == wire - {int(row["article_id"])}
        assert len(row["fingerprint"]) == 16 and len(row["cluster"]) == 16
    # the same paragraph in three outlets: one cluster, a researcher keeps one row of it
    assert len({r["cluster"] for r in story_rows}) < len(story_rows)
    data = json.loads(b"".join(client.get("/search/export.json", {"q": "kursk border region"})
                               .streaming_content))
    first = data["paragraphs"][0]
    assert first["paragraph"]["cluster"] and "copies" in first


def test_nearly_the_same_paragraph_is_one_cluster_and_a_different_one_is_not():
    from search.text.analysis import analyze
    from search.engine.copies import band_candidates, band_keys, components, near_pairs
    from search.index.signatures import minhash

    original = seed("003", 1, skip=2)[0]
    edited = original.replace("Putin said", "Putin has said") + " (Reuters)"
    other = seed("003", 1, skip=3)[0]            # the same report, the next paragraph
    rows = numpy.stack([minhash(analyze(t)[0]) for t in (original, edited, other)])
    candidates = [band_candidates(keys) for keys in band_keys(rows)]
    a, b = near_pairs(candidates, lambda texts: rows[texts])
    assert components(3, a, b).tolist() == [0, 0, 2]


def test_a_batch_of_paragraphs_gets_the_signatures_each_gets_alone():
    from search.text.analysis import analyze
    from search.index.signatures import signature, signatures

    texts = seed("003", 12) + ["", "the of", "Kyiv", "Kyiv again", "Обстріл Харкова"]
    terms = [analyze(t)[0] for t in texts]
    assert signatures(terms) == [signature(t) for t in terms]


def test_copies_from_one_outlet_can_be_told_apart():
    from search.types import CopyRef
    from search.web.template_filters import copy_labels

    day = date(2024, 8, 14)
    copies = [CopyRef(1, "Kursk: the first report", "tg", "Telegram", day, "/articles/1/"),
              CopyRef(2, "Kursk: an update", "tg", "Telegram", day, "/articles/2/"),
              CopyRef(3, "Kursk: an update", "tg", "Telegram", day, "/articles/3/"),
              CopyRef(4, "Kursk", "bbc", "BBC", None, "/articles/4/")]
    labels = [label for _copy, label in copy_labels(copies)]
    assert labels == ["Telegram: “Kursk: the first report” (2024-08-14)",
                      "Telegram: “Kursk: an update” (2024-08-14), article 2",
                      "Telegram: “Kursk: an update” (2024-08-14), article 3",
                      "BBC"]
    assert len(set(labels)) == len(labels)


@pytest.mark.django_db
@pytest.mark.parametrize("compound", [True, False])
def test_a_segments_signatures_are_read_from_its_files(compound):
    """The MinHash rows stay in the segment's files (140 MB a worker at a million
    paragraphs otherwise), whether Whoosh wrote the segment as one compound file or not."""
    from search.engine.copies import find_clusters
    from search.index.folders import open_live_index
    from search.index.rows import documents_for
    from search.index.searcher import searching

    article("Made first, so the index is", "There to be written to.")
    index()
    original = seed("003", 1, skip=2)[0]
    edited = original.replace("Putin said", "Putin has said") + " (Reuters)"
    made = [article("The report", original, seed("003", 1, skip=3)[0]),
            article("The report, edited", edited, outlet_name="BBC")]
    writer = open_live_index().writer(compound=compound)
    for doc in documents_for([a.pk for a in made]):
        writer.add_document(**doc)
    writer.commit(merge=False)
    with searching() as s:
        paragraphs = {s.searcher.stored_fields(d).get("chunk"): d for d in range(s.info.doc_count)}
        cluster = find_clusters(s.info).cluster
    [a, b] = [made[0].chunks.get(position=0).pk, made[1].chunks.get(position=0).pk]
    other = made[0].chunks.get(position=1).pk
    assert cluster[paragraphs[a]] == cluster[paragraphs[b]] != cluster[paragraphs[other]]


@pytest.mark.django_db
def test_a_segment_merged_away_before_its_columns_are_read_still_gives_its_signatures():
    """A process may open a generation whose segment file a merge has deleted since
    (Whoosh reads it through the file it holds open): its signatures come from there."""
    import os

    from search.index import columns
    from search.index.searcher import searching

    original = seed("003", 1, skip=2)[0]
    article("The report", original, seed("003", 1, skip=3)[0])
    index()
    with searching() as s:
        [(segment, _)] = s.searcher.reader().leaf_readers()
        expected = columns._signatures(segment)
        path = Path(segment._storage.b.folder) / segment._segment.make_filename(".seg")
        os.rename(path, path.with_suffix(".merged"))      # gone from the folder, still open
        try:
            found = columns._signatures(segment)
        finally:
            os.rename(path.with_suffix(".merged"), path)
    docs = numpy.arange(segment.doc_count_all())
    assert found.exact.tolist() == expected.exact.tolist() and found.exact.any()
    assert (found.minhash(docs) == expected.minhash(docs)).all()


def test_finding_near_copies_never_holds_every_texts_minhash_rows_at_once():
    """A worker finds a new generation's copies on top of its full caches, and its heap
    keeps the peak (search/service/allocator.py): at a million texts, holding the whole
    table of MinHash rows (and a transposed copy) had made every worker 300 MB larger
    after an edit. Texts in ten segments, one in ten nearly another (one in fourteen at
    a million real paragraphs)."""
    import tracemalloc

    from search.engine.copies import candidate_pairs, near_pairs
    from search.index.columns import SIGNATURE_DTYPE, SignatureRows, Signatures

    texts, segments = 60_000, 10
    records = numpy.zeros(texts, dtype=SIGNATURE_DTYPE)
    records["minhash"] = numpy.random.default_rng(7).integers(0, 2**32, (texts, 32))
    records["minhash"][1::10, :24] = records["minhash"][0::10, :24]    # 24 of 32 equal
    size = texts // segments
    signatures = Signatures([SignatureRows(records[at:at + size].tobytes(), 0, size, size)
                             for at in range(0, texts, size)])
    table_bytes = records["minhash"].nbytes
    docs = numpy.arange(texts)

    tracemalloc.start()
    try:
        a, b = near_pairs(candidate_pairs(signatures, docs),
                          lambda of_texts: signatures.minhash(docs[of_texts]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sorted(set(zip(a.tolist(), b.tolist()))) == [(n + 1, n) for n in range(0, texts, 10)]
    assert peak < 1.5 * table_bytes
