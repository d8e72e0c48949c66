"""Grouped results as the pages show them: marked headlines, openings, edited articles.
(How the engine groups and ranks: tests/engine/test_grouping.py.)"""
import pytest

from tests.search_archive import article, headlines, index, run

pytestmark = pytest.mark.django_db


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


def test_it_keeps_paragraphs_in_text_order_after_an_edit_adds_one_at_the_top():
    report = article("Edited report", "Kherson second.", "Kherson third.")
    report.body = "Kherson first.\n\n" + report.body
    report.save()
    index()
    response = run("kherson", group="paragraph", sort="newest")
    assert [r.paragraphs[0].html for r in response.results] == [
        "<mark>Kherson</mark> first.", "<mark>Kherson</mark> second.", "<mark>Kherson</mark> third."]
