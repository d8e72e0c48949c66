from django.db import migrations, models


class Migration(migrations.Migration):
    # No token is given here: the first drain or build gives one (changelog.epoch), and
    # indexes built before it adopt it (a cursor without an epoch follows any).

    dependencies = [
        ('search', '0004_reference_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='changelogpruned',
            name='epoch',
            field=models.CharField(blank=True, default='', max_length=32),
        ),
    ]
