"""The outbox becomes a change log that every host's index follows (rows are kept until
every index has applied them), and each index registers itself."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel("IndexOutbox", "IndexChange"),
        migrations.AlterModelOptions(
            name="indexchange",
            options={"ordering": ["id"], "verbose_name": "index change log row"},
        ),
        migrations.CreateModel(
            name="IndexReplica",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(help_text="INDEX_NAME of its host", max_length=200, unique=True)),
                ("position", models.BigIntegerField(default=0, help_text="every log row up to here is applied")),
                ("generation", models.CharField(blank=True, max_length=40)),
                ("last_drain", models.DateTimeField(blank=True, null=True)),
            ],
            options={"verbose_name": "index replica", "ordering": ["name"]},
        ),
        migrations.CreateModel(
            name="ChangeLogPruned",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("through", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "change log horizon"},
        ),
    ]
