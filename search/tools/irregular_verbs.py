"""Make search/text/data/irregular_verbs.tsv from LemmInflect's inflection table.

    python -m search.tools.irregular_verbs PATH/lemminflect/resources/infl_lu.csv.gz > \\
        search/text/data/irregular_verbs.tsv

LemmInflect (MIT, Brad Jascob; its table is drawn from the NIH SPECIALIST Lexicon) lists
every English verb with its past, past participle, -ing and -s forms. The stemmer joins
the regular ones already (sinking, sinks -> sink); only the forms it cannot join are
kept: those whose stem differs from the verb's and that are no regular inflection
(sank, sunk; not gassed, whose stem is only the stemmer's quirk). A form that is also a noun,
an adjective or an adverb of its own in the table (left, shot, saw, rose, fell, given,
known) is left out: "left bank" must not find "leave". The table is read, not imported,
so a search does not ask LemmInflect for each word: 240 lines read once a process
(about 0.1 s, every word stemmed), reviewable in a diff (LemmInflect itself, pinned since issue 22 to tell
ordinary English words from names, takes 1.5 to 2.8 s and 30 to 50 MB to load).
"""
import csv
import gzip
import sys
from pathlib import Path

from search.text.analysis import stem

HEADER = ("# English irregular verb forms the stemmer cannot join, one verb a line: the verb,\n"
          "# then its forms with another stem, space-separated. Made by\n"
          "# search/tools/irregular_verbs.py from LemmInflect 0.2.3's infl_lu.csv.gz (MIT,\n"
          "# Copyright (C) 2019 Brad Jascob; drawn from the NIH SPECIALIST Lexicon).\n")


def read_table(path):
    """(verbs: {verb: [forms]}, other: the words that are a noun, adjective or adverb)."""
    verbs, other = {}, set()
    with gzip.open(path, "rt", encoding="utf-8") as rows:
        for row in csv.reader(rows):
            lemma, pos, forms = row[0], row[1], row[2:]
            if pos == "verb":
                verbs[lemma] = [f for cell in forms for f in cell.split("/")]
            else:
                other.add(lemma.lower())
    return verbs, other


def regular(verb, form):
    """Whether `form` is a regular inflection of `verb` (s, es, ed, d, ing; a final e
    dropped, y to i, a consonant doubled, c to ck): the stemmer's quirks (gases: gase,
    referenced: referenc) are not this table's business."""
    stems = {verb, verb[:-1] if verb.endswith("e") else verb, verb + verb[-1],
             verb + "k" if verb.endswith("c") else verb}
    if verb.endswith("y"):
        stems.add(verb[:-1] + "i")
    return any(form == s + ending for s in stems for ending in ("s", "es", "ed", "d", "ing"))


def irregular(verbs, other):
    """[(verb, [forms with another stem])], in alphabetical order."""
    found = []
    for verb, forms in sorted(verbs.items()):
        if not verb.isalpha() or not verb.islower():
            continue            # names and abbreviations
        own = stem(verb)
        kept = sorted({f for f in forms if f.isalpha() and f.islower() and stem(f) != own
                       and f not in other and not regular(verb, f)})
        if kept:
            found.append((verb, kept))
    return found


def installed_table():
    """The table of the installed LemmInflect (requirements.txt pins it)."""
    import lemminflect
    return Path(lemminflect.__file__).parent / "resources" / "infl_lu.csv.gz"


def main(path):
    sys.stdout.write(HEADER)
    for verb, forms in irregular(*read_table(path)):
        sys.stdout.write(f"{verb}\t{' '.join(forms)}\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else installed_table())
