"""The rebuild's writer (search/index/bulk_writer.py) indexes exactly what Whoosh's own
SegmentWriter indexes, so a rebuilt index answers every search as before."""
import pytest
from whoosh import index as whoosh_index

from archive.models import Article
from search.index.bulk_writer import BulkWriter
from search.index.rows import documents_for
from search.index.schema import build_schema
from tests.search_archive import article, comment

pytestmark = pytest.mark.django_db


def archive():
    first = article("Drones over Kharkiv", "Drones hit Kharkiv again, and again, on Tuesday.",
                    "The Prime Minister said the Prime Minister's office would respond.",
                    # long enough that Whoosh stores its length rounded (one byte per length)
                    " ".join(f"Shelling near village {n} of the Kharkiv region." for n in range(40)),
                    authors="Olena Petrenko, John Smith")
    comment(first, "Compare the Prime Minister's statement of May.", paragraph=1)
    comment(first, "Part of a series on drone attacks.")
    article("Обстріл Харкова", "Російські війська обстріляли Харків у вівторок.",
            "Харкові знову немає світла.", outlet_name="Ukrainska Pravda")
    article("Удар по Курску", "Курская область снова под ударом.", outlet_name="Meduza")
    article("A headline alone", published=None)
    for n in range(30):     # common terms with more postings than a block holds (128)
        article(f"Update {n} on the Kharkiv region", *(
            f"Air defence in the Kharkiv region shot down {k} drones overnight." for k in range(5)))
    return sorted(Article.objects.values_list("id", flat=True))


def written(folder, new_writer, article_ids):
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = new_writer(ix)
    for doc in documents_for(article_ids):
        writer.add_document(**doc)
    writer.commit()
    return ix.reader()


def contents(reader):
    """Everything searches read: postings and their statistics, field lengths, stored
    fields and columns, in document order."""
    postings = []
    for field in sorted(reader.indexed_field_names()):
        for term in reader.lexicon(field):
            info = reader.term_info(field, term)
            postings.append((field, term, info.weight(), info.doc_frequency(),
                             info.min_length(), info.max_length(), info.max_weight(),
                             _postings(reader.postings(field, term))))
    docs = range(reader.doc_count_all())
    schema = reader.schema
    lengths = {name: [reader.doc_field_length(d, name) for d in docs]
               for name, field in schema.items() if field.scorable}
    columns = {name: list(reader.column_reader(name))
               for name, field in schema.items() if field.column_type}
    return postings, lengths, columns, [reader.stored_fields(d) for d in docs]


def _postings(matcher):
    """Each posting with the statistics of its block (what quality skipping reads)."""
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value(),
                      matcher.block_min_id(), matcher.block_max_id(), matcher.block_min_length(),
                      matcher.block_max_length(), matcher.block_max_weight()))
        matcher.next()
    return found


def test_it_writes_the_index_whooshs_own_writer_writes(tmp_path):
    ids = archive()
    ours = written(tmp_path / "bulk", BulkWriter, ids)
    whooshs = written(tmp_path / "own", lambda ix: ix.writer(), ids)
    assert ours.doc_count_all() == whooshs.doc_count_all() == 34 + 156   # article documents, paragraphs
    assert contents(ours) == contents(whooshs)
