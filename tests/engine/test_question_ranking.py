"""Long plain-language questions: what decides the order of their relaxed results."""
from datetime import date


def test_it_ranks_a_paragraph_with_the_words_side_by_side_first(archive):
    archive.article("Apart", "The grain left port. Weeks later a corridor was opened for ships.")
    archive.article("Together", "A grain corridor was opened for ships leaving the port.")
    archive.article("Other", "Drones struck the capital overnight.")
    page = archive.run("what can anyone tell me about the grain corridor and tanks")
    assert page.response.relaxed
    assert page.headlines()[0] == "Together"


def test_it_ignores_question_filler_when_ranking(archive):
    archive.article("Filler", "What can anyone say? What must there be? What anyone can say.")
    archive.article("Subject", "Air defence systems were delivered to the region.")
    page = archive.run("what air defence systems can anyone find there")
    assert page.response.relaxed
    assert page.headlines() == ["Subject"]


def test_a_query_of_four_words_that_few_articles_match_whole_shows_the_near_misses_after(archive):
    archive.article("Near miss", "Oil sanctions hit insurers. Oil sanctions, insurers, sanctions.")
    archive.article("Whole", "Shipping was one of many subjects of a long night of talks in "
                            "Brussels, where the ministers of the member states agreed on trade, "
                            "energy, finance and transport measures, new rules for insurers and, "
                            "at last, a ceiling on the price of oil, though not yet sanctions.")
    archive.article("Unrelated", "Drones struck the capital overnight.")
    page = archive.run("oil sanctions shipping insurers")
    assert page.response.relaxed
    assert page.headlines() == ["Whole", "Near miss"]
    assert any("Articles with all of the words come first" in notice
               for notice in page.response.notices)


def test_a_query_of_three_words_shows_the_near_misses_after_the_whole_matches(archive):
    archive.article("Whole", "Ministers agreed oil sanctions on shipping.")
    archive.article("Half", "Sanctions on shipping were discussed.")
    page = archive.run("oil sanctions shipping")
    assert page.response.relaxed
    assert page.headlines() == ["Whole", "Half"]
    assert archive.run("oil sanctions shipping", within="paragraph").headlines() == ["Whole"]


def test_sorted_by_date_the_whole_matches_still_come_before_the_near_misses(archive):
    archive.article("Whole, older", "Oil sanctions on shipping insurers were agreed.",
                    published=date(2022, 3, 1))
    archive.article("Near miss, newer", "Oil sanctions on insurers were discussed.",
                    published=date(2024, 3, 1))
    archive.article("Near miss, oldest", "Oil sanctions were first discussed.",
                    published=date(2021, 3, 1))
    newest = archive.run("oil sanctions shipping insurers", sort="newest")
    assert newest.headlines() == ["Whole, older", "Near miss, newer", "Near miss, oldest"]
    oldest = archive.run("oil sanctions shipping insurers", sort="oldest")
    assert oldest.headlines() == ["Whole, older", "Near miss, oldest", "Near miss, newer"]
