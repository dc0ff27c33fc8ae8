"""Issue 18: each registered demand gets a local number (0013), then the constraints of both numbers."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Q


def renumeroter(apps, schema_editor):
    Demande = apps.get_model("demandes", "Demande")
    TransitionDemande = apps.get_model("demandes", "TransitionDemande")
    prefixe = settings.CASA_PREFIXE_NUMERO_LOCAL
    journal = []
    with schema_editor.connection.cursor() as cursor:
        for demande in Demande.objects.exclude(numero=None).order_by("date_enregistrement", "pk").iterator():
            cursor.execute("SELECT nextval('demandes_numero_local_seq')")
            (sequence,) = cursor.fetchone()
            ancien = demande.numero
            annee = (demande.date_enregistrement or demande.date_depot).year
            demande.numero = f"{prefixe}-{annee}-{sequence:06d}"
            demande.save(update_fields=["numero"])
            journal.append(
                TransitionDemande(
                    demande=demande,
                    de=demande.etat,
                    vers=demande.etat,
                    motif=f"Numéro local {demande.numero} (ancien numéro {ancien}, donné ici hors du SNE)",
                )
            )
    TransitionDemande.objects.bulk_create(journal, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("demandes", "0014_index_et_historique_des_numeros")]

    operations = [
        migrations.RunPython(renumeroter, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="demande",
            constraint=models.CheckConstraint(
                condition=Q(numero__isnull=True) | Q(numero__regex="^[A-Z]{2,10}-[0-9]{4}-[0-9]{6,8}$"),
                name="demande_numero_local",
            ),
        ),
        migrations.AddConstraint(
            model_name="demande",
            constraint=models.CheckConstraint(
                condition=Q(nur__isnull=True) | Q(nur__regex="^[0-9A-Z]{18}$"), name="demande_nur_18"
            ),
        ),
    ]
