"""The shipped spelling variants made "Kakhovka dam" a spelling of "Kakhovka reservoir":
a search for the dam's destruction ranked the shelling of the reservoir's shores above it
(issue 26). A dam is not its reservoir: the spelling leaves the group in archives made
before (0005 loaded the table as it was; a new archive loads it without the line).
Only the line "Kakhovka dam" of a group that also holds "Kakhovka reservoir" goes; an
archivist's other edits stay, and a group left with one spelling is deleted (it would
join nothing)."""
from django.db import migrations

DAM, RESERVOIR = "kakhovka dam", "kakhovka reservoir"


def drop_the_dam(apps, schema_editor):
    VariantGroup = apps.get_model("archive", "VariantGroup")
    for group in VariantGroup.objects.filter(spellings__icontains="kakhovka dam"):
        lines = [line.strip() for line in group.spellings.splitlines() if line.strip()]
        if RESERVOIR not in (line.lower() for line in lines):
            continue
        kept = [line for line in lines if line.lower() != DAM]
        if len(kept) > 1:
            group.spellings = "\n".join(kept)
            group.save(update_fields=["spellings", "updated"])
        else:
            group.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0009_place_forms"),
    ]

    operations = [
        migrations.RunPython(drop_the_dam, migrations.RunPython.noop),
    ]
