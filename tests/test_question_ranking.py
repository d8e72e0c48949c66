"""Long plain-language questions: what decides the order of their relaxed results."""
from datetime import date

import pytest

from tests.search_archive import article, headlines, index, run

pytestmark = pytest.mark.django_db


def test_it_ranks_a_paragraph_with_the_words_side_by_side_first():
    article("Apart", "The grain left port. Weeks later a corridor was opened for ships.")
    article("Together", "A grain corridor was opened for ships leaving the port.")
    article("Other", "Drones struck the capital overnight.")
    index()
    response = run("what can anyone tell me about the grain corridor and tanks")
    assert response.relaxed
    assert headlines(response)[0] == "Together"


def test_it_ignores_question_filler_when_ranking():
    article("Filler", "What can anyone say? What must there be? What anyone can say.")
    article("Subject", "Air defence systems were delivered to the region.")
    index()
    response = run("what air defence systems can anyone find there")
    assert response.relaxed
    assert headlines(response) == ["Subject"]


def test_a_query_of_four_words_that_few_articles_match_whole_shows_the_near_misses_after():
    article("Near miss", "Oil sanctions hit insurers. Oil sanctions, insurers, sanctions.")
    article("Whole", "Shipping was one of many subjects of a long night of talks in "
                     "Brussels, where the ministers of the member states agreed on trade, "
                     "energy, finance and transport measures, new rules for insurers and, "
                     "at last, a ceiling on the price of oil, though not yet sanctions.")
    article("Unrelated", "Drones struck the capital overnight.")
    index()
    response = run("oil sanctions shipping insurers")
    assert response.relaxed
    assert headlines(response) == ["Whole", "Near miss"]
    assert any("shown after them" in notice for notice in response.notices)


def test_a_query_of_three_words_stays_strict_however_few_articles_match():
    article("Whole", "Ministers agreed oil sanctions on shipping.")
    article("Half", "Sanctions on shipping were discussed.")
    index()
    response = run("oil sanctions shipping")
    assert not response.relaxed
    assert headlines(response) == ["Whole"]


def test_sorted_by_date_the_whole_matches_still_come_before_the_near_misses():
    article("Whole, older", "Oil sanctions on shipping insurers were agreed.",
            published=date(2022, 3, 1))
    article("Near miss, newer", "Oil sanctions on insurers were discussed.",
            published=date(2024, 3, 1))
    article("Near miss, oldest", "Oil sanctions were first discussed.",
            published=date(2021, 3, 1))
    index()
    newest = run("oil sanctions shipping insurers", sort="newest")
    assert headlines(newest) == ["Whole, older", "Near miss, newer", "Near miss, oldest"]
    oldest = run("oil sanctions shipping insurers", sort="oldest")
    assert headlines(oldest) == ["Whole, older", "Near miss, oldest", "Near miss, newer"]
