"""Evaluate a query tree (search/engine/parsing.py) into matching docnums and what to score.

Whoosh's own matchers intersect posting lists one posting at a time and check phrase
positions document by document; at 200,000 paragraphs a two-word AND takes about half
a second that way. Here each term's posting list is read whole (search/index/postings.py) and
the tree is evaluated with the set operations of docsets.py over sorted numpy arrays,
which run in C: AND is an intersection, OR a union, NOT a difference. An exact phrase is a lookup in the `pairs` field (one term per
adjacent word pair), not a position scan. What a page must rank is then scored by
search/engine/scoring.py from the `Match.scored` synonym sets (synonyms.py).

A plain word searches the `text`, `headline` and `commentary` fields as one synonym set
(word_sets.py): its forms in each language the archive holds (analysis.query_forms:
"Курська" is the Ukrainian lemma курський and the Russian stem курськ), its variant
spellings (variants.py) and other-script terms (scripts.py) unless the request turned
them off, and its translations (translation.py) unless the request asked for the query's
own language only. Words of an AND that together are a variant spelling ("world war
two") or a lexicon term ("air defense") share that run's spellings and translations.
"""
from dataclasses import dataclass, field
from functools import partial

import numpy

from . import docsets
from ..text.analysis import normalise, pairs_of, query_forms, stem, terms as analyzed_terms
from .budget import Budget
from .parsing import And, DateBound, Not, Or, OutletIs, Phrase, Word
from .phrases import phrase_docs
from .scripts import shown_as
from .synonyms import synonyms, term
from ..text.transliteration import script_of
from .translation import shipped as shipped_lexicon, whole_translations, word_translations
from .variants import load as load_variants
from .word_sets import (SCRIPT, TRANSLATION, VARIANT, Member, distinct, english_members,
                        own_members, script_members, translation_members,
                        variant_english_members, variant_members)

DEFAULT_FIELDS = ("text", "headline", "commentary")
MAX_PREFIX_WORDS = 64      # a prefix that opens more words is bounded to the commonest
PREFIX_SCAN = 5000         # ... among the first this many words of the lexicon
MAX_FUZZY_WORDS = 20


@dataclass
class Match:
    """What a (sub)query matched, and what of it counts for ranking and marking."""
    docs: numpy.ndarray                              # a docset (docsets.py)
    scored: list = field(default_factory=list)      # synonym sets to score (synonyms.py)
    words: set = field(default_factory=set)         # analyzed terms to mark
    phrases: list = field(default_factory=list)     # term tuples to mark as phrases
    variants: list = field(default_factory=list)    # (spelling text, docs) of variants used
    scripts: set = field(default_factory=set)       # scripts reached by transliteration
    leaves: int = 0                                 # how many words/phrases (for relaxing)
    translations: list = field(default_factory=list)   # (language, term text, docs) added
    glosses: dict = field(default_factory=dict)     # translated terms -> (text, English label)


@dataclass
class Context:
    searching: object
    variants: bool = True
    notices: list = field(default_factory=list)
    outlet_names: dict = field(default_factory=dict)   # slug -> name, for outlet:
    table: object = None            # the Variants to use (None: the shipped table)
    budget: Budget = field(default_factory=Budget.start)   # the request's (budget.py)
    translate: bool = True          # add the lexicon's translations (translation.py)
    lexicon: object = None          # the Lexicon to use (None: the shipped one)
    languages: tuple = ()           # the query's own languages (language_ranking.py)


class Matcher:
    def __init__(self, context):
        self.ctx = context
        self.info = context.searching.info
        self.table = (context.table or load_variants()) if context.variants else None
        self.languages = self.info.languages
        self.lexicon = (context.lexicon or shipped_lexicon()) if context.translate else None
        self._leaves = {}       # id(Word or Phrase node) -> (node, its Match)
        self._runs = {}         # id(Word) -> (its run's variant Members, its Added terms)

    def forms(self, text):
        """The term sequences of `text` in each language of the archive."""
        return query_forms(text, self.languages)

    @property
    def universe(self):
        """Every live docnum, as a docset (built once per generation: columns.py)."""
        return self.info.live_docs

    # ------------------------------------------------------------ the tree

    def evaluate(self, node):
        """The Match of a query tree (None: the whole archive)."""
        if node is None:
            return Match(self.universe)
        if isinstance(node, And):
            return self.all_of(node.items)
        if isinstance(node, Or):
            return self.any_of([self.evaluate(i) for i in node.items])
        if isinstance(node, Not):
            return Match(docsets.minus(self.universe, self.evaluate(node.item).docs))
        if isinstance(node, (DateBound, OutletIs)):
            return Match(docsets.where(self.universe, self.predicate(node)(self.universe)))
        return self.leaf(node)

    def leaf(self, node):
        """The Match of a word or phrase, made once per search: a relaxed query asks for
        its words again (relaxing.py), and a word's forms, variants and other-script
        terms cost lookups in the index's lexicon every time."""
        known = self._leaves.get(id(node))
        if known is None:
            known = (node, self.phrase(node) if isinstance(node, Phrase) else self.word(node))
            self._leaves[id(node)] = known
        return known[1]

    def all_of(self, items):
        """AND: intersect the positive parts, then drop the negative ones and filter."""
        positives = [i for i in items if not isinstance(i, (Not, DateBound, OutletIs))]
        negatives = [i.item for i in items if isinstance(i, Not)]
        filters = [self.predicate(i) for i in items if isinstance(i, (DateBound, OutletIs))]
        parts = self.positive_parts(positives)
        docs = docsets.intersect(*(p.docs for p in parts)) if parts else self.universe
        for negative in negatives:
            if len(docs):
                docs = docsets.minus(docs, self.evaluate(negative).docs)
        for keep in filters:
            docs = docsets.where(docs, keep(docs))
        merged = combine(parts, docs)
        merged.leaves = sum(p.leaves for p in parts)
        return merged

    def positive_parts(self, items):
        """Matches of the AND's positive items; plain words that together spell a
        variant ("world war two") or a lexicon term ("air defense") share its other
        spellings ("Second World War") and translations (ППО)."""
        self.read_runs([i for i in items if isinstance(i, Word) and not i.field
                        and not i.prefix and not i.fuzzy])
        return [self.evaluate(i) for i in items]

    def read_runs(self, words):
        """Note, for each of the plain `words` of an AND (once), the variant spellings and
        the translations of the run of words it is part of."""
        if all(id(w) in self._runs for w in words):
            return
        texts = ["" if w.quoted else w.text for w in words]
        runs = []
        if self.table and len(words) > 1:
            terms = [((self.forms(t) or [("",)])[0] or ("",))[0] if t else "" for t in texts]
            runs = [r for r in self.table.runs(terms) if r.end - r.start > 1]
        added = word_translations(self.lexicon, texts) if self.lexicon else [None] * len(words)
        for i, word in enumerate(words):
            spellings = [Member(a.terms, VARIANT, a.text, label=a.form) for r in runs
                         if r.start <= i < r.end for a in r.alternatives]
            self._runs.setdefault(id(word), (spellings, added[i]))

    def any_of(self, parts):
        merged = combine(parts, docsets.union(*(p.docs for p in parts)))
        merged.leaves = 1
        return merged

    def predicate(self, node):
        """The test of a from:/to: or outlet: clause: a docset in, a boolean array out."""
        if isinstance(node, DateBound):
            published, bound = self.info.published_array, int(node.day.strftime("%Y%m%d"))
            if node.side == "from":
                return lambda docs: published[docs] >= bound
            return lambda docs: (published[docs] > 0) & (published[docs] <= bound)
        codes = sorted(self.outlet_codes(node.value))
        outlet = self.info.outlet_array
        return lambda docs: numpy.isin(outlet[docs], codes)

    def outlet_codes(self, value):
        wanted = normalise(value).replace(" ", "-")
        codes = {code for code, slug in enumerate(self.info.outlet_slugs)
                 if slug == wanted
                 or wanted in slug
                 or wanted.replace("-", " ") in normalise(self.ctx.outlet_names.get(slug, ""))}
        if not codes:
            self.ctx.notices.append(f"No outlet matches “{value}”.")
        return codes

    # ------------------------------------------------------------ words and phrases

    def word(self, node):
        if node.prefix or node.fuzzy:
            return self.expanded_word(node)
        if node.field == "authors":
            return self.terms_match([("authors", normalise(node.text))], node)
        forms = self.forms(node.text)
        if not forms:
            return Match(self.universe, leaves=0)    # a stop word: no constraint
        if len(forms[0]) > 1:
            return self.phrase(Phrase(node.text, node.field, quoted=node.quoted))
        fields = (node.field,) if node.field else DEFAULT_FIELDS
        return self.set_match(self.members(node, forms), fields, node.field)

    def members(self, node, forms):
        """The Members of the word's synonym set (word_sets.py); quotes mean the
        spelling typed: no variants, no other script, no translation."""
        if node.quoted:
            return own_members("", forms)
        members = own_members(node.text, forms) + english_members(node.text, self.languages)
        spellings, added = self._runs.get(id(node), ([], None))
        if self.table:
            spellings = variant_members(self.table, node.text, forms) + spellings
            spellings += variant_english_members(spellings, self.languages)
            members += spellings + self.within_budget(script_members(
                self.ctx.searching, node.text, forms,
                [m for m in spellings if m.kind == VARIANT]),
                f"other-script spellings of “{node.text}”")
        if self.lexicon and not node.field:
            if added is None:
                added = word_translations(self.lexicon, [node.text])[0]
            members += self.within_budget(translation_members(added),
                                          f"translations of “{node.text}”")
        return distinct(members)

    def within_budget(self, members, what):
        """As many of `members` as the request's cap on expanded terms allows. Not cut by
        its deadline: they are few per word (the lexicon's, the exact transliterations),
        and a search must not find other articles because a moment was busy."""
        if not members:
            return members
        return members[:self.ctx.budget.terms(len(members), what, deadline=False)]

    def set_match(self, members, fields, fieldname=""):
        """The Match of a synonym set: the documents with any member, scored as one
        pseudo-term per field (synonyms.py), each added spelling and translation named."""
        match, used = Match(docsets.EMPTY, leaves=1), []
        for member in members:
            docs = self.member_docs(member, fields, fieldname)
            if not len(docs):
                continue
            new = docsets.minus(docs, match.docs)
            match.docs = docsets.union(match.docs, docs)
            used.append(member)
            if len(member.terms) == 1 or member.kind == TRANSLATION:
                match.words.update(member.terms)
            else:
                match.phrases.append(member.terms)
            self.name_member(match, member, docs, new)
        languages = [m.lang if m.kind == TRANSLATION else "" for m in used]
        match.scored = [synonyms(f, [m.terms for m in used], languages)
                        for f in fields] if used else []
        return match

    def member_docs(self, member, fields, fieldname):
        """A member's documents: a term's; a spelling's words side by side; a
        translation's words anywhere in a paragraph of its language, as the words typed
        are searched (переговори про мир answers "peace talks" as "talks on peace" would)."""
        if len(member.terms) > 1 and member.kind != TRANSLATION:
            return self.phrase_terms(member.terms, fieldname, 0).docs
        docs = docsets.intersect(*(self.term_docs(t, fields) for t in member.terms))
        return self.in_language(docs, member.lang) if member.kind == TRANSLATION else docs

    def in_language(self, docs, lang):
        """The docnums of `docs` in language `lang`: a translation is searched in the
        text of its own language (ТОТ, a Ukrainian abbreviation, is Russian's тот)."""
        codes = self.info.lang_codes
        code = codes.index(lang) if lang in codes else -1
        return docsets.where(docs, self.info.lang_array[docs] == code)

    def term_docs(self, text, fields):
        return docsets.union(*(docsets.of(self.ctx.searching.postings(f, text).ids)
                               for f in fields))

    def name_member(self, match, member, docs, new):
        """Say what a variant spelling, an other-script term or a translation found."""
        if member.kind == VARIANT:     # a place's form named as what it is (its label)
            named = f"{member.text} ({member.label})" if member.label else member.text
            match.variants.append((named, docs))
            match.scripts.add(script_of(member.text))
        elif member.kind == SCRIPT and len(new):    # named when it found more, once
            shown = shown_as(self.ctx.searching, member.terms[0])
            if shown.lower() not in {spelling.lower() for spelling, _ in match.variants}:
                match.variants.append((shown, new))
                match.scripts.add(script_of(shown))
        elif member.kind == TRANSLATION:
            match.translations.append((member.lang, member.text, docs))
            if member.lang != "en":
                match.glosses[member.terms] = (member.text, member.label, member.lang)

    def terms_match(self, refs, node=None):
        docs = docsets.union(*(docsets.of(self.ctx.searching.postings(f, t).ids)
                               for f, t in refs))
        return Match(docs, scored=[term(f, t) for f, t in refs], leaves=1)

    def expanded_word(self, node):
        """prefix* and word~: the matching words of the `spell` field, then their stems."""
        raw = normalise(node.text)
        words = self.prefix_words(raw) if node.prefix else self.fuzzy_words(raw, node.fuzzy)
        fields, terms = ("authors",), words
        if node.field != "authors":
            fields = (node.field,) if node.field else DEFAULT_FIELDS
            terms = sorted({stem(w) for w in words})
        match = self.terms_match([(f, t) for t in terms for f in fields])
        match.scored = [synonyms(f, [(t,) for t in terms]) for f in fields]   # one word
        if node.field != "authors":
            match.words.update(terms)
        return match

    def prefix_words(self, prefix):
        budget = self.ctx.budget
        if budget.spent:
            budget.terms(1, f"words starting “{prefix}”")     # says what was skipped
            return []
        found = []
        words = self.ctx.searching.prefix_frequencies("spell", prefix)
        for i, (word, frequency) in enumerate(words):
            if i >= PREFIX_SCAN:
                self.ctx.notices.append(f"“{prefix}*” starts too many words; only the first "
                                        f"{PREFIX_SCAN} in alphabetical order were considered.")
                break
            if i % 100 == 99 and budget.expired(f"the words starting “{prefix}”"):
                break
            found.append((frequency, word))
        if len(found) > MAX_PREFIX_WORDS:
            self.ctx.notices.append(f"“{prefix}*” matches {len(found)} words; the "
                                    f"{MAX_PREFIX_WORDS} commonest were searched.")
            found = sorted(found, reverse=True)[:MAX_PREFIX_WORDS]
        allowed = budget.terms(len(found), f"words starting “{prefix}”")
        return [w for _, w in sorted(found, reverse=True)[:allowed]]

    def fuzzy_words(self, word, edits):
        """The word and the live words within `edits` of it, commonest first, from the
        generation's lexicon (search/index/spelling.py)."""
        s = self.ctx.searching
        budget = self.ctx.budget
        if budget.spent:
            budget.terms(1, f"spellings of “{word}~{edits}”")   # says what was skipped
            return [word]
        near = s.near_words(word, edits, MAX_FUZZY_WORDS)
        words = [word] + [w for w, _, _ in sorted(near, key=lambda n: -n[2]) if w != word]
        allowed = budget.terms(len(words), f"spellings of “{word}~{edits}”")
        return words[:max(allowed, 1)]

    def phrase(self, node):
        if node.field == "authors":   # unstemmed, and not in the pairs field: all the names
            parts = [self.terms_match([("authors", normalise(w))]) for w in node.text.split()]
            return combine(parts, docsets.intersect(*(p.docs for p in parts)))
        forms = self.forms(node.text)
        if not forms or len(forms[0]) <= 1:
            return (self.word(Word(node.text, node.field, quoted=node.quoted)) if forms
                    else Match(self.universe))
        match = self.phrase_terms(forms[0], node.field, node.slop)
        for terms in forms[1:]:      # the phrase as each other language reads it
            other = self.phrase_terms(terms, node.field, node.slop)
            match = combine([match, other], docsets.union(match.docs, other.docs))
            match.leaves = 1
        if self.table and node.field in ("", "headline", "commentary") and not node.quoted:
            for terms in forms:
                for run in self.table.runs(terms):
                    for alternative in run.alternatives:
                        swapped = terms[:run.start] + alternative.terms + terms[run.end:]
                        add_variant(match, alternative.shown,
                                    self.phrase_terms(swapped, node.field, node.slop))
        if self.lexicon and not node.field and not node.quoted:
            self.add_translations(match, node.text.split())
        return match

    def add_translations(self, match, words):
        """Widen an unquoted phrase's match ("counter-offensive") by the translations of
        the lexicon term it is, as one synonym set."""
        added = translation_members(whole_translations(self.lexicon, words))
        if added:
            other = self.set_match(self.within_budget(distinct(added), "translations"),
                                   DEFAULT_FIELDS)
            match.docs = docsets.union(match.docs, other.docs)
            for name in ("scored", "phrases", "translations"):
                getattr(match, name).extend(getattr(other, name))
            match.words |= other.words
            match.glosses.update(other.glosses)

    def phrase_terms(self, terms, fieldname, slop):
        """Docs with the words side by side, or within `slop` words of each other.

        A phrase of common words is looked up in the `pairs` field (one term per
        adjacent pair, indexed only when both words are common, see analysis.is_paired);
        any other phrase has a rare word, whose short posting list makes Whoosh's own
        position check cheap, so it is checked that way, field by field."""
        fields = (fieldname,) if fieldname else DEFAULT_FIELDS
        pairs = [] if slop else pairs_of(list(terms))
        paired = bool(pairs) and len(pairs) == len(terms) - 1
        if paired and not fieldname:
            # The pairs field holds the pairs of text, headline and commentary, so a doc
            # with every pair has every word in those fields: the words' long posting
            # lists need not be read and intersected.
            docs = docsets.intersect(*(self.pair_docs(p) for p in pairs))
            match = Match(docs, scored=[term("pairs", p) for p in pairs], leaves=1)
            match.phrases.append(tuple(terms))
            return match
        parts = [self.terms_match([(f, t) for f in fields]) for t in terms]
        docs = docsets.intersect(*(p.docs for p in parts))
        if len(terms) == 1:
            match = parts[0]
            match.words.add(terms[0])
            return match
        if paired:      # a field's phrase: its words there, and their pairs anywhere
            docs = docsets.intersect(docs, *(self.pair_docs(p) for p in pairs))
            match = Match(docs, scored=[term("pairs", p) for p in pairs], leaves=1)
        else:
            if len(docs):
                docs = self.positions_match(terms, fields, slop)
            match = Match(docs, scored=[r for p in parts for r in p.scored], leaves=1)
        if slop:
            match.words.update(terms)
        else:
            match.phrases.append(tuple(terms))
        return match

    def positions_match(self, terms, fields, slop):
        """Docnums where the terms stand in order, at most `slop` words apart, in one of
        the `fields`: only the docs with every term in that field are checked
        (phrases.py)."""
        searching = self.ctx.searching
        found = []
        for fieldname in fields:
            candidates = docsets.intersect(
                *(docsets.of(searching.postings(fieldname, t).ids) for t in terms))
            if not len(candidates):
                continue
            positions_of = partial(self.term_positions, fieldname, terms)
            # Whoosh's slop counts positions: 1 means side by side.
            found.append(docsets.of(phrase_docs(candidates, positions_of, len(terms), slop + 1)))
        return docsets.union(*found)

    def term_positions(self, fieldname, terms, i, docs):
        return self.ctx.searching.positions(fieldname, terms[i], docs)

    def pair_docs(self, pair):
        return docsets.of(self.ctx.searching.postings("pairs", pair).ids)


def prune(node):
    """The tree without words that analyze to nothing (stop words), nested ANDs (and ORs)
    flattened; None if nothing is left."""
    if isinstance(node, (Word, Phrase)):
        if node.field == "authors" or getattr(node, "prefix", False) or getattr(node, "fuzzy", 0):
            return node
        return node if analyzed_terms(node.text) else None
    if isinstance(node, (And, Or)):
        items = []
        for item in (prune(i) for i in node.items):
            if isinstance(item, type(node)):     # (a b) c is a b c; (a OR b) OR c alike
                items.extend(item.items)
            elif item is not None:
                items.append(item)
        if not items:
            return None
        return items[0] if len(items) == 1 else type(node)(tuple(items))
    if isinstance(node, Not):
        inner = prune(node.item)
        return Not(inner) if inner is not None else None
    return node


def combine(parts, docs):
    merged = Match(docs)
    for part in parts:
        merged.scored += part.scored
        merged.words |= part.words
        merged.phrases += part.phrases
        merged.variants += part.variants
        merged.scripts |= part.scripts
        merged.translations += part.translations
        merged.glosses.update(part.glosses)
    return merged


def add_variant(match, spelling, other):
    """Widen `match` by what a variant spelling matched, remembering the spelling."""
    if len(other.docs):
        match.docs = docsets.union(match.docs, other.docs)
        match.scored += other.scored
        match.phrases += other.phrases
        match.words |= other.words
        match.variants.append((spelling, other.docs))
        match.scripts |= other.scripts
