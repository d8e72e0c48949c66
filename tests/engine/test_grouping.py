"""Results are articles ranked by their best paragraph, with up to three paragraphs shown."""
from datetime import date


def test_it_groups_paragraphs_by_article_and_shows_the_best_three(archive):
    archive.article("Long report", *[f"Paragraph {i} mentions artillery." for i in range(6)],
                    "Artillery artillery artillery: the artillery duel.")
    [result] = archive.run("artillery").results
    assert result.count == 7
    assert len(result.paragraphs) == 3
    # the paragraph that says it most is chosen, and the three are shown in reading order
    assert [p.position for p in result.paragraphs][-1] == 6
    assert [p.position for p in result.paragraphs] == sorted(p.position for p in result.paragraphs)


def test_it_ranks_by_best_paragraph_and_lightly_by_count(archive):
    archive.article("One strong paragraph", "Sanctions sanctions sanctions on oil.")
    archive.article("Passing mentions", "Sanctions were mentioned.", "Nothing else here.")
    assert archive.run("sanctions").headlines()[0] == "One strong paragraph"


def test_it_lists_paragraphs_flat_on_request(archive):
    archive.article("Two hits", "Kherson first.", "Kherson second.", published=date(2024, 1, 1))
    archive.article("One hit", "Kherson once.", published=date(2023, 1, 1))
    page = archive.run("kherson", group="paragraph", sort="newest")
    assert [len(r.paragraphs) for r in page.results] == [1, 1, 1]
    assert [r.html[0] for r in page.results] == [
        "<mark>Kherson</mark> first.", "<mark>Kherson</mark> second.", "<mark>Kherson</mark> once."]
    assert page.response.total_paragraphs == 3 and page.response.pages == 1


def test_it_pages_stably_and_an_empty_page_past_the_end(archive):
    for i in range(25):
        # a different text each (25 copies of one text would be one outlet's boilerplate)
        archive.article(f"Report {i:02d}", f"Mariupol siege, day {i + 1}.",
                        published=date(2022, 3, 1 + i))
    first = archive.run("mariupol", per_page=10, page=1)
    again = archive.run("mariupol", per_page=10, page=1)
    second = archive.run("mariupol", per_page=10, page=2)
    assert first.headlines() == again.headlines()
    assert not set(first.headlines()) & set(second.headlines())
    assert first.response.pages == 3 and first.response.total_articles == 25
    past = archive.run("mariupol", per_page=10, page=9)
    assert past.results == [] and past.response.page == 9 and past.response.pages == 3
    assert len(archive.run("mariupol", per_page=20, page=2).results) == 5


def test_it_counts_only_paragraphs_that_themselves_match_not_the_headline(archive):
    archive.article("Zelensky visits the front", "He met soldiers near Pokrovsk.",
                    "Zelensky praised the brigade.", "Nothing else of note today.")
    page = archive.run("zelensky")
    [result] = page.results
    assert result.count == 1
    assert result.html == ["<mark>Zelensky</mark> praised the brigade."]
    assert page.response.total_paragraphs == 1


def test_it_shows_the_opening_paragraphs_for_a_headline_field_search(archive):
    archive.article("A turning point in Kursk", "Troops crossed the border.", "Then they dug in.")
    [result] = archive.run("headline:kursk").results
    assert [p.position for p in result.paragraphs] == [0, 1]
