"""A saved search keeps its SearchRequest as the search service stores one (versioned
JSON, search/service/stored.py), which may be longer than the query string it kept
before; rows saved before keep their query string, which still loads."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("saved", "0001_saved_searches"),
    ]

    operations = [
        migrations.AlterField(
            model_name="savedsearch",
            name="parameters",
            field=models.TextField(blank=True, help_text="The search, as the search service keeps one (versioned JSON, search/service/stored.py); searches saved before: the search page's query string, e.g. '?q=kursk&outlet=reuters'."),
        ),
    ]
