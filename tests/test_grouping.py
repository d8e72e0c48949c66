"""Results are articles ranked by their best paragraph, with up to three paragraphs shown."""
from datetime import date

import pytest

from tests.search_archive import article, headlines, index, run

pytestmark = pytest.mark.django_db


def test_it_groups_paragraphs_by_article_and_shows_the_best_three():
    article("Long report", *[f"Paragraph {i} mentions artillery." for i in range(6)],
            "Artillery artillery artillery: the artillery duel.")
    index()
    response = run("artillery")
    [result] = response.results
    assert result.matching_paragraphs == 7
    assert len(result.paragraphs) == 3
    # the paragraph that says it most is chosen, and the three are shown in reading order
    assert [p.position for p in result.paragraphs][-1] == 6
    assert [p.position for p in result.paragraphs] == sorted(p.position for p in result.paragraphs)
    assert result.paragraphs[0].permalink.endswith(f"#p-{result.paragraphs[0].id}")


def test_it_ranks_by_best_paragraph_and_lightly_by_count():
    article("One strong paragraph", "Sanctions sanctions sanctions on oil.")
    article("Passing mentions", "Sanctions were mentioned.", "Nothing else here.")
    index()
    assert headlines(run("sanctions"))[0] == "One strong paragraph"


def test_it_lists_paragraphs_flat_on_request():
    article("Two hits", "Kherson first.", "Kherson second.", published=date(2024, 1, 1))
    article("One hit", "Kherson once.", published=date(2023, 1, 1))
    index()
    response = run("kherson", group="paragraph", sort="newest")
    assert [len(r.paragraphs) for r in response.results] == [1, 1, 1]
    assert [r.paragraphs[0].html for r in response.results] == [
        "<mark>Kherson</mark> first.", "<mark>Kherson</mark> second.", "<mark>Kherson</mark> once."]
    assert response.total_paragraphs == 3 and response.pages == 1


def test_it_pages_stably_and_an_empty_page_past_the_end():
    for i in range(25):
        # a different text each (25 copies of one text would be one outlet's boilerplate)
        article(f"Report {i:02d}", f"Mariupol siege, day {i + 1}.", published=date(2022, 3, 1 + i))
    index()
    first = run("mariupol", per_page=10, page=1)
    again = run("mariupol", per_page=10, page=1)
    second = run("mariupol", per_page=10, page=2)
    assert headlines(first) == headlines(again)
    assert not set(headlines(first)) & set(headlines(second))
    assert first.pages == 3 and first.total_articles == 25
    past = run("mariupol", per_page=10, page=9)
    assert past.results == [] and past.page == 9 and past.pages == 3
    twenty = run("mariupol", per_page=20, page=2)
    assert len(twenty.results) == 5


def test_it_counts_only_paragraphs_that_themselves_match_not_the_headline():
    article("Zelensky visits the front", "He met soldiers near Pokrovsk.",
            "Zelensky praised the brigade.", "Nothing else of note today.")
    index()
    [result] = run("zelensky").results
    assert result.matching_paragraphs == 1
    assert [p.html for p in result.paragraphs] == ["<mark>Zelensky</mark> praised the brigade."]
    assert run("zelensky").total_paragraphs == 1


def test_an_article_whose_headline_alone_matches_shows_its_marked_headline_and_opening():
    article("A turning point in Kursk", "Troops crossed the border.", "Then they dug in.")
    index()
    response = run("turning point")
    [result] = response.results
    assert result.headline_html == "A <mark>turning</mark> <mark>point</mark> in Kursk"
    assert result.matching_paragraphs == 1 and response.total_paragraphs == 1
    assert [p.text for p in result.paragraphs] == ["Troops crossed the border."]


def test_an_article_with_an_empty_body_is_found_by_its_headline():
    article("A turning point in Kursk")
    index()
    [result] = run("turning point").results
    assert result.headline_html == "A <mark>turning</mark> <mark>point</mark> in Kursk"
    assert result.matching_paragraphs == 0 and result.paragraphs == []


def test_it_shows_the_opening_paragraphs_for_a_headline_field_search():
    article("A turning point in Kursk", "Troops crossed the border.", "Then they dug in.")
    index()
    [result] = run("headline:kursk").results
    assert [p.position for p in result.paragraphs] == [0, 1]


def test_it_keeps_paragraphs_in_text_order_after_an_edit_adds_one_at_the_top():
    report = article("Edited report", "Kherson second.", "Kherson third.")
    report.body = "Kherson first.\n\n" + report.body
    report.save()
    index()
    response = run("kherson", group="paragraph", sort="newest")
    assert [r.paragraphs[0].html for r in response.results] == [
        "<mark>Kherson</mark> first.", "<mark>Kherson</mark> second.", "<mark>Kherson</mark> third."]
