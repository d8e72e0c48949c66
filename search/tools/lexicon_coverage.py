"""How much of real news the domain lexicon covers, per language (`manage.py
lexicon_coverage`), and which frequent words it misses, so an archivist sees what to add.

Corpora are JSON lines in the archive's import format (title, body, language where given,
else detected as the archive detects it); a parallel record with `en_title`/`en_body`,
`uk_title`/`uk_body`... counts as one document per language.

Each line of a document is analysed as the index analyses it, and the lexicon's longest
terms are found in it as a query's would be (search/text/lexicon.py), so a word inside a
multi-word term ("front line") counts as covered. What is counted are CONTENT words:
- Ukrainian and Russian: Cyrillic nouns, adjectives, verbs, participles and unknown words
  (pymorphy3's first reading; not a word with any reading as a preposition, conjunction,
  particle, pronoun or numeral, nor pronominal adjectives such as наш, который); Latin
  words in their text are links, channel and foreign names, and not counted;
- English: words not in FUNCTION_WORDS (pronouns, articles, prepositions, conjunctions,
  auxiliaries, the commonest adverbs);
- never a number, a word with a digit, a word written with a capital letter anywhere but at
  the start of a sentence (a crude filter of names; abbreviations in capitals stay), nor a
  spelling of a person or place of the spelling-variant table.
A distinct word (its analysed form) counts as covered when most of its occurrences are.
"""
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from search.engine import variants
from search.text import analysis, lexicon as lexicon_module
from search.text.detection import detect
from search.text.transliteration import is_cyrillic
from search.text.term_forms import morphological_analyser

LANGUAGES = lexicon_module.LANGUAGES
TOP_SIZES = (500, 2000)
NAME_KINDS = {"person", "city", "region", "river", "country"}
CONTENT_POS = {"NOUN", "ADJF", "ADJS", "VERB", "INFN", "PRTF", "PRTS", "GRND", None}
# A word with any reading as one of these is a function word (до is a preposition before
# it is a musical note, як a conjunction before it is a yak).
FUNCTION_POS = {"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "NUMR"}
NOT_CONTENT = {"Apro", "Anum"}          # наш, который, один: pronouns and numerals in form
SENTENCE_END = ".!?…:"
OPENERS = " \t\"'«»„“”‘’()[]*_-–—•#>|"
HAS_DIGIT = re.compile(r"\d")
FUNCTION_WORDS = frozenset("""
a about above after again against all almost along already also although always am among an
and another any anyone anything are around as at be because been before being below between
both but by can cannot could did do does doing done down during each either else even ever
every few for from further had has have having he her here hers herself him himself his how
however i if in into is it its itself just least less many may me might more most much must my
myself neither never no nor not now of off often on once one only onto or other others otherwise
our ours ourselves out over own per perhaps quite rather same several shall she should since so
some someone something still such than that the their theirs them themselves then there
therefore these they this those though through thus to together too toward towards under
until up upon us very via was we were what whatever when where whether which while who whom
whose why will with within without would yet you your yours yourself yourselves
""".split())
# Words pymorphy3 leaves unread or reads as content, though they carry no topic.
EXTRA_FUNCTION_WORDS = {"uk": {"вже", "ще", "тож", "зараз", "бо"},
                        "ru": {"еще", "ещё", "уже", "тоже"}}


@dataclass
class Coverage:
    """One language's counts: content tokens, and occurrences per analysed word."""
    documents: int = 0
    tokens: int = 0
    covered: int = 0
    words: Counter = field(default_factory=Counter)           # analysed -> occurrences
    covered_words: Counter = field(default_factory=Counter)   # analysed -> covered ones
    spellings: dict = field(default_factory=dict)             # analysed -> Counter(plain)


def documents(path):
    """(language, text) of each document of a JSON lines file."""
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            parallel = [lang for lang in LANGUAGES if record.get(f"{lang}_body")]
            for lang in parallel:
                yield lang, f"{record.get(f'{lang}_title') or ''}\n{record[f'{lang}_body']}"
            if not parallel:
                text = f"{record.get('title') or ''}\n{record.get('body') or ''}"
                yield record.get("language") or detect(text), text


def measure(paths, lexicon):
    """Language -> Coverage of the documents of `paths` by `lexicon`."""
    found = {lang: Coverage() for lang in LANGUAGES}
    names = name_forms()
    for path in paths:
        for lang, text in documents(path):
            if lang in found:
                found[lang].documents += 1
                for line in text.splitlines():
                    count_line(line, lang, lexicon, names, found[lang])
    return found


def count_line(line, lang, lexicon, names, coverage):
    tokens = line_tokens(line, lang)
    words = [term for term, _, _, _ in tokens]
    plain = [word if lang == "en" else raw for _, word, raw, _ in tokens]
    covered = set()
    for match in lexicon.translations(words, lang, plain):
        covered.update(range(match.start, match.end))
    for position, (term, word, _, content) in enumerate(tokens):
        if not content or (lang, term) in names:
            continue
        coverage.tokens += 1
        coverage.words[term] += 1
        coverage.spellings.setdefault(term, Counter())[word] += 1
        if position in covered:
            coverage.covered += 1
            coverage.covered_words[term] += 1


def line_tokens(line, lang):
    """(analysed term, normalised word, word as written, whether a content word) of each
    word the index keeps."""
    tokens, analysed_word = [], analysis.words_of(lang)
    for match in analysis.WORD.finditer(line):
        raw = match.group(0)
        word, term = analysed_word(raw)
        if term is None:
            continue
        at_start = line[:match.start()].rstrip(OPENERS)[-1:] in ("", *SENTENCE_END)
        tokens.append((term, word, raw, is_content(raw, word, lang, at_start)))
    return tokens


def is_content(raw, word, lang, at_start):
    if HAS_DIGIT.search(word) or len(word) < 2:
        return False
    if raw[0].isupper() and not at_start and not raw.isupper():
        return False                     # a name, as far as a capital letter tells
    if lang == "en":
        return word not in FUNCTION_WORDS and not is_cyrillic(word)
    return word not in EXTRA_FUNCTION_WORDS.get(lang, ()) and part_of_speech_is_content(word, lang)


@lru_cache(maxsize=200_000)
def part_of_speech_is_content(word, lang):
    if not is_cyrillic(word):
        return False
    parses = morphological_analyser(lang).parse(word)
    tag = parses[0].tag
    return (tag.POS in CONTENT_POS and not NOT_CONTENT & tag.grammemes
            and not any(parse.tag.POS in FUNCTION_POS for parse in parses))


def name_forms():
    """(language, analysed word) of every one-word spelling of a person or a place in the
    spelling-variant table."""
    found = set()
    with open(variants.TABLE, encoding="utf-8") as lines:
        for kind, texts in variants.table_rows(lines):
            if kind in NAME_KINDS:
                for lang, text in map(tagged_spelling, texts):
                    terms = analysis.terms(text, lang)
                    if len(terms) == 1:
                        found.add((lang, terms[0]))
    return found


def tagged_spelling(text):
    """(language, text) of a spelling of the variant table: uk:Київ, ru:Киев, Kyiv."""
    lang, colon, rest = text.partition(":")
    return (lang, rest) if colon and lang in LANGUAGES else ("en", text)


def variant_concepts():
    """The spelling-variant table's groups with spellings in more than one language, as
    concepts: what the archive translates without a lexicon."""
    found = []
    with open(variants.TABLE, encoding="utf-8") as lines:
        for number, (kind, texts) in enumerate(variants.table_rows(lines), 1):
            tagged = [tagged_spelling(text) for text in texts]
            if len({lang for lang, _ in tagged}) < 2:
                continue
            terms = tuple(lexicon_module.term_of(lang, text) for lang, text in tagged
                          if analysis.terms(text, lang))
            found.append(lexicon_module.Concept(kind, terms, f"variants.tsv group {number}"))
    return found


def report(coverage, top=30):
    """A plain dict of one language's figures (what the command prints and writes)."""
    ranked = [word for word, _ in coverage.words.most_common()]
    is_covered = {w: 2 * coverage.covered_words[w] > coverage.words[w] for w in ranked}
    uncovered = [w for w in ranked if not is_covered[w]][:top]
    return {
        "documents": coverage.documents,
        "content_tokens": coverage.tokens,
        "covered_tokens": coverage.covered,
        "token_share": coverage.covered / coverage.tokens if coverage.tokens else 0.0,
        "distinct_words": len(ranked),
        **{f"top_{n}_share": sum(map(is_covered.get, ranked[:n])) / min(n, len(ranked))
           if ranked else 0.0 for n in TOP_SIZES},
        "uncovered": [(coverage.spellings[w].most_common(1)[0][0], coverage.words[w])
                      for w in uncovered],
    }
