"""The best candidates of a relaxed question, their paragraphs read again and analysed.

Proximity (proximity.py) needs where the query's words stand in each of the best
CANDIDATES paragraphs, and feedback (feedback.py) which words they use. Whoosh stores
positions inside its posting blocks, and reading them means unpickling a block
(positions and all) per candidate per word: about 150 ms for a seven-word question at
200,000 paragraphs. Reading the hundred paragraphs' texts (the engine is handed a
`paragraph_texts` function: it reads no database itself) and analysing them as the index
analysed them (analysis.py: the `text` field holds exactly terms(text, its language), positions counted
the same way) gives the same positions and frequencies in about a tenth of that. A
paragraph edited since the index caught up is read as it is now.
"""
from ..text.analysis import terms as analysed_terms

# How many of the best candidates are re-read (the rest keep their score).
CANDIDATES = 100


def candidate_terms(s, docs, paragraph_texts):
    """docnum -> the analysed terms of its paragraph's text, in order, for the docnums
    `docs` that are paragraphs (an article's own document has no text).
    `paragraph_texts([chunk pk])` gives {chunk pk: text}."""
    chunk_of = {}
    for d in docs:
        chunk = s.chunk_of(d)
        if chunk:
            chunk_of[d] = chunk
    texts = paragraph_texts(list(chunk_of.values()))
    info = s.info
    return {d: analysed_terms(texts[chunk], info.lang_codes[info.lang_array[d]])
            for d, chunk in chunk_of.items() if chunk in texts}
