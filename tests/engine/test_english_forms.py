"""English forms the stemmer cannot join: irregular verbs and the adjectives of places."""
from search.text.english_forms import family_terms


def test_irregular_forms_of_a_verb_are_one_family():
    assert family_terms("sunk") == ("sank", "sink")
    assert family_terms("sank") == ("sink", "sunk")
    assert family_terms("sinking") == ("sank", "sunk")      # through its stem
    assert family_terms("struck") == ("strike",)


def test_a_form_that_is_also_a_noun_or_adjective_of_its_own_is_in_no_family():
    assert family_terms("left") == ()       # "left bank" must not find "leave"
    assert family_terms("shot") == ()
    assert family_terms("founded") == ()    # "found" is find's past, not this word's


def test_places_meet_their_adjectives_and_demonyms():
    assert family_terms("Crimean") == ("crimea",)
    assert family_terms("Crimea") == ("crimean",)
    assert family_terms("Ukrainian’s") == ("ukrain",)
    assert family_terms("Ukrainians") == ("ukrain",)
    assert family_terms("bridge") == ()


def test_a_search_for_sunk_finds_sank_and_marks_it(archive):
    archive.article("Flagship", "The cruiser Moskva sank in the Black Sea.")
    archive.article("Sinking", "The Moskva was sinking after the strike.")
    archive.article("Other", "A cruiser visited the port.")
    page = archive.run("Moskva sunk")
    assert sorted(page.headlines()[:2]) == ["Flagship", "Sinking"]
    assert "<mark>sank</mark>" in page.results[[r.article.headline for r in page.results]
                                               .index("Flagship")].html[0]


def test_a_search_for_crimea_finds_the_crimean_bridge(archive):
    archive.article("Bridge", "An explosion damaged the Crimean bridge.")
    archive.article("Elsewhere", "A bridge over the river was repaired.")
    page = archive.run("Crimea bridge", within="paragraph")
    assert page.headlines() == ["Bridge"]


def test_a_quoted_word_is_that_spelling_only(archive):
    archive.article("Flagship", "The cruiser Moskva sank in the Black Sea.")
    assert archive.run('"sunk"').headlines() == []


def test_the_table_keeps_only_the_forms_the_stemmer_cannot_join(tmp_path):
    import gzip

    from search.tools.irregular_verbs import irregular, read_table
    rows = ["sink,noun,sinks", "sink,verb,sank,sunk,sinking,sinks",
            "leave,verb,left,left,leaving,leaves", "left,adj,left",
            "gas,verb,gassed,gassed,gassing,gases", "Kiev,noun,Kievs"]
    path = tmp_path / "infl_lu.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("\n".join(rows) + "\n")
    assert irregular(*read_table(path)) == [("sink", ["sank", "sunk"])]
