"""One notion of the co-applicant (issue 14): the old link « Conjoint, partenaire de PACS ou concubin » becomes the
co-applicant of a couple when the household has none (and the demand is then a couple); otherwise (a household that
had both) the partner who is not the co-applicant becomes « Autre personne ». Reversible only as a no-op."""

from django.db import migrations


def conjoint_vers_co_demandeur(apps, schema_editor):
    Personne = apps.get_model("demandes", "Personne")
    Demande = apps.get_model("demandes", "Demande")
    for p in Personne.objects.filter(lien="CONJOINT").order_by("demande_id", "ordre", "pk"):
        if Personne.objects.filter(demande_id=p.demande_id, lien="CO_DEMANDEUR").exists():
            p.lien = "AUTRE"
            p.save(update_fields=["lien"])
        else:
            p.lien = "CO_DEMANDEUR"
            p.save(update_fields=["lien"])
            Demande.objects.filter(pk=p.demande_id).update(vit_en_couple=True)


class Migration(migrations.Migration):
    dependencies = [("demandes", "0009_cycle_de_vie")]

    operations = [migrations.RunPython(conjoint_vers_co_demandeur, migrations.RunPython.noop)]
