# The renewal made by the applicant in his space (portail/, issue 19): the demand's log says it with this flag, « par »
# empty (demandes/services/renouvellement.py, PAR_LE_DEMANDEUR).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("demandes", "0017_pieces_en_ligne_et_signalements"),
    ]

    operations = [
        migrations.AddField(
            model_name="transitiondemande",
            name="par_le_demandeur",
            field=models.BooleanField(
                default=False,
                help_text="Fait par le demandeur (ou le co-demandeur) lui-même dans son espace (portail/), sans agent : "
                "« par » est alors vide. Un renouvellement en ligne part au SNE comme celui d'un guichet.",
                verbose_name="par le demandeur, en ligne",
            ),
        ),
    ]
