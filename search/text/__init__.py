"""Language analysis at the bottom of search: plain Python, no Django, no Whoosh.

Issue 21 moves the analysis modules here (analysis, morphology, transliteration); the
domain lexicon (lexicon.py, term_forms.py, data/lexicon*.tsv) is the first to live here.
"""
