"""Language per article and per paragraph (detected for the articles already stored)."""
from django.db import migrations, models


def detect_existing(apps, schema_editor):
    from search.text.detection import detect, detect_paragraph

    Article = apps.get_model("archive", "Article")
    Chunk = apps.get_model("archive", "Chunk")
    for article in Article.objects.only("id", "headline", "body").iterator(chunk_size=500):
        language = detect(f"{article.headline}\n\n{article.body}")
        Article.objects.filter(id=article.id).update(language=language)
        chunks = list(Chunk.objects.filter(article_id=article.id).only("id", "text"))
        for chunk in chunks:
            chunk.language = detect_paragraph(chunk.text, language)
        Chunk.objects.bulk_update(chunks, ["language"])


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0006_removed_paragraphs"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="language",
            field=models.CharField(
                blank=True, db_index=True, max_length=8,
                help_text="ISO 639-1 code of the article's language (en, uk, ru...). Left empty, it is "
                "detected from the text when the article is saved; set it to override the detection."),
        ),
        migrations.AddField(
            model_name="chunk",
            name="language",
            field=models.CharField(
                blank=True, editable=False, max_length=8,
                help_text="Detected from the paragraph in the light of its article's language."),
        ),
        migrations.RunPython(detect_existing, migrations.RunPython.noop),
    ]
