"""Across scripts: a Latin name reaches Cyrillic text, and a Cyrillic one Latin text, and
nothing else does.

Latin to Cyrillic: at indexing, every Cyrillic term of an article (a Ukrainian lemma, a
Russian stem, an unstemmed word) is romanised both ways (transliteration.py), folded to
a key, and written as "key|term" in the article document's `scripts` field
(analysis.script_keys). A Latin word's folded key is then a prefix lookup in that field's
lexicon, which names the Cyrillic terms that may spell it: Kursk -> курськ, курський,
курск. (Scanning the `text` lexicon for its Cyrillic terms instead took 4 s per index
generation on the Cyrillic corpora.) Keys join romanisations loosely (y, i and j are one
letter, doubled letters one, final vowels dropped), so which of them are taken is ruled:

- never for an ordinary English word (text/word_languages.py: crime is not Крим, drones
  not дрон, tank not танк; the lexicon translates those);
- only a term one of whose written forms romanises exactly, by the Ukrainian or the
  Russian standard, to the word or to one of its variant spellings (the variant table's
  group, which names the spellings people use: Zelensky, Zelenskyi, Zelenskiy ->
  зеленський, and the Russian stem зеленск of Зеленский): Pokrovsk -> покровськ,
  покровск; Bucha -> буча and the Russian stem буч (of Буча). So a typo does not switch
  scripts (Zelenskky romanises nothing: "did you mean" offers Zelensky);
- never a Cyrillic function word (крім, "except", is the German Krim romanised).

Cyrillic to Latin: the word and its lemma or stem are romanised by both national
standards and analysed as English (Курськ -> kursk, Путін -> putin, Харкова -> kharkiv
through the lemma харків), unless the romanisation is an ordinary English word (танк is
not the English "tank": the lexicon says so where it is).
"""
from ..text.analysis import SCRIPT_JOINER, normalise, stem
from ..text.transliteration import MIN_KEY, fold, is_cyrillic, romanise_ru, romanise_uk
from ..text.word_languages import is_function_word, is_ordinary_english

SCRIPTS = "scripts"        # the index field of "key|term" values (analysis.script_keys)
MAX_TERMS = 12             # a key shared by more Cyrillic terms than this is too vague
WRITTEN_FORMS = 40         # written forms of a Russian stem looked at for an exact match


def cyrillic_terms(searching, words):
    """The Cyrillic terms of the archive that the Latin `words` (spellings of one word)
    transliterate exactly (module docstring)."""
    plain = {p for p in map(normalise, words) if p and not is_cyrillic(p)
             and not is_ordinary_english(p)}
    found = []
    for key in sorted({k for p in plain for k in (fold(p), fold(stem(p)))}):
        if len(key) < MIN_KEY:
            continue
        prefix = key + SCRIPT_JOINER
        terms = [t[len(prefix):] for t in searching.prefix_terms(SCRIPTS, prefix)]
        if len(terms) <= MAX_TERMS:
            found += [t for t in terms if t not in found]
    return [t for t in found if not is_function_word(t) and romanises_to(searching, t, plain)]


def romanises_to(searching, term, words):
    """Whether the Cyrillic `term` or a written form of it (a word of the `spell` field
    that starts with it: буча for the stem буч) romanises to one of `words` exactly."""
    if romanisations(term) & words:
        return True
    for i, (word, _frequency) in enumerate(searching.prefix_frequencies("spell", term)):
        if i >= WRITTEN_FORMS:
            return False
        if romanisations(word) & words:
            return True
    return False


def romanisations(cyrillic):
    return {romanise_uk(cyrillic), romanise_ru(cyrillic)}


def latin_terms(word, forms):
    """English terms for the Cyrillic `word`, from it and its analysed `forms` romanised;
    none that is an ordinary English word."""
    if not is_cyrillic(word):
        return []
    spellings = {normalise(word)} | {f for f in forms if is_cyrillic(f)}
    found = []
    for spelling in sorted(spellings):
        for latin in sorted(romanisations(spelling)):
            term = stem(latin)
            if len(fold(term)) >= MIN_KEY and term not in found \
                    and not is_ordinary_english(latin):
                found.append(term)
    return found


def shown_as(searching, term):
    """A word as written for a matched term: a Russian stem (зеленск) shows as a
    real form of it from the `spell` field (зеленский), a lemma as itself."""
    if searching.has_term("spell", term):
        return term
    for word, _frequency in searching.prefix_frequencies("spell", term):
        return word
    return term
