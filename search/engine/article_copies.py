"""What the index knows of one article's copies, for its page and the copies list.

    article_copies(s, article, verdicts)    each paragraph's cluster, boilerplate flag and
                                            other articles; the article's syndicated copies
                                            with the paragraphs each lacks
    paragraph_copies(s, chunk, verdicts)    the other paragraphs of a paragraph's cluster
"""
import numpy

from ..types import ArticleCopies, BoilerplateBlock, CopyDifference, ParagraphCopies
from .copies import copies_for


def article_docs(s, article):
    """The live paragraph docnums of an article, in index (text) order."""
    info = s.info
    return numpy.flatnonzero((info.article_array == article) & ~info.is_article_array
                             & info.live_mask).tolist()


def article_copies(s, article, verdicts=None):
    copies = copies_for(s, verdicts)
    clusters, info = copies.clusters, s.info
    found = ArticleCopies()
    mine = article_docs(s, article)
    for d in mine:
        number = int(clusters.cluster[d])
        others = [] if number < 0 else sorted(
            set(info.article_array[clusters.members(number)].tolist()) - {article})
        chunk = s.chunk_of(d)
        found.paragraphs[chunk] = ParagraphCopies(
            chunk, int(clusters.key[number]) if number >= 0 else 0,
            bool(copies.boilerplate[d]), others)
    for other in copies.story_members(article):
        theirs = article_docs(s, other)
        here = {int(clusters.cluster[d]) for d in mine}
        there = {int(clusters.cluster[d]) for d in theirs}
        found.copies.append(CopyDifference(
            other,
            [s.chunk_of(d) for d in mine
             if clusters.cluster[d] not in there and not copies.boilerplate[d]],
            [s.chunk_of(d) for d in theirs
             if clusters.cluster[d] not in here and not copies.boilerplate[d]]))
    return found


def paragraph_copies(s, chunk, verdicts=None):
    """[(article pk, chunk pk)] of the other paragraphs in the cluster of paragraph
    `chunk`, in index order ([] when the index does not know it)."""
    d = s.docnum_of_chunk(chunk)
    if d is None:
        return []
    clusters = copies_for(s, verdicts).clusters
    number = int(clusters.cluster[d])
    if number < 0:
        return []
    info = s.info
    return [(int(info.article_array[m]), s.chunk_of(m))
            for m in clusters.members(number).tolist() if m != d]


def boilerplate_blocks(s, verdicts=None):
    """Every (cluster, outlet) that is detected as boilerplate or is by a verdict, the
    widest first."""
    copies = copies_for(s, verdicts)
    info, cluster = s.info, copies.clusters.cluster
    docs = numpy.flatnonzero(copies.detected | copies.boilerplate)
    blocks = {}
    for d in docs.tolist():
        key = (int(cluster[d]), int(info.outlet_array[d]))
        if key not in blocks:
            blocks[key] = [d, set()]
        blocks[key][1].add(int(info.article_array[d]))
    found = [BoilerplateBlock(info.outlet_slugs[outlet], s.chunk_of(first),
                              int(info.fingerprint[first]), len(articles),
                              bool(copies.detected[first]), bool(copies.boilerplate[first]))
             for (_, outlet), (first, articles) in blocks.items()]
    return sorted(found, key=lambda b: (b.outlet, -b.articles, b.chunk))
