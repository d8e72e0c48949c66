"""Short queries are graded: every word first (in one paragraph, then across the
article), then most of the words, rarer ones counting more; `within` asks for every
word in one paragraph or in one article, and nothing else."""


def grain_and_odesa(archive):
    archive.article("Across paragraphs", "Grain prices rose again this week.",
                    "Ships were loaded in Odesa before dawn.")
    archive.article("One paragraph", "Grain left Odesa under the corridor deal.")
    archive.article("Grain only", "Grain harvests were smaller than last year.")
    archive.article("Neither", "Drones struck the capital overnight.")


def test_articles_with_every_word_come_first_then_those_with_some(archive):
    grain_and_odesa(archive)
    page = archive.run("grain Odesa")
    assert page.headlines() == ["One paragraph", "Across paragraphs", "Grain only"]
    assert page.response.relaxed
    assert (page.response.all_words_articles, page.response.some_words_articles) == (2, 1)
    assert any("Articles with all of the words come first" in n for n in page.response.notices)


def test_within_article_keeps_only_the_articles_with_every_word(archive):
    grain_and_odesa(archive)
    page = archive.run("grain Odesa", within="article")
    assert page.headlines() == ["One paragraph", "Across paragraphs"]
    assert not page.response.relaxed
    assert (page.response.all_words_articles, page.response.some_words_articles) == (2, 0)
    # the article's paragraphs with either word are its matching ones, shown
    across = page.results[1]
    assert [p.text for p in across.paragraphs] == ["Grain prices rose again this week.",
                                                   "Ships were loaded in Odesa before dawn."]


def test_within_paragraph_keeps_only_the_paragraphs_with_every_word(archive):
    grain_and_odesa(archive)
    page = archive.run("grain Odesa", within="paragraph")
    assert page.headlines() == ["One paragraph"]
    assert not page.response.relaxed
    assert page.response.total_articles == 1


def test_a_missing_rare_word_costs_more_than_a_missing_common_one(archive):
    for n in range(8):
        archive.article(f"Corridor {n}", f"The corridor talks went on for day {n}.")
    archive.article("Lacks corridor", "Grain ships reached Odesa on Monday.")
    archive.article("Lacks Odesa", "Grain ships used the corridor on Monday.")
    page = archive.run("grain Odesa corridor")
    assert page.headlines()[:2] == ["Lacks corridor", "Lacks Odesa"]


def test_by_date_the_articles_with_every_word_still_come_first(archive):
    from datetime import date
    archive.article("Old whole", "Grain left Odesa.", published=date(2022, 1, 1))
    archive.article("New part", "Grain was stored.", published=date(2024, 1, 1))
    page = archive.run("grain Odesa", sort="newest")
    assert page.headlines() == ["Old whole", "New part"]


def test_a_query_with_no_article_holding_every_word_says_so(archive):
    archive.article("Wagner", "Wagner fighters left the town.")
    page = archive.run("Wagner mutiny")
    assert page.headlines() == ["Wagner"]
    assert page.response.all_words_articles == 0
    assert any(n.startswith("No article has all of the words") for n in page.response.notices)
