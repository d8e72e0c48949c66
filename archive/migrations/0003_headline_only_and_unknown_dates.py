"""Headline-only articles, and "unknown" as the precision of an article without a date."""
from django.db import migrations, models


def undated_is_unknown(apps, schema_editor):
    # Before, an undated article was stored with the precision "day", which it never had.
    Article = apps.get_model("archive", "Article")
    Article.objects.filter(published__isnull=True).update(published_precision="unknown")


def undated_back_to_day(apps, schema_editor):
    Article = apps.get_model("archive", "Article")
    Article.objects.filter(published_precision="unknown").update(published_precision="day")


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_article_url_index")]

    operations = [
        migrations.AlterField(
            model_name="article", name="published_precision",
            field=models.CharField(
                choices=[("day", "day"), ("month", "month"), ("year", "year"), ("unknown", "unknown")],
                default="day", max_length=7),
        ),
        migrations.AddField(
            model_name="article", name="headline_only",
            field=models.BooleanField(
                default=False, help_text="The source gave a headline (and perhaps a lead) but no text: "
                "the body holds the headline and lead, so that the article can be found and cited."),
        ),
        migrations.RunPython(undated_is_unknown, undated_back_to_day),
    ]
