"""Text analysis at the bottom of the search: plain Python, no Django, no Whoosh.

    detection.py        the language of an article and of each paragraph (py3langid)
    morphology.py       one analyser per language: English and Russian Snowball stems,
                        Ukrainian lemmas (pymorphy3)
    analysis.py         how text becomes index terms: words, folding, stop words, stems,
                        the pairs of common terms, the forms of a query in each language
    transliteration.py  Cyrillic to Latin by the national standards; the key romanisations
                        share; which script a word is in
    dates.py            dates as people read them, at the precision they are known
    lexicon.py          the domain lexicon (data/lexicon*.tsv): concepts with their English,
                        Ukrainian and Russian terms, and the lookup a query translation makes
    term_forms.py       the index terms a lexicon term's inflections are analysed to, and the
                        dictionary forms a query word may be a form of

It imports nothing else of the project: the archive's models (languages, slugs), the
index (terms to write) and the engine (terms to look up) all use it directly.
"""
