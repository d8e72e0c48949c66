"""Cyrillic to Latin by the national standards, and one key that romanisations share.

`romanise_uk` is Ukraine's official romanisation (Cabinet of Ministers resolution 55 of
2010: Київ -> Kyiv, Зеленський -> Zelenskyi, Запоріжжя -> Zaporizhzhia), which the English
press now mostly follows. `romanise_ru` is BGN/PCGN for Russian without its diacritics and
apostrophes (Харьков -> Kharkov, Зеленский -> Zelenskiy, Киев -> Kiyev), the scheme
behind most Russian names in English text.

`fold(latin)` maps the romanisations of one name to one key: y, j and i are one letter,
doubled letters count once, w is v and final vowels are dropped, so Zelensky, Zelenskyy,
Zelenskiy, Zelenskyi and the romanised Зеленський and Зеленский all fold to "zelensk", and
Odesa and Odessa to "odes". A key is for matching only, never shown. It does not join
what spells differently beyond that (Kharkiv and Kharkov): the variant table does.

Written here rather than taken from a package: the two tables are 33 letters each and
their position rules (Ukrainian є ї й ю я spelled ye yi y yu ya at the start of a word,
зг as zgh; Russian е as ye after a vowel) are a few lines.
"""
import re
from functools import lru_cache

UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia",
    # Russian letters met in Ukrainian text (quotations, names): spelled as Russian would be
    "ё": "e", "ъ": "", "ы": "y", "э": "e",
}
UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Ukrainian letters met in Russian text
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}
RU_VOWELS = set("аеёиоуыэюяіїє")
APOSTROPHES = "'\u2019\u02bc`"
VOWELS = "aeiou"
MIN_KEY = 4        # shorter keys are not used to match across scripts (too many meet by chance)
UKRAINIAN_MARKS = set("іїєґ") | set(APOSTROPHES)


def romanise_uk(word):
    """`word` (lower case) in the Ukrainian national romanisation of 2010."""
    out = []
    for i, ch in enumerate(word):
        if ch in APOSTROPHES:
            continue
        if i == 0 and ch in UK_INITIAL:
            out.append(UK_INITIAL[ch])
        elif ch == "г" and i > 0 and word[i - 1] == "з":
            out.append("gh")      # зг is zgh, not zh: Згурівка -> Zghurivka
        else:
            out.append(UK.get(ch, ch))
    return "".join(out)


def romanise_ru(word):
    """`word` (lower case) in BGN/PCGN for Russian, without diacritics or apostrophes."""
    out = []
    for i, ch in enumerate(word):
        if ch in APOSTROPHES:
            continue
        if ch in "её" and (i == 0 or word[i - 1] in RU_VOWELS or word[i - 1] in "ъь"):
            out.append("ye")
        else:
            out.append(RU.get(ch, ch))
    return "".join(out)


def romanise_text(text):
    """Every Cyrillic word of `text` romanised, by the Ukrainian standard when it has a
    letter only Ukrainian has (і ї є ґ, or an apostrophe), else by the Russian one;
    capitals kept."""
    return CYRILLIC_WORD.sub(_romanise_word, text)


def _romanise_word(match):
    word = match.group(0)
    lower = word.lower()
    latin = romanise_uk(lower) if set(lower) & UKRAINIAN_MARKS else romanise_ru(lower)
    if word.isupper() and len(word) > 1:
        return latin.upper()
    return latin[:1].upper() + latin[1:] if word[:1].isupper() else latin


def sort_key(text):
    """A key that sorts Cyrillic names in alphabetical order (Ukrainian і ї є ґ and
    Russian ё ъ ы э in their places, which code point order misplaces), Latin as usual."""
    return text.lower().translate(_ALPHABET_ORDER)


def fold(latin):
    """The key romanisations of one word share (see the module docstring)."""
    letters = latin.lower().translate(_FOLD_LETTERS)
    out = []
    for ch in letters:
        if ch.isalnum() and (not out or out[-1] != ch):
            out.append(ch)
    while len(out) > 3 and out[-1] in VOWELS:
        out.pop()
    return "".join(out)


_FOLD_LETTERS = str.maketrans({"y": "i", "j": "i", "w": "v"})
CYRILLIC_WORD = re.compile(r"[\u0400-\u052f][\u0400-\u052f'\u2019\u02bc]*")
# The Ukrainian and Russian alphabets merged (each keeps its own order), mapped onto
# private-use code points in that order, so Cyrillic sorts after Latin and in order.
ALPHABET = "абвгґдеёєжзиіїйклмнопрстуфхцчшщъыьэюя"
_ALPHABET_ORDER = {ord(ch): 0xE000 + i for i, ch in enumerate(ALPHABET)}


def is_cyrillic(word):
    """Whether the word's first letter is Cyrillic (U+0400 to U+052F)."""
    return bool(word) and "\u0400" <= word[0] <= "\u052f"


def script_of(text):
    """The script a word is written in, as the page names it."""
    return "Cyrillic" if is_cyrillic(text) else "Latin"


@lru_cache(maxsize=100_000)       # indexing asks again for every article's terms
def keys(cyrillic_word):
    """The folded keys of a Cyrillic word under both romanisations (one or two)."""
    return frozenset({fold(romanise_uk(cyrillic_word)), fold(romanise_ru(cyrillic_word))})
