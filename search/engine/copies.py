"""Copies in the archive: near-duplicate paragraph clusters, boilerplate, syndicated articles.

Built from the `copies` column (search/index/signatures.py: an exact fingerprint and 32
MinHash values per paragraph) once per index generation, on numpy arrays, so folding
and counting copies costs what a facet costs and an edit changes the clusters of what
it touched without a rebuild.

Clusters. Paragraphs with the same exact fingerprint are one text. Distinct texts are
"nearly the same" when their shingles' Jaccard similarity is at least NEAR (0.7: one or
two words changed in a 30-word paragraph, "said on Tuesday" against "said Tuesday",
a credit line added). A paragraph that is mostly one quoted statement is nearly the
same in every report quoting it: shown once on a page, but its reports are not folded
(folding.py folds only whole-article copies). Candidates come from locality-sensitive hashing,
BANDS bands of ROWS MinHash values each: a pair at Jaccard J shares a band with
probability 1 - (1 - J^4)^8, 0.89 at 0.7, 0.985 at 0.8, 0.40 at 0.5; each candidate is
then checked against its band's first text (at least NEAR of the 32 values equal), and
clusters are the connected components of the checked pairs.

Boilerplate. A cluster that reaches BOILERPLATE_ARTICLES articles of ONE outlet is that
outlet's boilerplate ("JOIN US ON TELEGRAM!", a subscription call, "Other Topics of
Interest"). Reporting does not repeat a paragraph in four of an outlet's own articles:
an update or a correction republishes a story once or twice, and wire copy spreads
over many outlets, one article each, which is syndication, not boilerplate. The
archivist's verdicts (search/models.py BoilerplateVerdict, handed in by the web layer)
override the rule either way, per outlet and cluster.

Syndicated articles. An article more than half of whose (non-boilerplate) paragraph
texts are in another article is a copy of it; the copies of one story are the connected
components of that relation (its "story").
"""
from dataclasses import dataclass
from functools import cached_property

import numpy

from .carried_copies import carry

NEAR = 0.7
BANDS, ROWS = 8, 4
BOILERPLATE_ARTICLES = 4
# A cluster in more articles than this says nothing about which two are copies (it is
# boilerplate, or a sentence everyone quotes); it is skipped when looking for stories.
STORY_SPREAD = 50
# From this many documents a new generation's first searches use carried copies (above):
# below it, finding them afresh costs less than a tenth of a second.
CARRY_FROM = 100_000
SPAN = 1 << 31        # an article pair as one int64: x * SPAN + y (pks below 2**31)
_BAND_MIX = numpy.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F,
                         0x165667B19E3779F9, 0x27D4EB2F165667C5], dtype=numpy.uint64)


@dataclass
class Clusters:
    """Near-duplicate clusters of one index generation (by docnum)."""
    cluster: numpy.ndarray     # cluster number, -1 for no text (article documents, deleted)
    key: numpy.ndarray         # by cluster number: its smallest exact fingerprint (uint64),
                               # the same in every generation while its texts stay the same
    order: numpy.ndarray       # docnums with a cluster, sorted by cluster
    start: numpy.ndarray       # by cluster number: where its docnums begin in `order`
    texts: numpy.ndarray       # the distinct exact fingerprints (uint64), sorted
    text_cluster: numpy.ndarray  # by text (index into `texts`): its cluster number

    def members(self, number):
        """The docnums of cluster `number`, in index order."""
        start = int(self.start[number])
        end = int(self.start[number + 1]) if number + 1 < len(self.start) else len(self.order)
        return self.order[start:end]


@dataclass
class Copies:
    clusters: Clusters
    boilerplate: numpy.ndarray    # by docnum: True for an outlet's boilerplate paragraph
    detected: numpy.ndarray       # by docnum: what the rule says, before the verdicts
    story: numpy.ndarray          # by article pk: the smallest pk of its copies (itself if none)

    def story_members(self, article):
        """The pks of the other copies of `article` (none when it has no copies),
        ascending: a page asks this of every result, so the stories are sorted once
        (scanning 110,000 articles a result cost a page 1 ms at a million paragraphs)."""
        if article >= len(self.story):
            return []
        order, labels = self._stories_sorted
        label = self.story[article]
        found = order[numpy.searchsorted(labels, label):numpy.searchsorted(labels, label, "right")]
        return [int(a) for a in found if a != article]

    @cached_property
    def _stories_sorted(self):
        order = numpy.argsort(self.story, kind="stable")     # equal stories in pk order
        return order, self.story[order]


def copies_for(s, verdicts=None):
    """The generation's Copies with the archivist's verdicts ({(outlet slug, exact
    fingerprint): is boilerplate}) applied; kept in the generation's memo "copies".

    Finding them costs seconds at a million paragraphs (clusters 2 s, boilerplate and
    stories 0.4 s), and every edit makes a new generation. So from CARRY_FROM documents
    on, a new generation's first searches get the previous generation's copies carried
    over (carried_copies.py: its segments' docnums moved, a new paragraph put in the
    cluster of its exact text), while the exact copies are found in the background; they
    replace the carried ones in the memo as soon as they are done."""
    verdicts = dict(verdicts or {})
    key = frozenset(verdicts.items())
    kept = s.memo("copies", limit=8, carry=True)
    found = kept.get(key)
    if found is not None:
        return found
    info, clusters = s.info, s.memo("clusters", limit=1)
    carried = _carried(s, kept, key, info) if info.doc_count >= CARRY_FROM else None
    if carried is None:
        return kept.get_or_make(key, lambda: exact_copies(clusters, info, verdicts))
    # the memos, not `s`, go to the background: its searcher is lent for this search only
    s.in_background("copies", key, lambda: exact_copies(clusters, info, verdicts))
    return carried


def exact_copies(clusters, info, verdicts):
    """The copies found afresh from the generation's columns (the clusters kept apart in
    the memo `clusters`, since the verdicts change without the index)."""
    found = _copies(info, clusters.get_or_make("clusters", lambda: find_clusters(info)),
                    verdicts)
    found._stories_sorted       # sorted here, in the background when it runs there
    return found


def _carried(s, kept, key, info):
    """The copies of the generation before this one, carried over to it (None when
    this process had none for these verdicts)."""
    before = s.earlier("copies")      # (DocInfo, {key: Copies}) of the generation before
    if before is None or key not in before[1]:
        return None
    earlier, copies = before[0], before[1][key]
    return kept.get_or_make(key, lambda: carry(earlier, copies, info))


def _copies(info, clusters, verdicts):
    detected = detect_boilerplate(info, clusters.cluster)
    boilerplate = apply_verdicts(info, clusters.cluster, detected, verdicts)
    return Copies(clusters, boilerplate, detected, find_stories(info, clusters.cluster, boilerplate))


# ---------------------------------------------------------------- clusters

def find_clusters(info):
    """Clusters of the live paragraphs: same exact fingerprint, or nearly the same text."""
    n = info.doc_count
    docs = numpy.flatnonzero(info.live_mask & ~info.is_article_array & (info.fingerprint != 0))
    texts, first, text_of_doc = numpy.unique(info.fingerprint[docs], return_index=True,
                                             return_inverse=True)
    chosen = docs[first]                             # one paragraph a text
    a, b = near_pairs(candidate_pairs(info.signatures, chosen),
                      lambda of_texts: info.signatures.minhash(chosen[of_texts]))
    label = components(len(texts), a, b)            # smallest text index of its component
    roots, number_of_text = numpy.unique(label, return_inverse=True)
    cluster = numpy.full(n, -1, dtype=numpy.int64)
    cluster[docs] = number_of_text[text_of_doc]
    order = numpy.argsort(cluster, kind="stable")[n - len(docs):]   # -1s sort first
    start = numpy.searchsorted(cluster[order], numpy.arange(len(roots)))
    return Clusters(cluster, texts[roots], order, start, texts, number_of_text)


def candidate_pairs(signatures, docs):
    """Each band's candidate pairs (band_candidates) among the texts whose paragraphs are
    `docs`, their keys made a segment at a time (`signatures.minhash_parts`).

    Finding the clusters held the whole table of MinHash rows and a transposed copy of
    it (122 MB each at a million texts): 335 MB at its peak, 152 MB since. A new
    generation's copies are found on top of a worker's full caches, and its heap keeps
    its peak (allocator.py): after an edit, a worker grew by 300 MB, now by 143."""
    keys = numpy.zeros((BANDS, len(docs)), dtype=numpy.uint64)
    for here, rows in signatures.minhash_parts(docs):
        keys[:, here] = band_keys(rows)
    return [band_candidates(band) for band in keys]


def near_pairs(candidates, rows_of):
    """(a, b) pairs of texts that are nearly the same: each band's `candidates` checked
    with their MinHash rows (`rows_of(texts)`: the rows of those texts, read once for
    the texts of every band's candidates: 427,105 of a million texts)."""
    paired = distinct(numpy.concatenate([numpy.zeros(0, dtype=numpy.int64),
                                         *(texts for pair in candidates for texts in pair)]))
    rows = rows_of(paired)
    needed = int(numpy.ceil(NEAR * rows.shape[1]))
    found_a, found_b = [numpy.zeros(0, dtype=numpy.int64)], [numpy.zeros(0, dtype=numpy.int64)]
    for a, b in candidates:
        near = (rows[numpy.searchsorted(paired, a)]
                == rows[numpy.searchsorted(paired, b)]).sum(axis=1) >= needed
        found_a.append(a[near])
        found_b.append(b[near])
    return numpy.concatenate(found_a), numpy.concatenate(found_b)


def band_candidates(keys):
    """(a, b) for one band's `keys` (one a text): each text whose key an earlier text
    has (a), and the first text with that key (b), which a is checked against."""
    order = shared_keys(keys)
    ordered = keys[order]
    leads = numpy.ones(len(order), dtype=bool)
    leads[1:] = ordered[1:] != ordered[:-1]
    run_start = numpy.maximum.accumulate(numpy.where(leads, numpy.arange(len(order)), 0))
    member = numpy.flatnonzero(~leads)
    return order[member], order[run_start[member]]


def band_keys(rows):
    """The BANDS keys of each MinHash row of `rows` (one row a text): a band's ROWS
    values mixed and xor-ed, a column at a time (a reduce along the table's short axis
    cost 60 ms a band at a million texts)."""
    keys = numpy.zeros((BANDS, len(rows)), dtype=numpy.uint64)
    for band in range(BANDS):
        for column, mix in zip(rows[:, band * ROWS:(band + 1) * ROWS].T, _BAND_MIX):
            keys[band] ^= column.astype(numpy.uint64) * mix
    return keys


def shared_keys(keys):
    """The indexes of the keys that another key equals, sorted by key, equal keys in
    index order. Most keys are distinct: counting them in a table of slots first leaves
    only those that share a slot to sort (a stable sort of all of them took 100 ms a
    band at a million texts)."""
    slots = max(4 * len(keys), 1)
    slot = (keys % numpy.uint64(slots)).astype(numpy.int64)
    crowded = numpy.flatnonzero(numpy.bincount(slot, minlength=slots)[slot] > 1)
    return crowded[numpy.argsort(keys[crowded], kind="stable")]


def components(count, a, b):
    """For each of `count` nodes, the smallest node of its connected component, the edges
    being (a[i], b[i]): roots hooked under the smaller root, then pointers jumped."""
    label = numpy.arange(count)
    while len(a):
        la, lb = label[a], label[b]
        if (la == lb).all():
            break
        low = numpy.minimum(la, lb)
        numpy.minimum.at(label, la, low)
        numpy.minimum.at(label, lb, low)
        while True:
            jumped = label[label]
            if (jumped == label).all():
                break
            label = jumped
    return label


# ---------------------------------------------------------------- boilerplate

def detect_boilerplate(info, cluster):
    """By docnum: the paragraph's cluster reaches BOILERPLATE_ARTICLES articles of its outlet."""
    docs, keys = _cluster_outlet_keys(info, cluster)
    pairs = _distinct_pairs(keys, info.article_array[docs])      # (cluster-outlet, article)
    spread_keys, spread = numpy.unique(pairs[0], return_counts=True)
    wide = spread_keys[spread >= BOILERPLATE_ARTICLES]
    mask = numpy.zeros(info.doc_count, dtype=bool)
    mask[docs[numpy.isin(keys, wide)]] = True
    return mask


def apply_verdicts(info, cluster, detected, verdicts):
    """The detected mask with the archivist's verdicts applied to their (outlet, cluster)."""
    if not verdicts:
        return detected
    codes = {slug: code for code, slug in enumerate(info.outlet_slugs)}
    docs, keys = _cluster_outlet_keys(info, cluster)
    mask = detected.copy()
    fingerprints = info.fingerprint[docs]
    for (slug, fingerprint), is_boilerplate in verdicts.items():
        code = codes.get(slug)
        having = docs[fingerprints == numpy.uint64(fingerprint)]
        if code is None or not len(having):
            continue
        key = int(cluster[having[0]]) * len(codes) + code
        mask[docs[keys == key]] = is_boilerplate
    return mask


def _distinct_pairs(first, second):
    """The distinct (first, second) pairs of two non-negative int arrays, sorted, as a
    2-row array (one number per pair: numpy.unique(axis=1) is ten times slower)."""
    span = int(second.max()) + 1 if len(second) else 1
    combined = distinct(first.astype(numpy.int64) * span + second)
    return numpy.stack([combined // span, combined % span])


def distinct(values):
    """The distinct values, sorted. numpy 2.4's plain numpy.unique hashes them, which is
    ten to sixteen times slower than sorting for mostly distinct integers (measured: 2.4 s
    against 0.15 s for a million)."""
    ordered = numpy.sort(values)
    return ordered[numpy.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def _cluster_outlet_keys(info, cluster):
    """Docnums with a cluster, and for each one number for its (cluster, outlet)."""
    docs = numpy.flatnonzero(cluster >= 0)
    outlets = info.outlet_array[docs].astype(numpy.int64)
    return docs, cluster[docs] * max(len(info.outlet_slugs), 1) + outlets


# ---------------------------------------------------------------- stories

def find_stories(info, cluster, boilerplate):
    """By article pk: the smallest pk among the articles it is a copy of (or of it)."""
    size = len(info.outlet_by_article)
    docs = numpy.flatnonzero((cluster >= 0) & ~boilerplate)
    pairs = _distinct_pairs(cluster[docs], info.article_array[docs])
    texts = numpy.bincount(pairs[1], minlength=size)       # distinct texts per article
    x, y, count = _shared_texts(pairs)
    copy = (2 * count > texts[x]) | (2 * count > texts[y])
    return components(size, x[copy], y[copy])


def _shared_texts(pairs):
    """(x, y, count) arrays: the article pairs x < y that share texts, and how many, over
    the clusters (distinct (cluster, article) `pairs`) found in 2 to STORY_SPREAD articles.
    Numpy throughout: the clusters of each size k are a k-column table, each pair of its
    columns a pair of articles (a Python loop took seconds at a million paragraphs)."""
    clusters, starts, spread = numpy.unique(pairs[0], return_index=True, return_counts=True)
    found = []
    for k in numpy.unique(spread[(spread > 1) & (spread <= STORY_SPREAD)]).tolist():
        first = starts[spread == k]
        table = pairs[1][first[:, None] + numpy.arange(k)]        # one row per cluster
        i, j = numpy.triu_indices(k, 1)
        found.append(table[:, i].ravel() * SPAN + table[:, j].ravel())
    if not found:
        empty = numpy.zeros(0, dtype=numpy.int64)
        return empty, empty, empty
    keys, count = numpy.unique(numpy.concatenate(found), return_counts=True)
    return keys // SPAN, keys % SPAN, count
