"""One account per e-mail address, confirmed by its owner before any alert is sent.

Accounts that share an address (in any case) keep it on one of them: a staff account
first, else the oldest (the first to claim it; none was ever confirmed). The others'
address is taken off and kept in Reader.set_aside_email, so nothing is lost and an
administrator can see which they were. Then a unique index on the lower-cased address
(empty addresses apart) keeps it so, whatever writes the table: forms, the admin, races.

No address is confirmed yet: `send_alerts` asks each reader with alerts to confirm theirs
(archive/saved/verification.py), once a week at most, until they do.

The cache table of the rate limits (settings.CACHES["limits"], the database's by default)
is created here too, so a new database needs nothing but `migrate`.
"""
import django.db.models.deletion
from django.conf import settings
from django.core.management import call_command
from django.db import migrations, models
from django.db.models.functions import Lower

UNIQUE_INDEX = "saved_user_email_unique"


def set_duplicates_aside(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Reader = apps.get_model("saved", "Reader")
    users = (User.objects.exclude(email="").annotate(address=Lower("email"))
             .order_by("address", "-is_staff", "date_joined", "pk"))
    kept = set()
    for user in users:
        if user.address not in kept:
            kept.add(user.address)
            continue
        Reader.objects.update_or_create(user=user, defaults={"set_aside_email": user.email})
        User.objects.filter(pk=user.pk).update(email="")


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):

    dependencies = [
        ('saved', '0002_saved_search_stored_request'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Reader',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('verified_email', models.EmailField(blank=True, help_text="The address its owner confirmed through the link e-mailed to it, in lower case; alerts are sent only while it is the account's address.", max_length=254)),
                ('verified_at', models.DateTimeField(blank=True, null=True)),
                ('verification_sent_at', models.DateTimeField(blank=True, help_text='When the last link to confirm it was e-mailed.', null=True)),
                ('set_aside_email', models.EmailField(blank=True, help_text='An address this account shared with an older one, taken off it when each address became one account\'s (migration saved.0003); the older account kept it.', max_length=254)),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='reader', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.RunPython(set_duplicates_aside, migrations.RunPython.noop),
        migrations.RunSQL(
            f"CREATE UNIQUE INDEX {UNIQUE_INDEX} ON auth_user (LOWER(email)) WHERE email <> ''",
            f"DROP INDEX {UNIQUE_INDEX}"),
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop),
    ]
