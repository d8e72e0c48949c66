"""Places' forms in the archive's spelling variants: the migration that brings them to an
archive made before them, and a form an archivist adds in the admin.
(How the engine uses them: tests/engine/test_place_forms.py.)"""
import io

import pytest
from django.core.management import call_command

from archive.models import VariantGroup
from tests.search_archive import article, index, run

OLD_KYIV = "Kyivshchyna\nKyivska oblast\nKyiv oblast\nKiev oblast\nKyiv region"


def migrate(target):
    call_command("migrate", "archive", target, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_an_archive_made_before_gets_the_forms_and_keeps_an_archivists_edit(variant_table):
    forms = dict(VariantGroup.objects.filter(kind__contains=" of ").values_list("kind", "spellings"))
    kharkiv = VariantGroup.objects.get(kind="region of Kharkiv").pk
    migrate("0008")        # as 0005 left an archive: the region lines, no forms
    assert not VariantGroup.objects.filter(kind__contains=" of ").exists()
    assert VariantGroup.objects.get(pk=kharkiv).kind == "region"
    edited = VariantGroup.objects.get(kind="region", spellings=OLD_KYIV)
    edited.spellings += "\nKyiv Oblast (Ukraine)"       # an archivist's change
    edited.save()

    migrate("0009")

    assert dict(VariantGroup.objects.filter(kind__contains=" of ")
                .values_list("kind", "spellings")) == forms
    assert VariantGroup.objects.get(pk=kharkiv).kind == "region of Kharkiv"    # replaced in place
    assert VariantGroup.objects.get(pk=edited.pk).kind == "region"             # kept beside
    assert not VariantGroup.objects.filter(kind="region", spellings__startswith="Kharkivshchyna")


@pytest.mark.django_db
def test_a_form_added_in_the_admin_counts_from_the_next_search(admin_client):
    article("Бои", "Бои продолжаются в Бахмутском районе.")
    article("Bakhmut", "Fighting in Bakhmut went on.")
    index()
    assert {r.article.headline for r in run("Bakhmut").results} == {"Bakhmut"}
    admin_client.post("/admin/archive/variantgroup/add/", {
        "kind": "district of Bakhmut", "spellings": "ru:Бахмутский район\nBakhmut district"})
    assert {r.article.headline for r in run("Bakhmut").results} == {"Bakhmut", "Бои"}
    assert "Бахмутский район (district of Bakhmut)" in run("Bakhmut").variants_used
    places = {e.slug: e.count for e in run("").facets.places}
    assert places["bakhmut"] == 2
