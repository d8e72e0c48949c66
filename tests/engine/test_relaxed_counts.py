"""A relaxed search counts, facets and pages only the near misses it shows."""


def one_word_articles(archive):
    for n in range(6):
        archive.article(f"Oil only {n}", f"Oil tankers waited outside the port on day {n}.",
                        outlet_name="Kyiv Independent")


def test_it_counts_only_the_articles_with_at_least_two_of_the_words(archive):
    archive.article("Two words", "Russian exports of oil fell sharply in the spring.")
    archive.article("Three words", "The price cap on Russian crude was debated for weeks.")
    one_word_articles(archive)
    page = archive.run("Russian oil price cap")
    assert page.response.relaxed
    assert sorted(page.headlines()) == ["Three words", "Two words"]
    assert page.response.total_articles == 2
    assert [(o.name, o.count) for o in page.response.facets.outlets] == [("Reuters", 2)]
    assert sum(b.count for b in page.response.facets.published) == 2


def test_its_notice_says_the_rule_in_words(archive):
    archive.article("Two words", "Russian exports of oil fell sharply in the spring.")
    one_word_articles(archive)
    page = archive.run("Russian oil price cap")
    assert ("No article has all of the words, so articles with at least two of the four "
            "searched words are shown, those with more (and rarer) of them first."
            ) in page.response.notices


def test_a_two_word_query_no_paragraph_matches_whole_still_shows_either_word(archive):
    archive.article("Grain", "The grain left port.")
    archive.article("Corridor", "A corridor was opened.")
    page = archive.run("grain corridor")
    assert page.response.relaxed
    assert page.response.total_articles == 2
