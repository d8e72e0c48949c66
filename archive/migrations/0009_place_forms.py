"""Places' regions and adjectives in the spelling variants (issue 22).

The shipped table (search/engine/data/variants.tsv) now has lines of the kinds "region of
PLACE" and "adjective of PLACE": forms of a place that a search for it finds and that
count for it among the places. A new archive gets them from 0005, which loads the whole
table as it is when it runs; an archive made before gets them here: each form line the
archive does not hold yet is added, and the region line it replaces (the same region
under the kind "region", as 0005 shipped it) takes its kind and spellings, unless an
archivist changed that line (then it stays, and the new line is added beside it). The
table is read as text, as in 0005.
"""
import re
from pathlib import Path

from django.db import migrations, models

TABLE = Path(__file__).resolve().parents[2] / "search" / "engine" / "data" / "variants.tsv"
FORM_KIND = re.compile(r"^\w+ of \S")
# The region lines as 0005 shipped them, replaced by the "region of PLACE" lines.
REPLACED = """\
Kharkivshchyna	Kharkivska oblast	Kharkiv oblast	Kharkov oblast	Kharkiv region
Kyivshchyna	Kyivska oblast	Kyiv oblast	Kiev oblast	Kyiv region
Donetsk oblast	Donetska oblast	Donetsk region
Luhansk oblast	Luhanska oblast	Lugansk oblast	Luhansk region	Lugansk region
Zaporizhzhia oblast	Zaporizka oblast	Zaporozhye oblast	Zaporizhzhia region	Zaporozhye region
Kherson oblast	Khersonska oblast	Kherson region	Khersonshchyna
Mykolaiv oblast	Mykolaivska oblast	Nikolaev oblast	Mykolaiv region
Odesa oblast	Odeska oblast	Odessa oblast	Odesa region	Odessa region
Dnipropetrovsk oblast	Dnipropetrovska oblast	Dnepropetrovsk oblast	Dnipropetrovsk region
Sumy oblast	Sumska oblast	Sumy region
Chernihiv oblast	Chernihivska oblast	Chernigov oblast	Chernihiv region
Kursk oblast	Kursk region	Kurskaya oblast	uk:Курська область	ru:Курская область	uk:Курщина
Belgorod oblast	Belgorod region	Belgorodskaya oblast
Bryansk oblast	Bryansk region	Bryanskaya oblast
"""
OLD = {line.split("\t")[0]: "\n".join(line.split("\t")) for line in REPLACED.splitlines()}


def form_lines():
    """(kind, spellings as the admin keeps them) of the table's form lines."""
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        kind, *spellings = [part.strip() for part in line.split("\t")]
        if FORM_KIND.match(kind):
            yield kind, "\n".join(s for s in spellings if s)


def add_forms(apps, schema_editor):
    VariantGroup = apps.get_model("archive", "VariantGroup")
    for kind, spellings in form_lines():
        if VariantGroup.objects.filter(kind=kind).exists():
            continue        # a new archive: 0005 loaded it
        old = OLD.get(spellings.split("\n")[0])
        replaced = old and VariantGroup.objects.filter(kind="region", spellings=old).first()
        if replaced:
            replaced.kind, replaced.spellings = kind, spellings
            replaced.save()
        else:
            VariantGroup.objects.create(kind=kind, spellings=spellings)


def remove_forms(apps, schema_editor):
    VariantGroup = apps.get_model("archive", "VariantGroup")
    for group in VariantGroup.objects.filter(kind__contains=" of "):
        old = OLD.get(group.spellings.split("\n")[0])
        if old and group.kind.startswith("region of "):
            group.kind, group.spellings = "region", old
            group.save()
        else:
            group.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0008_lexicon_concepts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="variantgroup",
            name="kind",
            field=models.CharField(
                help_text="person, city, region, river, country, term, war or spelling; "
                "'region of Kharkiv' or 'adjective of Kharkiv' for forms of the place spelled "
                "Kharkiv (a search for the place finds them, and they count for it among the "
                "places).", max_length=40),
        ),
        migrations.RunPython(add_forms, remove_forms),
    ]
